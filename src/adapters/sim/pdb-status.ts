import type { PdbStatus } from '../../ports/index.js';
import type { SimPdb, SimWorkload } from './sim-model.js';

// The status the disruption controller computes for a PodDisruptionBudget, which the eviction
// API then decides by. Percentages round up for minAvailable and for maxUnavailable alike.
// Expected pods: the number of matching pods for an integer minAvailable; otherwise the sum of
// the scale of the controllers owning them — and when some pod has no scalable controller
// (a DaemonSet, a Job, a bare pod) the controller cannot compute it and nothing may be disrupted.

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

/** The numbers of a budget's status, without its spec. */
export interface PdbBudget {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly disruptionsAllowed: number;
}

/** An int-or-percent against `total`, rounded up as the disruption controller does. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (text.endsWith('%')) return Math.ceil((Number(text.slice(0, -1)) * total) / 100);
  return Number(text);
}

function isPercent(value: number | string): boolean {
  return typeof value === 'string' && value.trim().endsWith('%');
}

function expectedScale(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): number | undefined {
  let total = 0;
  for (const key of pdb.owners.keys()) {
    const workload = workloads.get(key);
    if (!workload || !SCALABLE.has(workload.kind)) return undefined;
    total += workload.replicas;
  }
  return total;
}

/** expectedPods and desiredHealthy; they change only when the set of owners (or the pod count) does. */
function target(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): { expectedPods: number; desiredHealthy: number } {
  const { minAvailable, maxUnavailable } = pdb.spec;
  if (maxUnavailable !== undefined) {
    const expectedPods = expectedScale(pdb, workloads) ?? 0;
    return { expectedPods, desiredHealthy: Math.max(0, expectedPods - scaledValue(maxUnavailable, expectedPods)) };
  }
  if (minAvailable === undefined) return { expectedPods: 0, desiredHealthy: 0 };
  if (!isPercent(minAvailable)) return { expectedPods: pdb.pods.size, desiredHealthy: scaledValue(minAvailable, 0) };
  const expectedPods = expectedScale(pdb, workloads) ?? 0;
  return { expectedPods, desiredHealthy: scaledValue(minAvailable, expectedPods) };
}

export function pdbBudgetOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): PdbBudget {
  const perPod = pdb.spec.maxUnavailable === undefined && pdb.spec.minAvailable !== undefined && !isPercent(pdb.spec.minAvailable);
  const cache = pdb.cache;
  const fresh = cache !== undefined && cache.ownersVersion === pdb.ownersVersion && (!perPod || cache.pods === pdb.pods.size);
  const { expectedPods, desiredHealthy } = fresh ? cache : target(pdb, workloads);
  if (!fresh) pdb.cache = { ownersVersion: pdb.ownersVersion, pods: pdb.pods.size, expectedPods, desiredHealthy };
  const currentHealthy = pdb.healthy;
  const disruptionsAllowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  return { currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed };
}

export function pdbStatusOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): PdbStatus {
  return { ...pdb.spec, ...pdbBudgetOf(pdb, workloads) };
}
