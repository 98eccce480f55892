import type { ClusterSnapshot } from '../cluster/index.js';
import type { WorkerStrategy } from '../planning/upgrade-plan.js';
import { add, BatchPlacement, batchModel, DrainForecast } from './drain-forecast.js';

// Which workers are drained together. From where pods run, the budgets and the workloads, each
// batch is grown node by node (in the order given) while: no PodDisruptionBudget is asked for more
// evictions than it allows now, no workload without a budget loses more than its bounded share of
// replicas, the evicted pods fit on the nodes left schedulable (requests, taints, selectors), and
// the batch stays within its size limit. The first node of a batch is always taken, whatever it
// carries, so every node is drained; a budget that allows nothing then makes that node wait alone.
// Batches are chosen in turn on the drain forecast (drain-forecast.ts): each is judged where the
// evicted pods of the batches before it are forecast to run.

export interface BatchLimits {
  /** Most nodes per batch. */
  readonly maxNodes: number;
  /** Share (0..1] of a budget-less workload's replicas that may be down at once; at least one pod. */
  readonly maxWorkloadUnavailable: number;
  /** Whether the evicted pods must fit on the other schedulable nodes (false: surge nodes take them). */
  readonly capacity: boolean;
}

/** The default share of a budget-less workload's replicas down at once, like a Deployment's default maxUnavailable. */
export const DEFAULT_WORKLOAD_UNAVAILABLE = 0.25;

/** The most workers an `auto` batch takes: a quarter of the workers due, at least one, at most 100. */
export function autoBatchCap(workers: number): number {
  return Math.min(100, Math.max(1, Math.ceil(workers / 4)));
}

/**
 * The limits a worker strategy sets; all-at-once has none (one batch, downtime accepted), nor
 * blue-green, whose old pool drains `--batch` workers at a time onto the whole new pool.
 */
export function batchLimitsOf(strategy: WorkerStrategy, workers: number): BatchLimits | undefined {
  if (strategy.kind === 'blue-green') return undefined;
  const maxWorkloadUnavailable = strategy.kind === 'all-at-once' ? 1 : (strategy.maxWorkloadUnavailable ?? DEFAULT_WORKLOAD_UNAVAILABLE);
  switch (strategy.kind) {
    case 'rolling':
      return { maxNodes: strategy.maxUnavailable === 'auto' ? autoBatchCap(workers) : Math.max(1, strategy.maxUnavailable), maxWorkloadUnavailable, capacity: true };
    case 'surge':
      // Each drained node gets a fresh copy first: the copies take its pods, so room is not the limit.
      return { maxNodes: Math.max(1, strategy.maxSurge), maxWorkloadUnavailable, capacity: false };
    case 'all-at-once':
      return undefined;
  }
}

/** What a batch takes in all, and whether one more node would still keep it within its limits. */
class BatchTally {
  private readonly budgets = new Map<string, number>();
  private readonly workloads = new Map<string, number>();
  private readonly placement: BatchPlacement;

  constructor(private readonly forecast: DrainForecast, private readonly limits: BatchLimits) {
    this.placement = new BatchPlacement(forecast);
  }

  get nodes(): readonly string[] {
    return this.placement.drained;
  }

  /** Set when the first node alone already breaks a limit: it is drained alone. */
  private closed = false;

  /** Takes `node` into the batch if it keeps the limits (the first node always, unless `strict`). */
  offer(node: string, strict = false): boolean {
    const first = this.nodes.length === 0;
    if (!first && (this.closed || this.nodes.length >= this.limits.maxNodes)) return false;
    const keeps = this.keepsCountsWith(node) && this.placement.add(node, true);
    if (!keeps && (!first || strict)) return false;
    if (!keeps) {
      this.closed = true;
      this.placement.add(node, false);
    }
    const load = this.forecast.load(node);
    for (const [key, n] of load.budgets) add(this.budgets, key, n);
    for (const [key, n] of load.workloads) add(this.workloads, key, n);
    return true;
  }

  close(): void {
    this.placement.commit();
  }

  private keepsCountsWith(node: string): boolean {
    const { model } = this.forecast;
    const load = this.forecast.load(node);
    for (const [key, n] of load.budgets) if ((this.budgets.get(key) ?? 0) + n > (model.allowed.get(key) ?? 0)) return false;
    for (const [key, n] of load.workloads) if ((this.workloads.get(key) ?? 0) + n > (model.workloadBound.get(key) ?? 1)) return false;
    return true;
  }
}

/**
 * Splits `nodes` (drained in this order as far as the limits allow) into batches; see the module
 * comment. Every node lands in exactly one batch; no batch is empty. The forecast is advanced past
 * every batch, so a caller may go on with it (the next round of the same workers).
 */
export function chooseBatches(cluster: ClusterSnapshot, nodes: readonly string[], limits: BatchLimits, forecast = new DrainForecast(batchModel(cluster, limits.maxWorkloadUnavailable), limits.capacity)): string[][] {
  const batches: string[][] = [];
  let left = [...nodes];
  while (left.length > 0) {
    const tally = new BatchTally(forecast, limits);
    const rest = left.filter((node) => !tally.offer(node));
    tally.close();
    batches.push([...tally.nodes]);
    left = rest;
  }
  return batches;
}

/**
 * Whether `nodes` drained together keep every limit on the cluster as observed, a lone node
 * included: unlike a batch's first node, which is drained whatever it carries.
 */
export function keepsLimits(cluster: ClusterSnapshot, nodes: readonly string[], limits: BatchLimits): boolean {
  const tally = new BatchTally(new DrainForecast(batchModel(cluster, limits.maxWorkloadUnavailable), limits.capacity), { ...limits, maxNodes: nodes.length });
  return nodes.every((node) => tally.offer(node, true));
}
