import type { AppsV1Api, CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { coreDnsDeploymentOf, kubeadmConfigMapOf, kubeProxyDaemonSetOf, mirrorPodsOf } from './cluster-objects.js';
import type { ClusterState, NodeState } from './node-state.js';
import { isApiStatus } from './pod-keeper.js';

// Makes the API show what the emulated state says: kubeadm's objects for the cluster, and the
// mirror pods of a control-plane node (re-created, as the kubelet does, when the static pod's
// manifest changes).

export interface ClusterApis {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
}

const NS = 'kube-system';

/** kubeadm-config, the kube-proxy DaemonSet and the CoreDNS Deployment, created or brought in line. */
export async function syncClusterObjects({ core, apps }: ClusterApis, cluster: ClusterState, controlPlanes: readonly string[]): Promise<void> {
  const config = kubeadmConfigMapOf(cluster, controlPlanes);
  try {
    const current = await core.readNamespacedConfigMap({ name: 'kubeadm-config', namespace: NS });
    if (JSON.stringify(current.data) !== JSON.stringify(config.data)) {
      await core.replaceNamespacedConfigMap({ name: 'kubeadm-config', namespace: NS, body: { ...current, data: config.data ?? {} } });
    }
  } catch (error) {
    if (!isApiStatus(error, 404)) throw error;
    await core.createNamespacedConfigMap({ namespace: NS, body: config });
  }

  const proxy = kubeProxyDaemonSetOf(cluster);
  const proxyImage = proxy.spec?.template.spec?.containers[0]?.image;
  try {
    const current = await apps.readNamespacedDaemonSet({ name: 'kube-proxy', namespace: NS });
    const container = current.spec?.template.spec?.containers[0];
    if (container && container.image !== proxyImage) {
      container.image = proxyImage;
      await apps.replaceNamespacedDaemonSet({ name: 'kube-proxy', namespace: NS, body: current });
    }
  } catch (error) {
    if (!isApiStatus(error, 404)) throw error;
    await apps.createNamespacedDaemonSet({ namespace: NS, body: proxy });
  }

  const dns = coreDnsDeploymentOf(cluster);
  const dnsImage = dns.spec?.template.spec?.containers[0]?.image;
  try {
    const current = await apps.readNamespacedDeployment({ name: 'coredns', namespace: NS });
    const container = current.spec?.template.spec?.containers[0];
    if (container && container.image !== dnsImage) {
      container.image = dnsImage;
      await apps.replaceNamespacedDeployment({ name: 'coredns', namespace: NS, body: current });
    }
  } catch (error) {
    if (!isApiStatus(error, 404)) throw error;
    await apps.createNamespacedDeployment({ namespace: NS, body: dns });
  }
}

async function createMirrorPod(core: CoreV1Api, pod: V1Pod): Promise<V1Pod> {
  // A pod deleted with grace 0 is gone at once, but give the name a moment to come free.
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await core.createNamespacedPod({ namespace: NS, body: pod });
    } catch (error) {
      if (!isApiStatus(error, 409) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The node's mirror pods as its static pods are; returns the pods created (to be started).
 * A mirror pod whose image is not the manifest's is deleted and created anew.
 */
export async function syncMirrorPods(core: CoreV1Api, state: NodeState, nodeUid: string | undefined, log: (line: string) => void): Promise<V1Pod[]> {
  const created: V1Pod[] = [];
  for (const want of mirrorPodsOf(state, nodeUid)) {
    const name = want.metadata?.name ?? '';
    const image = want.spec?.containers[0]?.image;
    let current: V1Pod | undefined;
    try {
      current = await core.readNamespacedPod({ name, namespace: NS });
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
    }
    if (current && current.spec?.containers[0]?.image === image && !current.metadata?.deletionTimestamp) continue;
    if (current) {
      try {
        await core.deleteNamespacedPod({ name, namespace: NS, gracePeriodSeconds: 0 });
      } catch (error) {
        if (!isApiStatus(error, 404)) throw error;
      }
    }
    created.push(await createMirrorPod(core, want));
    log(`${current ? 're-created' : 'created'} mirror pod kube-system/${name} with ${image ?? ''}${current ? ` (was ${current.spec?.containers[0]?.image ?? ''})` : ''}`);
  }
  return created;
}

/** The names of the node's mirror pods that the API does not show as the state has them. */
export async function missingMirrorPods(core: CoreV1Api, state: NodeState): Promise<string[]> {
  const missing: string[] = [];
  for (const want of mirrorPodsOf(state, undefined)) {
    const name = want.metadata?.name ?? '';
    try {
      const current = await core.readNamespacedPod({ name, namespace: NS });
      if (current.spec?.containers[0]?.image !== want.spec?.containers[0]?.image || current.metadata?.deletionTimestamp) missing.push(name);
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
      missing.push(name);
    }
  }
  return missing;
}
