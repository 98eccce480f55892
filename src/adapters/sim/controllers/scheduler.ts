import { matchesNodeSelector, toleratesTaints, type PodTemplate } from '../../../core/cluster/index.js';
import { startPod } from '../nodes/pod-lifecycle.js';
import type { SimContext } from '../sim-context.js';
import type { SimNode, SimPod } from '../state/sim-model.js';

// kube-scheduler, reduced: a Pending pod goes to a Ready, uncordoned node whose labels match
// its nodeSelector, whose taints it tolerates and that has room for its requests and one more
// pod; among those it prefers nodes with fewer pods of the same workload, then the least
// allocated, and breaks ties with the seeded random stream. Like the real scheduler it stops
// looking after enough feasible nodes in a large cluster (percentageOfNodesToScore), starting
// where the last search stopped. A pod that fit nowhere is only tried again on nodes that have
// changed since (freed room, Ready, uncordoned, new), which keeps stuck pods cheap.

const NO_TEMPLATE: PodTemplate = { requests: { cpuMillis: 0, memoryBytes: 0 }, emptyDir: false, nodeSelector: {}, tolerations: [] };

/** How many feasible nodes the scheduler looks for before it picks: all below 100 nodes. */
export function feasibleNodesToFind(nodes: number): number {
  if (nodes < 100) return nodes;
  const percentage = Math.max(5, 50 - Math.floor(nodes / 125));
  return Math.max(100, Math.floor((nodes * percentage) / 100));
}

export class PodScheduler {
  private readonly unschedulable = new Set<SimPod>();
  private readonly changedNodes = new Set<string>();
  private nodeList: SimNode[] | undefined;
  private nextStart = 0;
  private needsPass = true;

  constructor(private readonly ctx: SimContext) {}

  podAdded(pod: SimPod): void {
    if (pod.node === undefined) this.needsPass = true;
  }

  podRemoved(pod: SimPod): void {
    this.unschedulable.delete(pod);
  }

  /** Something on the node changed that may let a waiting pod fit. */
  nodeChanged(name: string): void {
    this.changedNodes.add(name);
    if (this.unschedulable.size > 0) this.needsPass = true;
  }

  nodesAddedOrRemoved(): void {
    this.nodeList = undefined;
  }

  hasWork(): boolean {
    return this.needsPass && this.ctx.state.unbound.size > 0;
  }

  run(): void {
    const { state } = this.ctx;
    this.needsPass = false;
    const changed = [...this.changedNodes].flatMap((name) => {
      const node = state.nodes.get(name);
      return node ? [node] : [];
    });
    this.changedNodes.clear();
    for (const pod of [...state.unbound]) {
      if (pod.deleting || pod.node !== undefined) continue;
      const node = pod.targetNode !== undefined ? this.daemonTarget(pod) : this.choose(pod, this.unschedulable.has(pod) ? changed : undefined);
      if (!node) {
        this.unschedulable.add(pod);
        continue;
      }
      this.unschedulable.delete(pod);
      state.bindPod(pod, node.name);
      this.ctx.log.add('pod-scheduled', pod.key, `to ${node.name}`);
      startPod(this.ctx, pod);
    }
  }

  private daemonTarget(pod: SimPod): SimNode | undefined {
    const node = pod.targetNode === undefined ? undefined : this.ctx.state.nodes.get(pod.targetNode);
    // The DaemonSet controller deletes a pod whose node has gone.
    if (!node) this.ctx.state.removePod(pod);
    return node;
  }

  private nodes(): SimNode[] {
    this.nodeList ??= [...this.ctx.state.nodes.values()];
    return this.nodeList;
  }

  /** The best feasible node among `candidates` (all nodes, sampled, when undefined). */
  private choose(pod: SimPod, candidates: readonly SimNode[] | undefined): SimNode | undefined {
    const workload = pod.workload === undefined ? undefined : this.ctx.state.workloads.get(pod.workload);
    const template = workload?.template ?? NO_TEMPLATE;
    const spread = pod.workload === undefined ? undefined : this.ctx.state.spread.get(pod.workload);
    const pick: Pick = { best: [], spread: Number.POSITIVE_INFINITY, free: Number.NEGATIVE_INFINITY };
    if (candidates) {
      for (const node of candidates) consider(pick, pod, template, spread, node);
    } else {
      const all = this.nodes();
      const wanted = feasibleNodesToFind(all.length);
      let found = 0;
      let checked = 0;
      while (checked < all.length && found < wanted) {
        const node = all[(this.nextStart + checked) % all.length];
        checked++;
        if (node && consider(pick, pod, template, spread, node)) found++;
      }
      if (all.length > 0) this.nextStart = (this.nextStart + checked) % all.length;
    }
    const { best } = pick;
    return best.length <= 1 ? best[0] : this.ctx.rng.pick(best);
  }
}

/** The best nodes seen so far in one search: fewest pods of the workload, then most room left. */
interface Pick {
  best: SimNode[];
  spread: number;
  free: number;
}

/** Adds `node` to the search if the pod fits there (a plain function: it runs for every node looked at). */
function consider(pick: Pick, pod: SimPod, template: PodTemplate, spread: ReadonlyMap<string, number> | undefined, node: SimNode): boolean {
  if (!fits(pod, template, node)) return false;
  const same = spread?.get(node.name) ?? 0;
  const free = freeShare(pod, node);
  if (same < pick.spread || (same === pick.spread && free > pick.free)) {
    pick.best = [node];
    pick.spread = same;
    pick.free = free;
  } else if (same === pick.spread && free === pick.free) {
    pick.best.push(node);
  }
  return true;
}

function fits(pod: SimPod, template: PodTemplate, node: SimNode): boolean {
  if (!node.ready || node.cordoned) return false;
  const { allocatable, used } = node;
  if (used.pods + 1 > allocatable.pods) return false;
  if (used.cpuMillis + pod.requests.cpuMillis > allocatable.cpuMillis) return false;
  if (used.memoryBytes + pod.requests.memoryBytes > allocatable.memoryBytes) return false;
  return matchesNodeSelector(template.nodeSelector, node.labels) && toleratesTaints(template.tolerations, node.taints);
}

/** NodeResourcesFit's LeastAllocated: the share of cpu and memory left after placing the pod. */
function freeShare(pod: SimPod, node: SimNode): number {
  const { allocatable, used } = node;
  const cpu = allocatable.cpuMillis > 0 ? (allocatable.cpuMillis - used.cpuMillis - pod.requests.cpuMillis) / allocatable.cpuMillis : 0;
  const memory = allocatable.memoryBytes > 0 ? (allocatable.memoryBytes - used.memoryBytes - pod.requests.memoryBytes) / allocatable.memoryBytes : 0;
  return (cpu + memory) / 2;
}
