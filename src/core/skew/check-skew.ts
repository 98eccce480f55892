import type { ClusterSnapshot } from '../cluster/index.js';
import { sortFindings, type Finding } from '../findings.js';
import { checkKubeadmState } from './check-kubeadm-rules.js';
import { checkVersionSkew } from './check-version-skew.js';
import { versionStateOf } from './version-state.js';

/** Every skew finding for a cluster as observed: the Kubernetes policy, then kubeadm's rules. */
export function checkSkew(cluster: ClusterSnapshot): Finding[] {
  const state = versionStateOf(cluster);
  return sortFindings([...checkVersionSkew(state), ...checkKubeadmState(state)]);
}
