import { readBreakingChanges } from '../adapters/file/read-breaking-changes.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { hasBlocking, type Finding } from '../core/findings.js';
import { planUpgrade, validatePlan, type PlanDrainOptions, type UpgradePlan, type WorkerStrategy } from '../core/planning/index.js';
import { FIXABLE_CODES, planFixes } from '../core/preflight/index.js';
import { ConfigError, InternalError } from '../core/errors.js';
import { defaultTarget, latestPatchOf, resolveVersion, type ReleaseCatalog } from '../core/releases/index.js';
import { checkSkew } from '../core/skew/index.js';
import { parseVersionSpec } from '../core/version/index.js';

export interface PlanOptions {
  readonly to: string | undefined;
  readonly allowUnlisted: boolean;
  readonly workersEveryHop: boolean;
  readonly strategy: WorkerStrategy;
  readonly drain: PlanDrainOptions;
  /** Finding codes whose fixes the plan carries as steps (--fix). */
  readonly fix?: readonly string[];
}

export type PlanOutcome = { readonly ok: true; readonly plan: UpgradePlan } | { readonly ok: false; readonly blocking: Finding[] };

/** The plan the operator asked for, or the findings that forbid planning at all. */
export async function planFromOptions(cluster: ClusterSnapshot, catalog: ReleaseCatalog, options: PlanOptions, date: string): Promise<PlanOutcome> {
  const fix = options.fix ?? [];
  const unknown = fix.filter((code) => !FIXABLE_CODES.includes(code));
  if (unknown.length > 0) throw new ConfigError(`invalid --fix ${unknown.join(', ')}: kubehop plans fixes only for ${FIXABLE_CODES.join(', ')}; fix the others by hand as the preflight findings say`);
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
    latestPatch: (minor) => latestPatchOf(catalog, minor),
  });
  if (fix.length === 0) return { ok: true, plan };
  const fixed = planFixes(plan, cluster, await readBreakingChanges(), fix);
  // The fix steps change no version, so the plan stays valid; checked all the same.
  const validation = validatePlan(cluster, fixed);
  if (!validation.ok) throw new InternalError(`the plan with --fix ${fix.join(', ')} is not valid: ${validation.errors.join('; ')}`);
  return { ok: true, plan: fixed };
}
