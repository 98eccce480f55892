import { maxVersion, minVersion, type KubeVersion } from '../version/index.js';
import type { ClusterSnapshot, NodeSnapshot } from './cluster-snapshot.js';

export function controlPlaneNodes(cluster: ClusterSnapshot): NodeSnapshot[] {
  return cluster.nodes.filter((n) => n.role === 'control-plane');
}

/** The cluster's version as kubeadm reports it: the newest kube-apiserver. */
export function clusterVersion(cluster: ClusterSnapshot): KubeVersion | undefined {
  return maxVersion(controlPlaneNodes(cluster).flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver] : [])));
}

/** The oldest kube-apiserver: what every client must be compatible with. */
export function oldestApiserver(cluster: ClusterSnapshot): KubeVersion | undefined {
  return minVersion(controlPlaneNodes(cluster).flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver] : [])));
}

/**
 * Control-plane nodes a kubeadm upgrade left behind: their kube-apiserver is a minor older than
 * the newest one (the skew policy allows one minor between HA instances), so the hop that the
 * others made is not finished on them.
 */
export function laggingControlPlanes(cluster: ClusterSnapshot): NodeSnapshot[] {
  const newest = clusterVersion(cluster);
  if (!newest) return [];
  return controlPlaneNodes(cluster).filter((n) => n.controlPlane !== undefined && n.controlPlane.apiserver.minor < newest.minor);
}
