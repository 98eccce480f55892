import { clusterVersion, laggingControlPlanes, type ClusterSnapshot } from '../cluster/index.js';
import { ConfigError, InternalError } from '../errors.js';
import { compareVersions, formatVersion, type KubeVersion } from '../version/index.js';
import { etcdBackupPath } from './node-commands.js';
import { planHops, type LatestPatch } from './plan-hops.js';
import { planKubeletRounds, type KubeletRound } from './plan-node-rounds.js';
import { planNotes } from './plan-notes.js';
import { planSteps } from './plan-steps.js';
import type { PlanDrainOptions, UpgradePlan, WorkerStrategy } from './upgrade-plan.js';
import { validatePlan } from './validate-plan.js';

export interface PlanRequest {
  readonly target: KubeVersion;
  readonly strategy: WorkerStrategy;
  /** The classic procedure: every kubelet follows every hop. */
  readonly workersEveryHop: boolean;
  readonly latestPatch: LatestPatch;
  /** Defaults to neither: pods with emptyDir or without a controller then stop a drain. */
  readonly drain?: PlanDrainOptions;
  /** Workers prepared together ahead of their drains (kubeadm steps); 0: inside the drain window. */
  readonly prepareAhead?: number;
}

/** The whole plan for one cluster and target, checked by validatePlan before it is returned. */
export function planUpgrade(cluster: ClusterSnapshot, request: PlanRequest): UpgradePlan {
  const current = clusterVersion(cluster);
  if (!current) throw new ConfigError(`cluster "${cluster.name}" has no control-plane node with a kube-apiserver version`);
  const hops = planHops(current, request.target, request.latestPatch);
  const path = [current, ...hops];
  const rounds = new Map<string, KubeletRound[]>();
  // A control-plane node that finishes an interrupted hop takes its kubelet there too, as kubeadm's
  // procedure does per node; the rounds after it start from that version.
  const lagging = new Set(laggingControlPlanes(cluster).map((n) => n.name));
  for (const node of cluster.nodes) {
    const finish = lagging.has(node.name) && hops.length > 0 && compareVersions(node.kubelet, current) < 0;
    rounds.set(node.name, finish ? [{ slot: 0, version: current }, ...planKubeletRounds(current, path, request.workersEveryHop)] : planKubeletRounds(node.kubelet, path, request.workersEveryHop));
  }
  const drain = request.drain ?? { deleteEmptyDirData: false, deleteUnmanagedPods: false };
  const steps = planSteps({ cluster, path, rounds, strategy: request.strategy, latestPatch: request.latestPatch, drain, ...(request.prepareAhead !== undefined ? { prepareAhead: request.prepareAhead } : {}) });
  const drains: Record<string, number> = {};
  for (const node of cluster.nodes) drains[node.name] = 0;
  for (const step of steps) if (step.action === 'drain') drains[step.node] = (drains[step.node] ?? 0) + 1;
  const plan: UpgradePlan = {
    format: 'kubehop.plan/v1',
    cluster: cluster.name,
    from: formatVersion(current),
    to: formatVersion(request.target),
    strategy: request.strategy,
    workersEveryHop: request.workersEveryHop,
    drain,
    hops: hops.map((version, i) => ({ index: i + 1, from: formatVersion(path[i] ?? current), version: formatVersion(version) })),
    steps,
    drains,
    notes: planNotes(cluster, path, request.strategy, drain, drains),
  };
  const backup = steps.find((s) => s.action === 'etcd-backup');
  const withBackup: UpgradePlan = backup ? { ...plan, etcdBackup: { node: backup.node, path: etcdBackupPath(current) } } : plan;
  const validation = validatePlan(cluster, withBackup);
  if (!validation.ok) {
    throw new InternalError(`the planned upgrade breaks its own rules, which is a bug in kubehop:\n  ${validation.errors.join('\n  ')}`);
  }
  return withBackup;
}
