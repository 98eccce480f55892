import { freeShareAfter, hasRoomFor, matchesNodeSelector, NodeChoice, toleratesTaints, type PodTemplate } from '../../../core/cluster/index.js';
import { startPod } from '../nodes/pod-lifecycle.js';
import type { SimContext } from '../sim-context.js';
import type { SimNode, SimPod } from '../state/sim-model.js';

// kube-scheduler, reduced: a Pending pod goes to a Ready, uncordoned node whose labels match
// its nodeSelector and whose taints it tolerates, chosen by the scheduler rule the planner's
// forecast shares (core/cluster/scheduler-rule.ts: room, then fewer pods of the same workload,
// then the least allocated); ties are broken with the seeded random stream. Like the real
// scheduler it stops looking after enough feasible nodes in a large cluster
// (percentageOfNodesToScore), starting where the last search stopped. A pod that fit nowhere is only tried again on nodes that have
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
    const pick = new NodeChoice<SimNode>();
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

/** Adds `node` to the search if the pod may run there (a plain function: it runs for every node looked at). */
function consider(pick: NodeChoice<SimNode>, pod: SimPod, template: PodTemplate, spread: ReadonlyMap<string, number> | undefined, node: SimNode): boolean {
  if (!node.ready || node.cordoned || !hasRoomFor(node.allocatable, node.used, pod.requests)) return false;
  if (!matchesNodeSelector(template.nodeSelector, node.labels) || !toleratesTaints(template.tolerations, node.taints)) return false;
  pick.consider(node, spread?.get(node.name) ?? 0, freeShareAfter(node.allocatable, node.used, pod.requests));
  return true;
}
