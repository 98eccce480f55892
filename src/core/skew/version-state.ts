import type { ClusterSnapshot, NodeRole } from '../cluster/index.js';
import type { KubeVersion } from '../version/index.js';

// The versions that the skew rules look at, and nothing else. The planner builds one of these
// for every moment of a plan, so the same rules judge the live cluster and the plan.

export interface ControlPlaneState {
  readonly node: string;
  readonly apiserver: KubeVersion;
  readonly controllerManager: KubeVersion;
  readonly scheduler: KubeVersion;
}

export interface NodeVersionState {
  readonly node: string;
  readonly role: NodeRole;
  readonly kubelet: KubeVersion;
  readonly kubeProxy?: KubeVersion;
  readonly kubeadm?: KubeVersion;
  readonly kubectl?: KubeVersion;
}

export interface VersionState {
  readonly controlPlane: readonly ControlPlaneState[];
  readonly nodes: readonly NodeVersionState[];
  /** The operator's kubectl. */
  readonly kubectl?: KubeVersion;
}

export function versionStateOf(cluster: ClusterSnapshot): VersionState {
  const controlPlane: ControlPlaneState[] = [];
  const nodes: NodeVersionState[] = [];
  for (const n of cluster.nodes) {
    if (n.controlPlane) {
      controlPlane.push({
        node: n.name,
        apiserver: n.controlPlane.apiserver,
        controllerManager: n.controlPlane.controllerManager,
        scheduler: n.controlPlane.scheduler,
      });
    }
    const kubeProxy = n.kubeProxy ?? cluster.addons.kubeProxy;
    nodes.push({
      node: n.name,
      role: n.role,
      kubelet: n.kubelet,
      ...(kubeProxy ? { kubeProxy } : {}),
      ...(n.kubeadm ? { kubeadm: n.kubeadm } : {}),
      ...(n.kubectl ? { kubectl: n.kubectl } : {}),
    });
  }
  return { controlPlane, nodes, ...(cluster.kubectl ? { kubectl: cluster.kubectl } : {}) };
}
