import type { WorkloadSnapshot } from './cluster-snapshot.js';

// The workloads kubeadm itself installs in kube-system, so that their pods exist, get drained and
// are rescheduled like any other: the kube-proxy DaemonSet and the CoreDNS Deployment (two
// replicas, tolerating the control-plane taint, no PodDisruptionBudget). A workload of the same
// kind and name in the file replaces the built-in one.

const KUBE_PROXY: WorkloadSnapshot = {
  kind: 'DaemonSet',
  namespace: 'kube-system',
  name: 'kube-proxy',
  replicas: 0,
  labels: { 'k8s-app': 'kube-proxy' },
  // kube-proxy has no requests and tolerates every taint: it must run on every node.
  template: { requests: { cpuMillis: 0, memoryBytes: 0 }, emptyDir: false, nodeSelector: {}, tolerations: [{ operator: 'Exists' }] },
};

const COREDNS: WorkloadSnapshot = {
  kind: 'Deployment',
  namespace: 'kube-system',
  name: 'coredns',
  replicas: 2,
  labels: { 'k8s-app': 'kube-dns' },
  template: {
    requests: { cpuMillis: 100, memoryBytes: 70 * 2 ** 20 },
    emptyDir: false,
    nodeSelector: {},
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
    ],
  },
};

/** kube-proxy and CoreDNS first, then the given workloads. */
export function addKubeadmAddons(workloads: readonly WorkloadSnapshot[]): WorkloadSnapshot[] {
  const given = (addon: WorkloadSnapshot) =>
    workloads.some((w) => w.kind === addon.kind && w.namespace === addon.namespace && w.name === addon.name);
  return [...[KUBE_PROXY, COREDNS].filter((addon) => !given(addon)), ...workloads];
}
