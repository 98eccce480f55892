import type { PdbSnapshot, PodSnapshot, WorkloadSnapshot } from '../../core/cluster/index.js';
import { pdbsForPod } from '../../core/drain/index.js';
import type { PdbStatus } from '../../ports/index.js';

// The disruption controller's arithmetic, small: healthy = Running, Ready and not being deleted.

function resolve(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.replace('%', '')) / 100;
  return roundUp ? Math.ceil(percent * total) : Math.floor(percent * total);
}

export function memoryPdbStatus(pdb: PdbSnapshot, pods: readonly PodSnapshot[], workloads: readonly WorkloadSnapshot[]): PdbStatus {
  const covered = pods.filter((p) => pdbsForPod(p, [pdb]).length > 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const owners = workloads.filter((w) => w.namespace === pdb.namespace && Object.entries(pdb.selector).every(([k, v]) => w.labels[k] === v));
  const expectedPods = owners.length > 0 ? owners.reduce((sum, w) => sum + w.replicas, 0) : covered.filter((p) => !p.deleting).length;
  const currentHealthy = covered.filter((p) => p.phase === 'Running' && p.ready && !p.deleting).length;
  let desiredHealthy = 0;
  if (pdb.minAvailable !== undefined) desiredHealthy = resolve(pdb.minAvailable, expectedPods, true);
  else if (pdb.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - resolve(pdb.maxUnavailable, expectedPods, true));
  return { ...pdb, currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy) };
}
