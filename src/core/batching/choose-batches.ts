import type { ClusterSnapshot, PodSnapshot } from '../cluster/index.js';
import { classifyPods, hasScale, pdbBudget, pdbsForPod, type ClassifyOptions } from '../drain/index.js';
import type { WorkerStrategy } from '../planning/upgrade-plan.js';
import { placeEvictedPods, roomIndex, type RoomIndex } from './place-evicted-pods.js';

// Which workers are drained together. From where pods run, the budgets and the workloads, each
// batch is grown node by node (in the order given) while: no PodDisruptionBudget is asked for more
// evictions than it allows now, no workload without a budget loses more than its bounded share of
// replicas, the evicted pods fit on the nodes left schedulable (requests, taints, selectors), and
// the batch stays within its size limit. The first node of a batch is always taken, whatever it
// carries, so every node is drained; a budget that allows nothing then makes that node wait alone.

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

const EVICT: ClassifyOptions = { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true };

/** What one node's drain takes from budgets and workloads, and the pods it moves. */
interface NodeLoad {
  readonly budgets: ReadonlyMap<string, number>;
  readonly workloads: ReadonlyMap<string, number>;
  readonly movers: readonly PodSnapshot[];
}

export interface BatchModel {
  readonly loads: ReadonlyMap<string, NodeLoad>;
  /** Evictions each budget allows now, by namespace/name. */
  readonly allowed: ReadonlyMap<string, number>;
  /** Pods of each budget-less workload that may be down at once, by kind/namespace/name. */
  readonly workloadBound: ReadonlyMap<string, number>;
  readonly index: RoomIndex;
}

const NO_LOAD: NodeLoad = { budgets: new Map(), workloads: new Map(), movers: [] };

const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

/** The budgets, bounds and per-node loads that batch choices are judged by, from one observation. */
export function batchModel(cluster: ClusterSnapshot, maxWorkloadUnavailable: number): BatchModel {
  const podsByNamespace = new Map<string, PodSnapshot[]>();
  const podsByNode = new Map<string, PodSnapshot[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const pod of cluster.pods) {
    push(podsByNamespace, pod.namespace, pod);
    if (pod.node !== undefined) push(podsByNode, pod.node, pod);
  }
  const allowed = new Map<string, number>();
  const pdbsByNamespace = new Map<string, (typeof cluster.pdbs)[number][]>();
  for (const pdb of cluster.pdbs) {
    allowed.set(`${pdb.namespace}/${pdb.name}`, pdbBudget(pdb, podsByNamespace.get(pdb.namespace) ?? [], cluster.workloads).disruptionsAllowed);
    push(pdbsByNamespace, pdb.namespace, pdb);
  }
  const replicas = new Map(cluster.workloads.filter((w) => hasScale(w.kind)).map((w) => [`${w.kind}/${w.namespace}/${w.name}`, w.replicas]));
  const workloadBound = new Map<string, number>();
  const loads = new Map<string, NodeLoad>();
  for (const node of cluster.nodes) {
    const budgets = new Map<string, number>();
    const workloads = new Map<string, number>();
    const evicted = classifyPods((podsByNode.get(node.name) ?? []).filter((p) => !p.deleting), EVICT)
      .pods.filter((d) => d.disposition === 'evict')
      .map((d) => d.pod);
    for (const pod of evicted) {
      const pdbs = pdbsForPod(pod, pdbsByNamespace.get(pod.namespace) ?? []);
      for (const pdb of pdbs) add(budgets, `${pdb.namespace}/${pdb.name}`);
      const key = pod.owner ? `${pod.owner.kind}/${pod.namespace}/${pod.owner.name}` : undefined;
      const scale = key === undefined ? undefined : replicas.get(key);
      if (pdbs.length > 0 || key === undefined || scale === undefined) continue;
      add(workloads, key);
      workloadBound.set(key, Math.max(1, Math.floor(scale * maxWorkloadUnavailable)));
    }
    const movers = evicted.filter((p) => p.owner !== undefined && p.owner.kind !== 'Node');
    loads.set(node.name, { budgets, workloads, movers });
  }
  return { loads, allowed, workloadBound, index: roomIndex(cluster, podsByNode) };
}

/** What a batch takes in all, and whether one more node would still keep it within its limits. */
class BatchTally {
  readonly nodes: string[] = [];
  private readonly budgets = new Map<string, number>();
  private readonly workloads = new Map<string, number>();
  private readonly movers: PodSnapshot[] = [];

  constructor(private readonly model: BatchModel, private readonly limits: BatchLimits) {}

  /** Set when the first node alone already breaks a limit: it is drained alone. */
  private closed = false;

  admits(node: string): boolean {
    if (this.nodes.length === 0) return true;
    if (this.closed || this.nodes.length >= this.limits.maxNodes) return false;
    return this.keepsLimitsWith(node);
  }

  private keepsLimitsWith(node: string): boolean {
    const load = this.model.loads.get(node) ?? NO_LOAD;
    for (const [key, n] of load.budgets) if ((this.budgets.get(key) ?? 0) + n > (this.model.allowed.get(key) ?? 0)) return false;
    for (const [key, n] of load.workloads) if ((this.workloads.get(key) ?? 0) + n > (this.model.workloadBound.get(key) ?? 1)) return false;
    // A node without pods to move still takes its room away from the others' pods.
    if (!this.limits.capacity || this.movers.length + load.movers.length === 0) return true;
    const drained = new Set([...this.nodes, node]);
    return placeEvictedPods(this.model.index, drained, [...this.movers, ...load.movers]).unplaced.length === 0;
  }

  take(node: string): void {
    if (this.nodes.length === 0) this.closed = !this.keepsLimitsWith(node);
    this.nodes.push(node);
    const load = this.model.loads.get(node);
    if (!load) return;
    for (const [key, n] of load.budgets) add(this.budgets, key, n);
    for (const [key, n] of load.workloads) add(this.workloads, key, n);
    this.movers.push(...load.movers);
  }
}

/**
 * Splits `nodes` (drained in this order as far as the limits allow) into batches; see the module
 * comment. Every node lands in exactly one batch; no batch is empty.
 */
export function chooseBatches(cluster: ClusterSnapshot, nodes: readonly string[], limits: BatchLimits, model = batchModel(cluster, limits.maxWorkloadUnavailable)): string[][] {
  const batches: string[][] = [];
  let left = [...nodes];
  while (left.length > 0) {
    const tally = new BatchTally(model, limits);
    const rest: string[] = [];
    for (const node of left) {
      if (tally.admits(node)) tally.take(node);
      else rest.push(node);
    }
    batches.push(tally.nodes);
    left = rest;
  }
  return batches;
}
