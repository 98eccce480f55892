import type { NodeSnapshot, PodSnapshot, Resources } from './cluster-snapshot.js';
import { stableUid } from './stable-hash.js';

// The mirror pods of the static pods kubeadm writes to /etc/kubernetes/manifests on each
// control-plane node, with the cpu/memory requests of kubeadm's manifests.

const COMPONENTS: readonly { name: string; requests: Resources; etcd?: true }[] = [
  { name: 'kube-apiserver', requests: { cpuMillis: 250, memoryBytes: 0 } },
  { name: 'kube-controller-manager', requests: { cpuMillis: 200, memoryBytes: 0 } },
  { name: 'kube-scheduler', requests: { cpuMillis: 100, memoryBytes: 0 } },
  { name: 'etcd', requests: { cpuMillis: 100, memoryBytes: 100 * 2 ** 20 }, etcd: true },
];

/** kube-apiserver-<node>, kube-controller-manager-<node>, kube-scheduler-<node> and, with local etcd, etcd-<node>. */
export function kubeadmStaticPods(node: NodeSnapshot, etcd: 'local' | 'external'): PodSnapshot[] {
  if (node.role !== 'control-plane') return [];
  return COMPONENTS.filter((c) => !c.etcd || etcd === 'local').map((c) => {
    const name = `${c.name}-${node.name}`;
    return {
      namespace: 'kube-system',
      name,
      uid: stableUid(`pod/kube-system/${name}`),
      node: node.name,
      owner: { kind: 'Node', name: node.name },
      phase: 'Running',
      ready: node.ready,
      labels: { component: c.name, tier: 'control-plane' },
      requests: c.requests,
      emptyDir: false,
      mirror: true,
    };
  });
}
