import type { KubeVersion } from '../version/index.js';
import type { NodeRole, Taint } from './cluster-snapshot.js';

// The labels and taints kubeadm puts on the nodes it sets up. kubeadm renamed "master" to
// "control-plane" in steps: the control-plane label joined the master label in v1.20, v1.24
// dropped the master label and added the control-plane taint, v1.25 dropped the master taint.

const MASTER = 'node-role.kubernetes.io/master';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

export function kubeadmNodeLabels(name: string, role: NodeRole, kubelet: KubeVersion): Record<string, string> {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
  if (role !== 'control-plane') return labels;
  if (kubelet.minor < 24) labels[MASTER] = '';
  if (kubelet.minor >= 20) labels[CONTROL_PLANE] = '';
  return labels;
}

export function kubeadmNodeTaints(role: NodeRole, kubelet: KubeVersion): Taint[] {
  if (role !== 'control-plane') return [];
  const taints: Taint[] = [];
  if (kubelet.minor >= 24) taints.push({ key: CONTROL_PLANE, effect: 'NoSchedule' });
  if (kubelet.minor < 25) taints.push({ key: MASTER, effect: 'NoSchedule' });
  return taints;
}
