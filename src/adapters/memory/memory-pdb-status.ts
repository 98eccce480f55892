import type { PdbSnapshot, PodSnapshot, WorkloadSnapshot } from '../../core/cluster/index.js';
import { pdbBudget } from '../../core/drain/index.js';
import type { PdbStatus } from '../../ports/index.js';

// A budget's status in the in-memory cluster: the core's disruption-controller arithmetic.

export function memoryPdbStatus(pdb: PdbSnapshot, pods: readonly PodSnapshot[], workloads: readonly WorkloadSnapshot[]): PdbStatus {
  const { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed } = pdbBudget(pdb, pods, workloads);
  return { ...pdb, currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed };
}
