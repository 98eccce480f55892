import type { PdbSnapshot, PodSnapshot, WorkloadKind, WorkloadSnapshot } from '../cluster/index.js';
import { isFinished } from './pod-disposition.js';
import { pdbSelects } from './pdbs-for-pod.js';

// The disruption controller's arithmetic for one PodDisruptionBudget, once for every caller
// (preflight, the simulator, the in-memory fake). Expected pods: the number of matching pods for
// an integer minAvailable; otherwise the summed scale of the controllers owning them. When some
// pod has no controller with a scale (a Job, a DaemonSet, a bare or mirror pod) the controller
// cannot compute it, fails safe, and the budget allows no disruption. Percentages round up, for
// minAvailable and maxUnavailable alike; disruptionsAllowed is 0 while expectedPods is 0.

export type BudgetSpec = Pick<PdbSnapshot, 'minAvailable' | 'maxUnavailable'>;

/** What a budget's status is computed from. */
export interface BudgetCounts {
  /** Matching pods that have not finished. */
  readonly pods: number;
  /** Of them, Running, Ready and not being deleted. */
  readonly healthy: number;
  /** Summed scale of the distinct controllers of the pods; undefined when some pod has none with a scale. */
  readonly scale: number | undefined;
}

export interface DisruptionBudget {
  readonly expectedPods: number;
  readonly desiredHealthy: number;
  readonly currentHealthy: number;
  readonly disruptionsAllowed: number;
  /** False when the controller could not count expected pods (no scale), so it allows nothing. */
  readonly computable: boolean;
}

/** Controllers whose scale the disruption controller can read. */
const SCALABLE: ReadonlySet<WorkloadKind | 'Node'> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

export function hasScale(kind: WorkloadKind | 'Node' | undefined): boolean {
  return kind !== undefined && SCALABLE.has(kind);
}

/** An int-or-percent against `total`, rounded up as the disruption controller does. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (text.endsWith('%')) return Math.ceil((Number(text.slice(0, -1)) * total) / 100);
  return Number(text);
}

function isPercent(value: number | string | undefined): boolean {
  return typeof value === 'string' && value.trim().endsWith('%');
}

/** Whether expected pods come from the controllers' scale (else from the matching pod count). */
export function budgetNeedsScale(spec: BudgetSpec): boolean {
  return spec.maxUnavailable !== undefined || isPercent(spec.minAvailable);
}

export function disruptionBudget(spec: BudgetSpec, counts: BudgetCounts): DisruptionBudget {
  const currentHealthy = counts.healthy;
  let expectedPods = 0;
  let desiredHealthy = 0;
  let computable = true;
  if (budgetNeedsScale(spec)) {
    computable = counts.scale !== undefined;
    expectedPods = counts.scale ?? 0;
    if (spec.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - scaledValue(spec.maxUnavailable, expectedPods));
    else if (spec.minAvailable !== undefined) desiredHealthy = scaledValue(spec.minAvailable, expectedPods);
  } else if (spec.minAvailable !== undefined) {
    expectedPods = counts.pods;
    desiredHealthy = scaledValue(spec.minAvailable, 0);
  }
  const disruptionsAllowed = !computable || expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, computable };
}

/** Counts toward currentHealthy. */
export function isBudgetHealthy(pod: Pick<PodSnapshot, 'phase' | 'ready' | 'deleting'>): boolean {
  return pod.phase === 'Running' && pod.ready && pod.deleting !== true;
}

/** The summed scale of the distinct controllers of `pods`, looked up in `workloads`; undefined if one has none. */
export function controllerScale(pods: readonly PodSnapshot[], workloads: readonly WorkloadSnapshot[]): number | undefined {
  const seen = new Set<string>();
  let total = 0;
  for (const pod of pods) {
    const owner = pod.owner;
    if (!owner || !hasScale(owner.kind)) return undefined;
    const key = `${owner.kind}/${owner.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const workload = workloads.find((w) => w.kind === owner.kind && w.namespace === pod.namespace && w.name === owner.name);
    if (!workload) return undefined;
    total += workload.replicas;
  }
  return total;
}

export interface PdbBudget extends DisruptionBudget {
  readonly pdb: PdbSnapshot;
  /** The pods its selector matches, finished ones left out. */
  readonly pods: readonly PodSnapshot[];
  /** Even with every expected pod healthy it would allow no eviction. */
  readonly neverAllows: boolean;
}

/** A budget's status from the pods (of its namespace or more) and the workloads that own them. */
export function pdbBudget(pdb: PdbSnapshot, pods: readonly PodSnapshot[], workloads: readonly WorkloadSnapshot[]): PdbBudget {
  const covered = pods.filter((p) => !isFinished(p) && pdbSelects(pdb, p));
  const scale = budgetNeedsScale(pdb) ? controllerScale(covered, workloads) : undefined;
  const budget = disruptionBudget(pdb, { pods: covered.length, healthy: covered.filter(isBudgetHealthy).length, scale });
  const neverAllows = covered.length > 0 && (!budget.computable || budget.expectedPods - budget.desiredHealthy <= 0);
  return { ...budget, pdb, pods: covered, neverAllows };
}
