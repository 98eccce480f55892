import type { PdbSnapshot, PodSnapshot } from '../cluster/index.js';
import { isFinished, pdbSelects } from '../drain/index.js';

// What the disruption controller would compute for a PodDisruptionBudget from the pods it
// covers: expected pods, desiredHealthy, currentHealthy and disruptionsAllowed. Percentages
// round up, for minAvailable and maxUnavailable alike, as the controller does.

export interface PdbBudget {
  readonly pdb: PdbSnapshot;
  /** The pods its selector matches, finished ones left out. */
  readonly pods: readonly PodSnapshot[];
  readonly expected: number;
  readonly desiredHealthy: number;
  readonly currentHealthy: number;
  /** Evictions it allows right now. */
  readonly disruptionsAllowed: number;
  /** Even with every expected pod healthy it would allow no eviction. */
  readonly neverAllows: boolean;
}

function scaled(value: number | string, expected: number): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.replace(/%$/, ''));
  return Math.ceil((expected * percent) / 100);
}

export function isHealthy(pod: PodSnapshot): boolean {
  return pod.phase === 'Running' && pod.ready && !pod.deleting;
}

export function pdbBudget(pdb: PdbSnapshot, pods: readonly PodSnapshot[]): PdbBudget {
  const covered = pods.filter((p) => !isFinished(p) && pdbSelects(pdb, p));
  const expected = covered.length;
  let desiredHealthy = 0;
  if (pdb.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expected - scaled(pdb.maxUnavailable, expected));
  else if (pdb.minAvailable !== undefined) desiredHealthy = scaled(pdb.minAvailable, expected);
  const currentHealthy = covered.filter(isHealthy).length;
  return {
    pdb,
    pods: covered,
    expected,
    desiredHealthy,
    currentHealthy,
    disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy),
    neverAllows: expected > 0 && expected - desiredHealthy <= 0,
  };
}
