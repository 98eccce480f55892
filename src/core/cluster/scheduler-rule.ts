import type { NodeCapacity, Resources } from './cluster-snapshot.js';

// kube-scheduler's choice of a node for one pod, reduced: the simulator's scheduler binds pods by
// it, and the batch planner forecasts by it where a drain's evicted pods go, so the two agree. A
// node fits when it has room for the pod's requests and one more pod; among the nodes that fit,
// fewer pods of the same workload win (spreading replicas), then the larger share of cpu and
// memory left after the pod (NodeResourcesFit's LeastAllocated). Readiness, cordons, selectors
// and taints are the caller's filter.

export interface NodeUsage {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export function hasRoomFor(allocatable: NodeCapacity, used: NodeUsage, requests: Resources): boolean {
  return (
    used.pods + 1 <= allocatable.pods &&
    used.cpuMillis + requests.cpuMillis <= allocatable.cpuMillis &&
    used.memoryBytes + requests.memoryBytes <= allocatable.memoryBytes
  );
}

/** The mean share of cpu and memory a node has left once the pod runs there. */
export function freeShareAfter(allocatable: NodeCapacity, used: NodeUsage, requests: Resources): number {
  const cpu = allocatable.cpuMillis > 0 ? (allocatable.cpuMillis - used.cpuMillis - requests.cpuMillis) / allocatable.cpuMillis : 0;
  const memory = allocatable.memoryBytes > 0 ? (allocatable.memoryBytes - used.memoryBytes - requests.memoryBytes) / allocatable.memoryBytes : 0;
  return (cpu + memory) / 2;
}

/** The best nodes of one search so far; `best` holds the ties, in the order they were seen. */
export class NodeChoice<N> {
  best: N[] = [];
  private spread = Number.POSITIVE_INFINITY;
  private free = Number.NEGATIVE_INFINITY;

  /** A fitting node with `sameWorkload` pods of the pod's workload and `freeShare` left after it. */
  consider(node: N, sameWorkload: number, freeShare: number): void {
    if (sameWorkload < this.spread || (sameWorkload === this.spread && freeShare > this.free)) {
      this.best = [node];
      this.spread = sameWorkload;
      this.free = freeShare;
    } else if (sameWorkload === this.spread && freeShare === this.free) {
      this.best.push(node);
    }
  }
}
