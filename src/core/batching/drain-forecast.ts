import { freeShareAfter, hasRoomFor, isEligibleNode, NodeChoice, type ClusterSnapshot, type NodeSnapshot, type PodSnapshot, type PodTemplate } from '../cluster/index.js';
import { classifyPods, hasScale, isFinished, pdbBudget, pdbsForPod, type ClassifyOptions } from '../drain/index.js';
import { roomIndex, type RoomIndex } from './place-evicted-pods.js';

// Where pods run as worker batches are drained one after another: the budgets, bounds and per-node
// loads batch choice is judged by (one observation), and a forecast that places each batch's
// evicted pods by the scheduler rule (core/cluster/scheduler-rule.ts, which the simulator's
// scheduler follows too), so the next batch is judged on the pods its nodes will carry by then, not
// on where they ran before the upgrade (a pod the scheduler could as well put on any of several
// undrained nodes counts for room only: which one it picks is random). Each node that joins a batch
// moves only its own pods and those the batch had placed on it: nothing is placed again from scratch.

const EVICT: ClassifyOptions = { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true };

/** A pod a drain evicts and its controller recreates elsewhere, with what it counts against. */
export interface Mover {
  readonly pod: PodSnapshot;
  readonly template: PodTemplate;
  /** Budgets (namespace/name) that select it. */
  readonly budgets: readonly string[];
  /** Its workload (kind/namespace/name) when no budget guards it and the workload has a scale. */
  readonly bounded: string | undefined;
  /** Its owner (kind/namespace/name): the scheduler spreads the owner's pods. */
  readonly owner: string;
}

/** What one node's drain takes from budgets and workloads, and the pods it moves. */
export interface NodeLoad {
  readonly budgets: ReadonlyMap<string, number>;
  readonly workloads: ReadonlyMap<string, number>;
  readonly movers: readonly Mover[];
}

export interface BatchModel {
  readonly loads: ReadonlyMap<string, NodeLoad>;
  /** Evictions each budget allows now, by namespace/name. */
  readonly allowed: ReadonlyMap<string, number>;
  /** Pods of each budget-less workload that may be down at once, by kind/namespace/name. */
  readonly workloadBound: ReadonlyMap<string, number>;
  readonly index: RoomIndex;
  /** Pods of each owner (kind/namespace/name) per node, before any drain. */
  readonly spread: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const NO_LOAD: NodeLoad = { budgets: new Map(), workloads: new Map(), movers: [] };

export const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const ownerKey = (pod: PodSnapshot) => (pod.owner ? `${pod.owner.kind}/${pod.namespace}/${pod.owner.name}` : undefined);

/** The budgets, bounds and per-node loads that batch choices are judged by, from one observation. */
export function batchModel(cluster: ClusterSnapshot, maxWorkloadUnavailable: number): BatchModel {
  const podsByNamespace = new Map<string, PodSnapshot[]>();
  const podsByNode = new Map<string, PodSnapshot[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const spread = new Map<string, Map<string, number>>();
  for (const pod of cluster.pods) {
    push(podsByNamespace, pod.namespace, pod);
    if (pod.node === undefined) continue;
    push(podsByNode, pod.node, pod);
    const owner = ownerKey(pod);
    if (owner === undefined || isFinished(pod)) continue;
    const counts = spread.get(owner) ?? new Map<string, number>();
    spread.set(owner, counts);
    add(counts, pod.node);
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
  const index = roomIndex(cluster, podsByNode);
  for (const node of cluster.nodes) {
    const budgets = new Map<string, number>();
    const workloads = new Map<string, number>();
    const movers: Mover[] = [];
    const evicted = classifyPods((podsByNode.get(node.name) ?? []).filter((p) => !p.deleting), EVICT)
      .pods.filter((d) => d.disposition === 'evict')
      .map((d) => d.pod);
    for (const pod of evicted) {
      const keys = pdbsForPod(pod, pdbsByNamespace.get(pod.namespace) ?? []).map((pdb) => `${pdb.namespace}/${pdb.name}`);
      for (const key of keys) add(budgets, key);
      const owner = ownerKey(pod);
      const scale = owner === undefined ? undefined : replicas.get(owner);
      const bounded = keys.length > 0 || scale === undefined ? undefined : owner;
      if (bounded !== undefined && scale !== undefined) {
        add(workloads, bounded);
        workloadBound.set(bounded, Math.max(1, Math.floor(scale * maxWorkloadUnavailable)));
      }
      // A bare pod is gone once evicted; a mirror pod's owner is its Node.
      if (owner !== undefined && pod.owner?.kind !== 'Node') movers.push({ pod, template: index.templateOf(pod), budgets: keys, bounded, owner });
    }
    loads.set(node.name, { budgets, workloads, movers });
  }
  return { loads, allowed, workloadBound, index, spread };
}

interface MutableLoad {
  readonly budgets: Map<string, number>;
  readonly workloads: Map<string, number>;
  readonly movers: Mover[];
}

interface MutableUsage {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/**
 * Where pods run as batches are drained one after another, starting from a model's observation:
 * each drain's movers are placed by the scheduler rule on the nodes left schedulable (the batch's
 * own nodes are cordoned; earlier batches' are uncordoned again). Without `capacity` (surge: each
 * drained node's replacement takes its pods) the movers leave the nodes this forecast judges.
 */
export class DrainForecast {
  private readonly loads = new Map<string, MutableLoad>();
  private readonly usage = new Map<string, MutableUsage>();
  /** Pods of each owner per slot (by index; a node runs far fewer than 32,767), made on first use from the model's counts. */
  private readonly spread = new Map<string, Int16Array>();
  /** The nodes that take pods, with their usage (shared with `usage`), by scheduling shape. */
  private readonly eligibleByShape = new Map<string, readonly Slot[]>();
  private readonly slots = new Map<string, Slot>();
  private readonly movedTo = new Map<string, string>();

  constructor(readonly model: BatchModel, readonly capacity = true) {
    for (const [node, used] of model.index.usage) this.usage.set(node, { ...used });
    for (const node of model.index.order) this.slots.set(node.name, { node, index: this.slots.size, used: this.usedOn(node.name), cordoned: false, done: false });
  }

  load(node: string): NodeLoad {
    return this.loads.get(node) ?? this.model.loads.get(node) ?? NO_LOAD;
  }

  /** Node of each pod the forecast has moved so far, by uid. */
  get moved(): ReadonlyMap<string, string> {
    return this.movedTo;
  }

  /** Forecasts `nodes` drained together (then uncordoned): see BatchPlacement for how pods are placed. */
  drain(nodes: readonly string[]): void {
    const placement = new BatchPlacement(this);
    for (const node of nodes) placement.add(node, false);
    placement.commit();
  }

  /** Ready, uncordoned nodes (as observed) that may run pods of the template. */
  private eligible(template: PodTemplate): readonly Slot[] {
    const { shape } = this.model.index.eligible(template);
    let slots = this.eligibleByShape.get(shape);
    if (!slots) {
      slots = [...this.slots.values()].filter((s) => isEligibleNode(template, s.node));
      this.eligibleByShape.set(shape, slots);
    }
    return slots;
  }

  /** Cordons a node of the batch being placed (pods go elsewhere), or uncordons it again. */
  setCordoned(node: string, cordoned: boolean): void {
    const slot = this.slots.get(node);
    if (slot) slot.cordoned = cordoned;
  }

  usedOn(node: string): MutableUsage {
    let used = this.usage.get(node);
    if (!used) {
      used = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
      this.usage.set(node, used);
    }
    return used;
  }

  /** Counts (sign 1) or uncounts (-1) a mover's requests and spread on a node. */
  account(mover: Mover, node: string, sign: 1 | -1): void {
    const used = this.usedOn(node);
    used.cpuMillis += sign * mover.pod.requests.cpuMillis;
    used.memoryBytes += sign * mover.pod.requests.memoryBytes;
    used.pods += sign;
    const slot = this.slots.get(node);
    if (!slot) return;
    const counts = this.spreadOf(mover.owner);
    counts[slot.index] = (counts[slot.index] ?? 0) + sign;
  }

  private spreadOf(owner: string): Int16Array {
    let counts = this.spread.get(owner);
    if (!counts) {
      counts = new Int16Array(this.slots.size);
      for (const [node, n] of this.model.spread.get(owner) ?? []) {
        const slot = this.slots.get(node);
        if (slot) counts[slot.index] = n;
      }
      this.spread.set(owner, counts);
    }
    return counts;
  }

  /**
   * The node the scheduler rule picks for a mover among those not cordoned, and whether the
   * forecast can tell: the scheduler breaks ties at random, so among tied nodes a drained one is
   * taken (it constrains no batch still to come) and otherwise the pod counts for room only; so
   * does every later pod of an owner in `unsure`, whose spread the forecast no longer knows.
   */
  target(mover: Mover, unsure: ReadonlySet<string> = NO_OWNERS): Placed | undefined {
    const choice = new NodeChoice<Slot>();
    const { requests } = mover.pod;
    const counts = this.spreadOf(mover.owner);
    for (const slot of this.eligible(mover.template)) {
      if (slot.cordoned || !hasRoomFor(slot.node.allocatable, slot.used, requests)) continue;
      choice.consider(slot, counts[slot.index] ?? 0, freeShareAfter(slot.node.allocatable, slot.used, requests));
    }
    const [first, ...others] = choice.best;
    if (!first) return undefined;
    const drained = others.length === 0 ? undefined : choice.best.find((slot) => slot.done);
    return { mover, node: (drained ?? first).node.name, sure: (others.length === 0 || drained !== undefined) && !unsure.has(mover.owner) };
  }

  /**
   * The drained nodes carry nothing more; each placed mover now counts where it went. Movers that
   * found no room stay Pending until the batch is uncordoned and are then placed on any node; those
   * that fit nowhere even then leave the forecast.
   */
  settle(drained: readonly string[], placed: ReadonlyMap<string, readonly Placed[]>, pending: readonly Mover[]): void {
    for (const node of drained) {
      const slot = this.slots.get(node);
      if (slot) {
        slot.done = true;
        slot.cordoned = false;
      }
      for (const mover of this.load(node).movers) this.account(mover, node, -1);
      this.loads.set(node, { budgets: new Map(), workloads: new Map(), movers: [] });
    }
    const arrived = new Map<string, Placed[]>(placed as Map<string, Placed[]>);
    for (const mover of pending) {
      const target = this.target(mover);
      if (target === undefined) continue;
      this.account(mover, target.node, 1);
      arrived.set(target.node, [...(arrived.get(target.node) ?? []), target]);
    }
    for (const [node, movers] of arrived) {
      const known = this.load(node);
      const load: MutableLoad = { budgets: new Map(known.budgets), workloads: new Map(known.workloads), movers: [...known.movers] };
      for (const { mover, sure } of movers) {
        load.movers.push(mover);
        if (!sure) continue;
        for (const key of mover.budgets) add(load.budgets, key);
        if (mover.bounded !== undefined) add(load.workloads, mover.bounded);
        this.movedTo.set(mover.pod.uid, node);
      }
      this.loads.set(node, load);
    }
  }
}

const NO_OWNERS: ReadonlySet<string> = new Set();

/** A node that takes pods, as the forecast sees it now. */
interface Slot {
  readonly node: NodeSnapshot;
  readonly index: number;
  readonly used: MutableUsage;
  /** In the batch being placed. */
  cordoned: boolean;
  /** Drained (and uncordoned again) earlier. */
  done: boolean;
}

/** Where the forecast put a mover; not `sure` when the scheduler could as well pick another node. */
interface Placed {
  readonly mover: Mover;
  readonly node: string;
  readonly sure: boolean;
}

/**
 * The pods one batch moves, placed as its nodes join it: a joining node's movers, and the movers
 * the batch had placed on it, go one by one to the node the scheduler rule picks among the others.
 * Changes are counted on the forecast at once and
 * undone if the node does not join.
 */
export class BatchPlacement {
  readonly drained: string[] = [];
  private readonly placed = new Map<string, Placed[]>();
  private readonly pending: Mover[] = [];
  /** Owners with a pod placed where the scheduler could as well have picked another node. */
  private readonly unsure = new Set<string>();

  constructor(private readonly forecast: DrainForecast) {}

  /** Adds `node` if all its pods find a place (or `all` is false: those that do not stay Pending). */
  add(node: string, all: boolean): boolean {
    const { forecast } = this;
    const displaced = (this.placed.get(node) ?? []).map((p) => p.mover);
    const movers = forecast.capacity ? [...forecast.load(node).movers, ...displaced] : [];
    if (movers.length === 0 && displaced.length === 0) {
      this.join(node);
      return true;
    }
    for (const mover of displaced) forecast.account(mover, node, -1);
    forecast.setCordoned(node, true);
    const done: Placed[] = [];
    const newlyUnsure: string[] = [];
    const pending: Mover[] = [];
    for (const mover of movers) {
      const target = forecast.target(mover, this.unsure);
      if (target === undefined) {
        if (!all) {
          pending.push(mover);
          continue;
        }
        for (const p of done.reverse()) forecast.account(p.mover, p.node, -1);
        for (const owner of newlyUnsure) this.unsure.delete(owner);
        for (const m of displaced) forecast.account(m, node, 1);
        forecast.setCordoned(node, false);
        return false;
      }
      forecast.account(mover, target.node, 1);
      done.push(target);
      if (!target.sure && !this.unsure.has(mover.owner)) {
        this.unsure.add(mover.owner);
        newlyUnsure.push(mover.owner);
      }
    }
    this.pending.push(...pending);
    this.placed.delete(node);
    for (const placed of done) {
      const list = this.placed.get(placed.node);
      if (list) list.push(placed);
      else this.placed.set(placed.node, [placed]);
    }
    this.join(node);
    return true;
  }

  commit(): void {
    this.forecast.settle(this.drained, this.placed, this.pending);
  }

  private join(node: string): void {
    this.drained.push(node);
    this.forecast.setCordoned(node, true);
  }
}
