import type { Finding } from '../findings.js';
import { formatMinor, formatVersion, maxVersion, type KubeVersion } from '../version/index.js';
import { kubeadmKubeletTolerance } from './skew-eras.js';
import type { VersionState } from './version-state.js';

// kubeadm's own rules, stricter than the Kubernetes policy and kept apart from it.

const v = formatVersion;

/**
 * What `kubeadm upgrade apply <target>` run with kubeadm `kubeadm` would refuse, given the
 * cluster as it is at that moment. Mandatory refusals are blocking; kubeadm's skippable ones
 * (lifted by its --force) are overridable.
 */
export function checkKubeadmApply(state: VersionState, target: KubeVersion, kubeadm: KubeVersion): Finding[] {
  const findings: Finding[] = [];
  const current = maxVersion(state.controlPlane.map((c) => c.apiserver));
  if (!current) return findings;
  const subject = `kubeadm upgrade apply ${v(target)}`;
  if (target.minor > current.minor + 1) {
    findings.push({
      code: 'KUBEADM_SKIPS_MINOR',
      severity: 'blocking',
      subject,
      message: `cannot upgrade the control plane from ${v(current)} to ${v(target)} in one step: kubeadm can upgrade only one minor at a time — go through ${formatMinor({ major: 1, minor: current.minor + 1 })} first`,
    });
  }
  if (target.minor < current.minor) {
    findings.push({
      code: 'KUBEADM_DOWNGRADE',
      severity: 'blocking',
      subject,
      message: `${v(target)} is older than the cluster's ${v(current)}: kubehop does not downgrade a control plane — restore from backup instead`,
    });
  }
  if (kubeadm.minor < target.minor) {
    findings.push({
      code: 'KUBEADM_OLDER_THAN_TARGET',
      severity: 'blocking',
      subject,
      message: `kubeadm ${v(kubeadm)} cannot upgrade to ${v(target)}: install kubeadm ${v(target)} first`,
    });
  } else if (kubeadm.minor === target.minor && kubeadm.patch < target.patch) {
    findings.push({
      code: 'KUBEADM_OLDER_PATCH_THAN_TARGET',
      severity: 'overridable',
      subject,
      message: `kubeadm ${v(kubeadm)} is an older patch than the target ${v(target)}: upgrade kubeadm to ${v(target)} first`,
    });
  } else if (kubeadm.minor > target.minor) {
    findings.push({
      code: 'KUBEADM_NEWER_THAN_TARGET',
      severity: 'overridable',
      subject,
      message: `kubeadm ${v(kubeadm)} can only be used to upgrade to ${formatMinor(kubeadm)}: install kubeadm ${v(target)} for this step`,
    });
  }
  const tolerance = kubeadmKubeletTolerance(kubeadm.minor);
  const tooOld = state.nodes.filter((n) => target.minor - n.kubelet.minor > tolerance);
  if (tooOld.length > 0) {
    const list = tooOld.map((n) => `${n.node} (${v(n.kubelet)})`).join(', ');
    findings.push({
      code: 'KUBEADM_KUBELETS_TOO_OLD',
      severity: 'overridable',
      subject,
      message: `kubeadm ${formatMinor(kubeadm)} refuses to upgrade to ${v(target)} while kubelets are more than ${tolerance} minor${tolerance === 1 ? '' : 's'} older: ${list} — upgrade them to at least ${formatMinor({ major: 1, minor: target.minor - tolerance })} first`,
    });
  }
  return findings;
}

/**
 * What `kubeadm upgrade node` with kubeadm `kubeadm` on `node` would break: a node steps its
 * kubeadm one minor at a time, and never past the control plane.
 */
export function checkKubeadmUpgradeNode(
  node: string,
  kubeadm: KubeVersion,
  lastManagedBy: KubeVersion,
  controlPlane: KubeVersion,
): Finding[] {
  const findings: Finding[] = [];
  const subject = `node/${node} kubeadm upgrade node`;
  if (kubeadm.minor > lastManagedBy.minor + 1) {
    findings.push({
      code: 'KUBEADM_NODE_SKIPS_MINOR',
      severity: 'blocking',
      subject,
      message: `kubeadm ${v(kubeadm)} on ${node} is more than one minor newer than kubeadm ${v(lastManagedBy)} that last managed it; step kubeadm through ${formatMinor({ major: 1, minor: lastManagedBy.minor + 1 })} first`,
    });
  }
  if (kubeadm.minor < lastManagedBy.minor) {
    findings.push({
      code: 'KUBEADM_NODE_DOWNGRADE',
      severity: 'blocking',
      subject,
      message: `kubeadm ${v(kubeadm)} on ${node} is older than kubeadm ${v(lastManagedBy)} that last managed it; install kubeadm ${formatMinor(lastManagedBy)} or newer`,
    });
  }
  if (kubeadm.minor > controlPlane.minor) {
    findings.push({
      code: 'KUBEADM_NODE_AHEAD_OF_CONTROL_PLANE',
      severity: 'blocking',
      subject,
      message: `kubeadm ${v(kubeadm)} on ${node} is newer than the control plane ${v(controlPlane)}; upgrade the control plane to ${formatMinor(kubeadm)} before this node`,
    });
  }
  return findings;
}

/**
 * kubeadm against the cluster as it stands: the kubelet beside each kubeadm, and whether the
 * kubelets would stop the next `kubeadm upgrade apply`.
 */
export function checkKubeadmState(state: VersionState): Finding[] {
  const findings: Finding[] = [];
  const current = maxVersion(state.controlPlane.map((c) => c.apiserver));
  for (const n of state.nodes) {
    if (!n.kubeadm) continue;
    if (n.kubelet.minor > n.kubeadm.minor) {
      findings.push({
        code: 'KUBELET_NEWER_THAN_KUBEADM',
        severity: 'overridable',
        subject: `node/${n.node} kubelet`,
        message: `kubelet ${v(n.kubelet)} on ${n.node} is newer than kubeadm ${v(n.kubeadm)} there; kubeadm supports kubelets of its own minor or older — install kubeadm ${formatMinor(n.kubelet)}`,
      });
      continue;
    }
    const tolerance = kubeadmKubeletTolerance(n.kubeadm.minor);
    if (n.kubeadm.minor - n.kubelet.minor > tolerance) {
      findings.push({
        code: 'KUBELET_TOO_OLD_FOR_KUBEADM',
        severity: 'overridable',
        subject: `node/${n.node} kubelet`,
        message: `kubelet ${v(n.kubelet)} on ${n.node} is ${n.kubeadm.minor - n.kubelet.minor} minors older than kubeadm ${v(n.kubeadm)}; kubeadm ${formatMinor(n.kubeadm)} supports kubelets up to ${tolerance} minor${tolerance === 1 ? '' : 's'} older — upgrade the kubelet`,
      });
    }
  }
  if (current) {
    const behind = state.controlPlane.filter((c) => c.apiserver.minor < current.minor);
    if (behind.length > 0) {
      const ahead = state.controlPlane.filter((c) => c.apiserver.minor === current.minor).map((c) => c.node);
      findings.push({
        code: 'FINISHES_INTERRUPTED_HOP',
        severity: 'info',
        subject: 'kube-apiserver',
        message: `the upgrade to ${formatMinor(current)} stopped half way: ${ahead.join(', ')} run${ahead.length === 1 ? 's' : ''} ${v(current)}, ${behind.map((c) => `${c.node} (${v(c.apiserver)})`).join(', ')} not yet — the plan finishes it first: kubeadm ${v(current)} and "kubeadm upgrade node" on ${behind.map((c) => c.node).join(', ')}, then their kubelets, before the next hop`,
      });
    }
    const next = current.minor + 1;
    const tolerance = kubeadmKubeletTolerance(next);
    const blockers = state.nodes.filter((n) => next - n.kubelet.minor > tolerance);
    if (blockers.length > 0) {
      findings.push({
        code: 'KUBELETS_BLOCK_NEXT_UPGRADE',
        severity: 'info',
        subject: 'kubelet',
        message: `kubeadm ${formatMinor({ major: 1, minor: next })} will refuse to upgrade the control plane while kubelets are older than ${formatMinor({ major: 1, minor: next - tolerance })}: ${blockers.map((n) => `${n.node} (${v(n.kubelet)})`).join(', ')} — the plan upgrades them first`,
      });
    }
  }
  return findings;
}
