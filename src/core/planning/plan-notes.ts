import { laggingControlPlanes, type ClusterSnapshot } from '../cluster/index.js';
import { FIRST_PKGS_MINOR, formatVersion, LEGACY_FROZEN_ON, type KubeVersion } from '../version/index.js';
import { nodesNeedingDrainFlags } from './plan-steps.js';
import type { PlanDrainOptions, PlanNote, WorkerStrategy } from './upgrade-plan.js';

/** What the operator must know or provide that the steps cannot do by themselves. */
export function planNotes(
  cluster: ClusterSnapshot,
  path: readonly KubeVersion[],
  strategy: WorkerStrategy,
  drain: PlanDrainOptions,
  drains: Readonly<Record<string, number>>,
): PlanNote[] {
  const notes: PlanNote[] = [];
  const { nodesWithEmptyDir, nodesWithUnmanaged } = nodesNeedingDrainFlags(cluster);
  const drained = (names: Set<string>) => [...names].filter((n) => (drains[n] ?? 0) > 0).sort();
  const emptyDir = drained(nodesWithEmptyDir);
  if (emptyDir.length > 0 && !drain.deleteEmptyDirData) {
    notes.push({
      code: 'DRAIN_NEEDS_EMPTYDIR_CONSENT',
      message: `pods with emptyDir volumes run on ${emptyDir.join(', ')}: their drain stops until you accept that this local data is lost — plan again with --delete-emptydir-data, or move that data to a volume that survives`,
    });
  }
  const unmanaged = drained(nodesWithUnmanaged);
  if (unmanaged.length > 0 && !drain.deleteUnmanagedPods) {
    notes.push({
      code: 'DRAIN_NEEDS_UNMANAGED_CONSENT',
      message: `pods that no controller owns run on ${unmanaged.join(', ')}: a drain deletes them for good, so it stops until you accept that — plan again with --delete-unmanaged-pods, or give them a controller`,
    });
  }
  const hops = path.slice(1);
  const lagging = laggingControlPlanes(cluster);
  const now = path[0];
  if (lagging.length > 0 && now && hops.length > 0) {
    notes.push({
      code: 'FINISHES_INTERRUPTED_HOP',
      message: `the control plane is caught mid-upgrade: ${lagging.map((n) => n.name).join(', ')} still run${lagging.length === 1 ? 's' : ''} an older kube-apiserver than ${formatVersion(now)} — the plan first finishes that hop on ${lagging.length === 1 ? 'it' : 'them'} ("kubeadm upgrade node" with kubeadm ${formatVersion(now)}, then the kubelet${lagging.length === 1 ? '' : 's'}), then goes on`,
    });
  }
  const legacyNodes = cluster.nodes.filter((n) => n.repository.era === 'legacy');
  const oldVersions = hops.filter((v) => v.minor < FIRST_PKGS_MINOR);
  if (legacyNodes.length > 0 && oldVersions.length > 0) {
    notes.push({
      code: 'PACKAGES_NOT_PUBLISHED',
      message: `packages for ${oldVersions.map(formatVersion).join(', ')} are no longer published by an official repository: the legacy apt.kubernetes.io / yum.kubernetes.io repositories were frozen on ${LEGACY_FROZEN_ON} and may be gone, and pkgs.k8s.io starts at v1.${FIRST_PKGS_MINOR}.0 — provide kubeadm, kubelet and kubectl at exactly these versions from a mirror of your own on ${legacyNodes.map((n) => n.name).join(', ')}`,
    });
  }
  const firstNew = hops.find((v) => v.minor >= FIRST_PKGS_MINOR);
  if (legacyNodes.length > 0 && firstNew) {
    notes.push({
      code: 'SWITCH_TO_PKGS_REPOSITORY',
      message: `${legacyNodes.map((n) => n.name).join(', ')} use the legacy package repository, which has nothing newer than its freeze on ${LEGACY_FROZEN_ON}: configure the pkgs.k8s.io repository for v1.${firstNew.minor} on them before the hop to ${formatVersion(firstNew)} (kubernetes.io: "Changing The Kubernetes Package Repository")`,
    });
  }
  const target = path[path.length - 1];
  if (cluster.kubectl && target && target.minor - cluster.kubectl.minor > 1) {
    notes.push({
      code: 'UPGRADE_YOUR_KUBECTL',
      message: `your kubectl ${formatVersion(cluster.kubectl)} must stay within one minor of the API server: upgrade it as the control plane moves (to ${formatVersion(target)} at the end)`,
    });
  }
  const early = hops.filter((v, i) => v.minor < 28 && v.minor > (path[i]?.minor ?? v.minor));
  if (early.length > 0 && cluster.nodes.filter((n) => n.role === 'control-plane').length > 1) {
    notes.push({
      code: 'KUBEADM_UPGRADES_KUBE_PROXY_EARLY',
      message: `kubeadm before v1.28 upgrades kube-proxy during "kubeadm upgrade apply" on the first control-plane node: until the other control-plane nodes follow (${early.map(formatVersion).join(', ')}), kube-proxy runs one minor ahead of their kube-apiserver — keep that window short`,
    });
  }
  if (strategy.kind === 'surge') {
    notes.push({
      code: 'SURGE_NEEDS_MACHINES',
      message: `surge replaces each worker by a new machine, ${strategy.maxSurge} at a time: "kubehop apply" needs ${strategy.maxSurge === 1 ? 'one spare machine' : `${strategy.maxSurge} spare machines`} (--spare-host NAME=ADDRESS; each freed worker becomes the next spare) or a command that creates them (--provision-command, with --decommission-command to destroy the freed ones) — see docs/surge.md`,
    });
  }
  if (strategy.kind === 'blue-green') {
    notes.push({
      code: 'BLUE_GREEN_NEEDS_MACHINES',
      message: `blue-green brings up a new machine for every worker of a round before it drains any: "kubehop apply" needs one spare machine per worker (--spare-host NAME=ADDRESS) or a --provision-command; the old pool is drained ${strategy.batch} at a time and removed only at the end, and a run that stops before then uncordons the old pool and removes the new nodes — see docs/surge.md`,
    });
  }
  if (strategy.kind === 'all-at-once') {
    notes.push({
      code: 'ALL_AT_ONCE_DOWNTIME',
      message: 'all-at-once drains every worker at the same time: workloads that run only on workers are down until the workers come back — use rolling for no downtime',
    });
  }
  if (cluster.etcd === 'external') {
    notes.push({ code: 'EXTERNAL_ETCD', message: 'etcd is external: kubeadm neither upgrades nor backs it up — take a snapshot of it before you start, and keep it at a version the target kube-apiserver supports' });
  }
  return notes;
}
