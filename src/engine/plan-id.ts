import { createHash } from 'node:crypto';
import { stableHash } from '../core/cluster/stable-hash.js';
import type { UpgradePlan } from '../core/planning/index.js';

/** Identifies a plan in the journal: cluster, from, to and a hash of its steps. */
export function planId(plan: UpgradePlan): string {
  // JSON keeps argv boundaries: ['a b'] and ['a', 'b'] are different plans.
  const steps = plan.steps.map((s) => `${s.id}|${JSON.stringify(s.commands)}`).join('\n');
  const text = `${plan.strategy.kind}\n${steps}`;
  const hash = [0, 1].map((seed) => stableHash(text, seed).toString(16).padStart(8, '0')).join('');
  return `${plan.cluster}:${plan.from}->${plan.to}:${hash}`;
}

/** sha256 of the whole plan — steps, probes, drain consent, everything — as the journal keeps it. */
export function planDigest(plan: UpgradePlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}
