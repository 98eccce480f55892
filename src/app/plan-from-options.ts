import { readBreakingChanges } from '../adapters/file/read-breaking-changes.js';
import type { ClusterSnapshot, NodeSnapshot } from '../core/cluster/index.js';
import { hasBlocking, type Finding } from '../core/findings.js';
import { planUpgrade, validatePlan, type PlanDrainOptions, type UpgradePlan, type WorkerStrategy } from '../core/planning/index.js';
import { FIXABLE_CODES, planFixes } from '../core/preflight/index.js';
import { ConfigError, InternalError } from '../core/errors.js';
import { defaultTarget, latestPatchOf, resolveVersion, type ReleaseCatalog } from '../core/releases/index.js';
import { checkSkew, kubeadmKubeletTolerance, maxNodeComponentLag } from '../core/skew/index.js';
import { forecastSchedule, type PlanForecast, type ScheduledStep, type StepCalibration } from '../core/timing/index.js';
import { formatVersion, parseVersion, parseVersionSpec } from '../core/version/index.js';

export interface PlanOptions {
  readonly to: string | undefined;
  readonly allowUnlisted: boolean;
  readonly workersEveryHop: boolean;
  readonly strategy: WorkerStrategy;
  readonly drain: PlanDrainOptions;
  /** --prepare-ahead; absent: the planner's default. */
  readonly prepareAhead?: number;
  /** Finding codes whose fixes the plan carries as steps (--fix). */
  readonly fix?: readonly string[];
  /** Workers the plan leaves as they are (--exclude-node). */
  readonly exclude?: readonly string[];
  /** Step times recorded by earlier runs (--timings-from), for the forecast. */
  readonly calibration?: StepCalibration;
}

/** What "kubehop plan" does with no flag but the target: rolling workers as budgets allow, no pod data deleted. */
export function defaultPlanOptions(to?: string): PlanOptions {
  return {
    to,
    allowUnlisted: false,
    workersEveryHop: false,
    strategy: { kind: 'rolling', maxUnavailable: 'auto' },
    drain: { deleteEmptyDirData: false, deleteUnmanagedPods: false },
  };
}

/**
 * `forecast`: how long the plan is expected to take (data beside the plan, never part of it);
 * `schedule`: when each step is expected to run, by the same reckoning (the report's timeline).
 */
export type PlanOutcome = { readonly ok: true; readonly plan: UpgradePlan; readonly forecast: PlanForecast; readonly schedule: readonly ScheduledStep[] } | { readonly ok: false; readonly blocking: Finding[] };

/** The cluster without the workers left out, and those workers; a control-plane node or a name that is no node is refused. */
function excludeNodes(cluster: ClusterSnapshot, names: readonly string[]): { cluster: ClusterSnapshot; left: NodeSnapshot[] } {
  if (names.length === 0) return { cluster, left: [] };
  for (const name of names) {
    const node = cluster.nodes.find((n) => n.name === name);
    if (!node) throw new ConfigError(`invalid --exclude-node ${name}: cluster "${cluster.name}" has no such node (nodes: ${cluster.nodes.map((n) => n.name).join(', ')})`);
    if (node.role === 'control-plane') throw new ConfigError(`invalid --exclude-node ${name}: it is a control-plane node, which every hop upgrades; bring it back, or remove it from the cluster (kubeadm reset, kubectl delete node ${name})`);
  }
  const left = cluster.nodes.filter((n) => names.includes(n.name));
  return {
    cluster: { ...cluster, nodes: cluster.nodes.filter((n) => !names.includes(n.name)), pods: cluster.pods.filter((p) => p.node === undefined || !names.includes(p.node)) },
    left,
  };
}

/** A worker left out keeps its kubelet through every hop: each hop's kube-apiserver and kubeadm must still accept it. */
function checkExcludedSkew(left: readonly NodeSnapshot[], plan: UpgradePlan): void {
  for (const node of left) {
    for (const hop of plan.hops) {
      const minor = parseVersion(hop.version).minor;
      const allowed = Math.min(maxNodeComponentLag(minor, node.kubelet.minor), kubeadmKubeletTolerance(minor));
      if (minor - node.kubelet.minor > allowed) {
        throw new ConfigError(`invalid --exclude-node ${node.name}: its kubelet ${formatVersion(node.kubelet)} would be ${minor - node.kubelet.minor} minors behind at the hop to ${hop.version}, more than the ${allowed} the skew policy and kubeadm allow there; bring the node back and upgrade it, remove it from the cluster, or plan to an earlier target`);
      }
    }
  }
}

/** The plan the operator asked for, or the findings that forbid planning at all. */
export async function planFromOptions(cluster: ClusterSnapshot, catalog: ReleaseCatalog, options: PlanOptions, date: string): Promise<PlanOutcome> {
  const fix = options.fix ?? [];
  const unknown = fix.filter((code) => !FIXABLE_CODES.includes(code));
  if (unknown.length > 0) throw new ConfigError(`invalid --fix ${unknown.join(', ')}: kubehop plans fixes only for ${FIXABLE_CODES.join(', ')}; fix the others by hand as the preflight findings say`);
  const target = options.to === undefined
    ? defaultTarget(catalog, date)
    : resolveVersion(catalog, parseVersionSpec(options.to), { allowUnlisted: options.allowUnlisted, date });
  const workers = cluster.nodes.filter((n) => n.role === 'worker').length;
  if (options.strategy.kind === 'rolling' && options.strategy.maxUnavailable !== 'auto' && workers > 0 && options.strategy.maxUnavailable > workers) {
    throw new ConfigError(`invalid --max-unavailable ${options.strategy.maxUnavailable}: cluster "${cluster.name}" has ${workers} worker${workers === 1 ? '' : 's'}; give 1 to ${workers}, or --strategy all-at-once to take them all down at once`);
  }
  const findings = checkSkew(cluster);
  if (hasBlocking(findings)) return { ok: false, blocking: findings.filter((f) => f.severity === 'blocking') };
  const excluded = excludeNodes(cluster, options.exclude ?? []);
  const planned = planUpgrade(excluded.cluster, {
    target,
    strategy: options.strategy,
    workersEveryHop: options.workersEveryHop,
    drain: options.drain,
    ...(options.prepareAhead !== undefined ? { prepareAhead: options.prepareAhead } : {}),
    latestPatch: (minor) => latestPatchOf(catalog, minor),
  });
  checkExcludedSkew(excluded.left, planned);
  const plan = excluded.left.length === 0 ? planned : {
    ...planned,
    notes: [...planned.notes, ...excluded.left.map((n) => ({ code: 'NODE_EXCLUDED', message: `${n.name} is left out (--exclude-node): it keeps kubelet ${formatVersion(n.kubelet)} and is neither drained nor upgraded; upgrade it later, or remove it from the cluster` }))],
  };
  // One walk of the plan gives both the forecast and each step's expected times.
  const withForecast = (p: UpgradePlan) => {
    const { forecast, schedule } = forecastSchedule(p, excluded.cluster, options.calibration);
    return { plan: p, forecast, schedule };
  };
  if (fix.length === 0) return { ok: true, ...withForecast(plan) };
  const fixed = planFixes(plan, cluster, await readBreakingChanges(), fix);
  // The fix steps change no version, so the plan stays valid; checked all the same.
  const validation = validatePlan(cluster, fixed);
  if (!validation.ok) throw new InternalError(`the plan with --fix ${fix.join(', ')} is not valid: ${validation.errors.join('; ')}`);
  return { ok: true, ...withForecast(fixed) };
}
