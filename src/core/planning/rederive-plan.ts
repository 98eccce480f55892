import type { ClusterSnapshot } from '../cluster/index.js';
import { isKubehopError } from '../errors.js';
import { parseVersion } from '../version/index.js';
import { firstPlanDifference } from './first-plan-difference.js';
import type { LatestPatch } from './plan-hops.js';
import { planUpgrade } from './plan-upgrade.js';
import type { UpgradePlan } from './upgrade-plan.js';

export type RederiveResult = { readonly ok: true } | { readonly ok: false; readonly difference: string };

/**
 * Plans again from `cluster` and the inputs `plan` records (target, strategy, workersEveryHop,
 * drain consent, the patch of each hop) and says whether kubehop would write exactly this plan.
 * A plan file is data from outside: nothing it carries runs unless kubehop would have planned it.
 * `latestPatch` answers for minors the plan's hops do not name.
 */
export function rederivePlan(cluster: ClusterSnapshot, plan: UpgradePlan, latestPatch: LatestPatch): RederiveResult {
  try {
    const hops = new Map(plan.hops.map((h) => [parseVersion(h.version).minor, parseVersion(h.version)]));
    const derived = planUpgrade(cluster, {
      target: parseVersion(plan.to),
      strategy: plan.strategy,
      workersEveryHop: plan.workersEveryHop,
      drain: plan.drain,
      latestPatch: (minor) => hops.get(minor) ?? latestPatch(minor),
    });
    const difference = firstPlanDifference(plan, derived);
    return difference ? { ok: false, difference } : { ok: true };
  } catch (error) {
    if (!isKubehopError(error)) throw error;
    return { ok: false, difference: `kubehop cannot plan from its inputs: ${error.message}` };
  }
}
