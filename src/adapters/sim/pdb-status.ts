import type { PdbStatus } from '../../ports/index.js';
import type { SimPdb, SimWorkload } from './sim-model.js';

// The status the disruption controller computes for a PodDisruptionBudget, which the eviction
// API then decides by. Percentages round up for minAvailable and for maxUnavailable alike.
// Expected pods: the number of matching pods for an integer minAvailable; otherwise the sum of
// the scale of the controllers owning them — and when some pod has no scalable controller
// (a DaemonSet, a Job, a bare pod) the controller cannot compute it and nothing may be disrupted.

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

/** An int-or-percent against `total`, rounded up as the disruption controller does. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (text.endsWith('%')) return Math.ceil((Number(text.slice(0, -1)) * total) / 100);
  return Number(text);
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

export function pdbStatusOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): PdbStatus {
  const currentHealthy = pdb.healthy;
  const { minAvailable, maxUnavailable } = pdb.spec;
  let expectedPods = 0;
  let desiredHealthy = 0;
  if (maxUnavailable !== undefined) {
    expectedPods = expectedScale(pdb, workloads) ?? 0;
    desiredHealthy = Math.max(0, expectedPods - scaledValue(maxUnavailable, expectedPods));
  } else if (minAvailable !== undefined) {
    if (typeof minAvailable === 'number' || !minAvailable.trim().endsWith('%')) {
      desiredHealthy = scaledValue(minAvailable, 0);
      expectedPods = pdb.pods.size;
    } else {
      expectedPods = expectedScale(pdb, workloads) ?? 0;
      desiredHealthy = scaledValue(minAvailable, expectedPods);
    }
  }
  const disruptionsAllowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  return { ...pdb.spec, currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed };
}
