import { budgetNeedsScale, disruptionBudget, hasScale, type DisruptionBudget } from '../../../core/drain/index.js';
import type { PdbStatus } from '../../../ports/index.js';
import type { SimPdb, SimWorkload } from '../state/sim-model.js';

// A budget's status in the simulator: the core's disruption-controller arithmetic over counts the
// state keeps up to date (pods, healthy pods, owners), the controllers' scale cached until the set
// of owners changes.

export type PdbBudget = DisruptionBudget;

function expectedScale(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): number | undefined {
  let total = 0;
  for (const key of pdb.owners.keys()) {
    const workload = workloads.get(key);
    if (!workload || !hasScale(workload.kind)) return undefined;
    total += workload.replicas;
  }
  return total;
}

function scaleOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): number | undefined {
  const cache = pdb.cache;
  if (cache !== undefined && cache.ownersVersion === pdb.ownersVersion) return cache.scale;
  const scale = expectedScale(pdb, workloads);
  pdb.cache = { ownersVersion: pdb.ownersVersion, scale };
  return scale;
}

export function pdbBudgetOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): PdbBudget {
  const scale = budgetNeedsScale(pdb.spec) ? scaleOf(pdb, workloads) : undefined;
  return disruptionBudget(pdb.spec, { pods: pdb.pods.size, healthy: pdb.healthy, scale });
}

export function pdbStatusOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): PdbStatus {
  const known = pdb.status;
  if (known && known.pods === pdb.pods.size && known.healthy === pdb.healthy && known.ownersVersion === pdb.ownersVersion) return known.value;
  const { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed } = pdbBudgetOf(pdb, workloads);
  const value: PdbStatus = { ...pdb.spec, expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed };
  pdb.status = { pods: pdb.pods.size, healthy: pdb.healthy, ownersVersion: pdb.ownersVersion, value };
  return value;
}
