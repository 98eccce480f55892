import type { ClusterSnapshot } from '../cluster/index.js';
import { checkKubeadmApply, checkKubeadmUpgradeNode, checkVersionSkew, isKubeadmTransientProxySkew } from '../skew/index.js';
import { compareVersions, formatMinor, formatVersion, maxVersion, tryParseVersion, type KubeVersion } from '../version/index.js';
import { PlanReplay } from './replay-plan.js';
import type { PlanStep, UpgradePlan } from './upgrade-plan.js';

export type PlanValidation = { ok: true } | { ok: false; errors: string[] };

/**
 * Replays a plan against the cluster it was made for and enforces the invariants: the control
 * plane moves one minor per hop and ends at the target; nodes only take versions the control plane
 * has passed; no moment breaks the skew policy or kubeadm's rules; a kubelet changes minor only on
 * a drained node; every node ends at the target, none left cordoned. Messages are indexed.
 */
export function validatePlan(cluster: ClusterSnapshot, plan: UpgradePlan): PlanValidation {
  const errors: string[] = [];
  const replay = new PlanReplay(cluster);
  const to = tryParseVersion(plan.to);
  if (!to) return { ok: false, errors: [`plan: "to" is not a version: "${plan.to}"`] };

  const ids = new Set<string>();
  let hopIndex = 0;
  let hopFrom = maxVersion(replay.apiservers());
  plan.steps.forEach((step, i) => {
    const where = `step ${i + 1} (${step.id})`;
    if (ids.has(step.id)) errors.push(`${where}: duplicate step id`);
    ids.add(step.id);
    const node = replay.nodes.get(step.node);
    const version = tryParseVersion(step.version);
    if (!node) return void errors.push(`${where}: unknown node "${step.node}"`);
    if (!version) return void errors.push(`${where}: "${step.version}" is not a version`);

    if (step.action === 'kubeadm-apply') {
      hopIndex++;
      if (hopFrom && !isOneHop(hopFrom, version)) {
        errors.push(`hop ${hopIndex}: control plane must move from ${formatMinor(hopFrom)} to ${formatMinor({ major: 1, minor: hopFrom.minor + 1 })}, found ${formatVersion(version)}`);
      }
      const planned = plan.hops[hopIndex - 1];
      if (!planned || planned.version !== step.version) {
        errors.push(`hop ${hopIndex}: step applies ${step.version} but the plan lists ${planned ? planned.version : 'no such hop'}`);
      }
      hopFrom = version;
    }
    errors.push(...checkStep(replay, step, version).map((m) => `${where}: ${m}`));
    applyStep(replay, step, version);
    // Only a changed control plane can affect every node; a kubelet upgrade affects its own node.
    const scope = skewScope(step, node.role);
    if (scope !== 'none') {
      for (const f of checkVersionSkew(replay.versionState(scope === 'node' ? step.node : undefined))) {
        if (f.severity === 'blocking' && !isKubeadmTransientProxySkew(f.code, { kubeProxy: replay.kubeProxyAddon, oldestApiserver: replay.oldestApiserver(), newestApiserver: replay.newestApiserver() })) errors.push(`${where}: ${f.message}`);
      }
    }
  });

  if (hopIndex !== plan.hops.length) errors.push(`plan: lists ${plan.hops.length} hops but applies ${hopIndex}`);
  const last = plan.hops[plan.hops.length - 1];
  if (last && last.version !== plan.to) errors.push(`plan: the last hop is ${last.version}, not the target ${plan.to}`);
  const cordonedBefore = new Set(cluster.nodes.filter((c) => c.cordoned).map((c) => c.name));
  for (const [name, n] of replay.nodes) {
    if (compareVersions(n.kubelet, to) !== 0) errors.push(`end: kubelet on ${name} is ${formatVersion(n.kubelet)}, not ${plan.to}`);
    if (n.controlPlane && compareVersions(n.controlPlane.apiserver, to) !== 0) {
      errors.push(`end: kube-apiserver on ${name} is ${formatVersion(n.controlPlane.apiserver)}, not ${plan.to}`);
    }
    if (n.cordoned && !cordonedBefore.has(name)) errors.push(`end: ${name} is left cordoned`);
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

function skewScope(step: PlanStep, role: 'control-plane' | 'worker'): 'cluster' | 'node' | 'none' {
  if (step.action === 'kubeadm-apply' || (step.action === 'kubeadm-upgrade-node' && role === 'control-plane')) return 'cluster';
  if (step.action === 'upgrade-kubelet' || step.action === 'delete-node') return 'node';
  return 'none';
}

function isOneHop(from: KubeVersion, to: KubeVersion): boolean {
  return to.minor === from.minor + 1 || (to.minor === from.minor && compareVersions(to, from) > 0);
}

/** Rules about the step itself, judged on the moment before it runs. */
function checkStep(replay: PlanReplay, step: PlanStep, version: KubeVersion): string[] {
  const node = replay.nodes.get(step.node);
  if (!node) return [];
  const oldest = replay.oldestApiserver();
  const newest = replay.newestApiserver();
  const problems: string[] = [];
  switch (step.action) {
    case 'kubeadm-apply':
      if (node.role !== 'control-plane') problems.push(`kubeadm upgrade apply runs on a worker`);
      for (const f of checkKubeadmApply(replay.versionState(), version, node.kubeadm)) {
        if (f.severity !== 'info') problems.push(f.message);
      }
      break;
    case 'kubeadm-upgrade-node':
      // A control-plane node brings its own instance to the version; a worker must wait for all of them.
      if (newest && oldest) {
        const controlPlane = node.role === 'control-plane' ? version : oldest;
        for (const f of checkKubeadmUpgradeNode(step.node, node.kubeadm, node.lastManagedBy, controlPlane)) problems.push(f.message);
      }
      break;
    case 'upgrade-kubelet':
      if (oldest && node.role === 'worker' && compareVersions(version, oldest) > 0) {
        problems.push(`kubelet ${formatVersion(version)} on ${step.node} would be newer than kube-apiserver ${formatVersion(oldest)}: nodes only take versions the control plane has passed`);
      }
      if (version.minor !== node.kubelet.minor && !node.cordoned) {
        problems.push(`kubelet on ${step.node} changes minor (${formatVersion(node.kubelet)} -> ${formatVersion(version)}) without a drain first`);
      }
      break;
    case 'join-node':
      if (oldest && compareVersions(version, oldest) > 0) {
        problems.push(`a new node for ${step.node} would join with kubelet ${formatVersion(version)}, newer than kube-apiserver ${formatVersion(oldest)}: nodes only take versions the control plane has passed`);
      }
      break;
    case 'delete-node':
      if (!node.cordoned) problems.push(`${step.node} is deleted without a drain first`);
      break;
    case 'upgrade-kubeadm':
      if (node.role === 'worker' && oldest && version.minor > oldest.minor) {
        problems.push(`kubeadm ${formatVersion(version)} on worker ${step.node} would be ahead of kube-apiserver ${formatVersion(oldest)}`);
      }
      break;
    default:
      break;
  }
  return problems;
}

function applyStep(replay: PlanReplay, step: PlanStep, version: KubeVersion): void {
  const node = replay.nodes.get(step.node);
  if (!node) return;
  switch (step.action) {
    case 'upgrade-kubeadm':
      node.kubeadm = version;
      break;
    case 'kubeadm-apply':
      replay.upgradeControlPlane(step.node, version);
      node.lastManagedBy = node.kubeadm;
      break;
    case 'kubeadm-upgrade-node':
      if (node.role === 'control-plane') replay.upgradeControlPlane(step.node, version);
      node.lastManagedBy = node.kubeadm;
      break;
    case 'upgrade-kubelet':
      node.kubelet = version;
      break;
    case 'drain':
      node.cordoned = true;
      break;
    case 'uncordon':
      node.cordoned = false;
      break;
    case 'delete-node':
      // From here on the worker's place is held by the node that joined at the version.
      node.kubelet = version;
      node.kubeadm = version;
      node.lastManagedBy = version;
      node.kubeProxy = replay.kubeProxyAddon;
      node.cordoned = false;
      break;
    case 'etcd-backup':
    case 'switch-repository':
    case 'kubeadm-plan':
    case 'remove-kubelet-flags':
    case 'wait-ready':
    case 'prepare-host':
    case 'create-join-token':
    case 'join-node':
    case 'copy-node-marks':
    case 'reset-host':
      break;
  }
}
