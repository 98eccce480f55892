import type { ClusterSnapshot } from '../core/cluster/index.js';
import { hasBlocking, type Finding } from '../core/findings.js';
import { planUpgrade, type PlanDrainOptions, type UpgradePlan, type WorkerStrategy } from '../core/planning/index.js';
import { defaultTarget, latestPatchOf, resolveVersion, type ReleaseCatalog } from '../core/releases/index.js';
import { checkSkew } from '../core/skew/index.js';
import { parseVersionSpec } from '../core/version/index.js';

export interface PlanOptions {
  readonly to: string | undefined;
  readonly allowUnlisted: boolean;
  readonly workersEveryHop: boolean;
  readonly strategy: WorkerStrategy;
  readonly drain: PlanDrainOptions;
  /** --prepare-ahead; absent: the planner's default. */
  readonly prepareAhead?: number;
}

export type PlanOutcome = { readonly ok: true; readonly plan: UpgradePlan } | { readonly ok: false; readonly blocking: Finding[] };

/** The plan the operator asked for, or the findings that forbid planning at all. */
export function planFromOptions(cluster: ClusterSnapshot, catalog: ReleaseCatalog, options: PlanOptions, date: string): PlanOutcome {
  const target = options.to === undefined
    ? defaultTarget(catalog, date)
    : resolveVersion(catalog, parseVersionSpec(options.to), { allowUnlisted: options.allowUnlisted, date });
  const findings = checkSkew(cluster);
  if (hasBlocking(findings)) return { ok: false, blocking: findings.filter((f) => f.severity === 'blocking') };
  const plan = planUpgrade(cluster, {
    target,
    strategy: options.strategy,
    workersEveryHop: options.workersEveryHop,
    drain: options.drain,
    ...(options.prepareAhead !== undefined ? { prepareAhead: options.prepareAhead } : {}),
    latestPatch: (minor) => latestPatchOf(catalog, minor),
  });
  return { ok: true, plan };
}
