import type { PdbBudget } from './pdb-status.js';
import type { SimPdb, SimPod } from './sim-model.js';

// What the API server answers to POST pods/eviction (EvictionREST.Create), step by step:
// finished, Pending and deleting pods ignore budgets; more than one budget is a 500; an unready
// pod follows unhealthyPodEvictionPolicy; a healthy one needs disruptionsAllowed > 0, else 429.

export const MULTIPLE_PDBS_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
export const PDB_REFUSAL_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export function pdbRefusalCause(name: string, status: PdbBudget): string {
  return `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`;
}

export type EvictionDecision =
  | { readonly allowed: true; readonly why: 'pdb-ignored' | 'no-pdb' | 'unhealthy-always-allow' | 'unhealthy-budget-met' | 'within-budget' }
  | { readonly allowed: false; readonly status: 429 | 500; readonly message: string; readonly cause?: string; readonly pdb?: string };

export function decideEviction(pod: SimPod, statusOf: (pdb: SimPdb) => PdbBudget): EvictionDecision {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.phase === 'Pending' || pod.deleting) {
    return { allowed: true, why: 'pdb-ignored' };
  }
  if (pod.pdbs.length > 1) return { allowed: false, status: 500, message: MULTIPLE_PDBS_MESSAGE };
  const pdb = pod.pdbs[0];
  if (!pdb) return { allowed: true, why: 'no-pdb' };
  const status = statusOf(pdb);
  if (!pod.ready) {
    if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true, why: 'unhealthy-always-allow' };
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { allowed: true, why: 'unhealthy-budget-met' };
  }
  if (status.disruptionsAllowed > 0) return { allowed: true, why: 'within-budget' };
  return {
    allowed: false,
    status: 429,
    message: PDB_REFUSAL_MESSAGE,
    cause: pdbRefusalCause(pdb.spec.name, status),
    pdb: pdb.spec.name,
  };
}
