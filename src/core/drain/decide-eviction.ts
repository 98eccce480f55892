import type { PdbSnapshot, PodSnapshot } from '../cluster/index.js';
import type { DisruptionBudget } from './disruption-budget.js';

// What the API server answers to POST pods/eviction (EvictionREST.Create), step by step:
// finished, Pending and deleting pods ignore budgets; more than one budget is a 500; an unready
// pod follows unhealthyPodEvictionPolicy; a healthy one needs disruptionsAllowed > 0, else 429.

export const MULTIPLE_PDBS_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
export const PDB_REFUSAL_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export type BudgetNumbers = Pick<DisruptionBudget, 'desiredHealthy' | 'currentHealthy' | 'disruptionsAllowed'>;

export function pdbRefusalCause(name: string, status: BudgetNumbers): string {
  return `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`;
}

export type EvictionDecision =
  | { readonly allowed: true; readonly why: 'pdb-ignored' | 'no-pdb' | 'unhealthy-always-allow' | 'unhealthy-budget-met' | 'within-budget' }
  | { readonly allowed: false; readonly status: 429 | 500; readonly message: string; readonly cause?: string; readonly pdb?: string };

/** A budget that matches the pod: its spec, and its status computed only when needed. */
export interface MatchingBudget {
  readonly spec: Pick<PdbSnapshot, 'name' | 'unhealthyPodEvictionPolicy'>;
  status(): BudgetNumbers;
}

export function decideEviction(pod: Pick<PodSnapshot, 'phase' | 'ready' | 'deleting'>, budgets: readonly MatchingBudget[]): EvictionDecision {
  if (pod.phase !== 'Running' || pod.deleting === true) return { allowed: true, why: 'pdb-ignored' };
  if (budgets.length > 1) return { allowed: false, status: 500, message: MULTIPLE_PDBS_MESSAGE };
  const budget = budgets[0];
  if (!budget) return { allowed: true, why: 'no-pdb' };
  const { spec } = budget;
  const status = budget.status();
  if (!pod.ready) {
    if (spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true, why: 'unhealthy-always-allow' };
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { allowed: true, why: 'unhealthy-budget-met' };
  }
  if (status.disruptionsAllowed > 0) return { allowed: true, why: 'within-budget' };
  return { allowed: false, status: 429, message: PDB_REFUSAL_MESSAGE, cause: pdbRefusalCause(spec.name, status), pdb: spec.name };
}
