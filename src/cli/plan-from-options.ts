import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
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
}

export type PlanOutcome = { readonly ok: true; readonly plan: UpgradePlan } | { readonly ok: false; readonly blocking: Finding[] };

/** The plan the operator asked for, or the findings that forbid planning at all. */
export function planFromOptions(cluster: ClusterSnapshot, catalog: ReleaseCatalog, options: PlanOptions, date: string): PlanOutcome {
  const target = options.to === undefined
    ? defaultTarget(catalog, date)
    : resolveVersion(catalog, parseVersionSpec(options.to), { allowUnlisted: options.allowUnlisted, date });
  const workers = cluster.nodes.filter((n) => n.role === 'worker').length;
  if (options.strategy.kind === 'rolling' && workers > 0 && options.strategy.maxUnavailable > workers) {
    throw new ConfigError(`invalid --max-unavailable ${options.strategy.maxUnavailable}: cluster "${cluster.name}" has ${workers} worker${workers === 1 ? '' : 's'}; give 1 to ${workers}, or --strategy all-at-once to take them all down at once`);
  }
  const findings = checkSkew(cluster);
  if (hasBlocking(findings)) return { ok: false, blocking: findings.filter((f) => f.severity === 'blocking') };
  const plan = planUpgrade(cluster, {
    target,
    strategy: options.strategy,
    workersEveryHop: options.workersEveryHop,
    drain: options.drain,
    latestPatch: (minor) => latestPatchOf(catalog, minor),
  });
  return { ok: true, plan };
}
