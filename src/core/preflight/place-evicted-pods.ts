import { isEligibleNode, type ClusterSnapshot, type NodeSnapshot, type PodSnapshot, type PodTemplate } from '../cluster/index.js';
import { isFinished } from '../drain/index.js';

// Where the pods a drain evicts would run: largest first, each on the first node that takes it
// (first-fit decreasing), nodes with the most free cpu first, so pods spread the way the
// scheduler's scoring would spread them. Close enough to count what stays Pending, and quick on a
// 5000-node cluster drained one node at a time.

export interface Usage {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export type PendingReason = 'no-room' | 'no-node';

export interface Placement {
  readonly placed: readonly PodSnapshot[];
  readonly unplaced: readonly { readonly pod: PodSnapshot; readonly reason: PendingReason }[];
}

/** What placements share across batches: usage and order of the nodes that take pods. */
export interface RoomIndex {
  readonly usage: ReadonlyMap<string, Usage>;
  /** Ready, uncordoned nodes, most free cpu first. */
  readonly order: readonly NodeSnapshot[];
  readonly templateOf: (pod: PodSnapshot) => PodTemplate;
  /** How many nodes of `order` may run pods of the template. */
  readonly eligibleCount: (template: PodTemplate) => number;
  readonly maxFreeMemoryBytes: number;
}

const NONE: Usage = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const workloadKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

export function usageOf(pods: readonly PodSnapshot[]): Usage {
  let cpuMillis = 0;
  let memoryBytes = 0;
  let count = 0;
  for (const pod of pods) {
    if (isFinished(pod)) continue;
    cpuMillis += pod.requests.cpuMillis;
    memoryBytes += pod.requests.memoryBytes;
    count += 1;
  }
  return { cpuMillis, memoryBytes, pods: count };
}

export function roomIndex(cluster: ClusterSnapshot, podsByNode: ReadonlyMap<string, readonly PodSnapshot[]>): RoomIndex {
  const usage = new Map(cluster.nodes.map((n) => [n.name, usageOf(podsByNode.get(n.name) ?? [])]));
  const free = (n: NodeSnapshot, what: 'cpuMillis' | 'memoryBytes') => n.allocatable[what] - (usage.get(n.name) ?? NONE)[what];
  const order = cluster.nodes.filter((n) => n.ready && !n.cordoned).sort((a, b) => free(b, 'cpuMillis') - free(a, 'cpuMillis') || byName(a.name, b.name));
  const templates = new Map(cluster.workloads.map((w) => [workloadKey(w.kind, w.namespace, w.name), w.template]));
  const bare = new Map<string, PodTemplate>();
  const counts = new Map<PodTemplate, number>();
  return {
    usage,
    order,
    templateOf: (pod) => {
      const owned = pod.owner ? templates.get(workloadKey(pod.owner.kind, pod.namespace, pod.owner.name)) : undefined;
      if (owned) return owned;
      // Without its workload the pod's own requests count, with no selector and no tolerations.
      const key = `${pod.requests.cpuMillis}/${pod.requests.memoryBytes}`;
      const template = bare.get(key) ?? { requests: pod.requests, emptyDir: false, nodeSelector: {}, tolerations: [] };
      bare.set(key, template);
      return template;
    },
    eligibleCount: (template) => {
      let count = counts.get(template);
      if (count === undefined) {
        count = order.filter((n) => isEligibleNode(template, n)).length;
        counts.set(template, count);
      }
      return count;
    },
    maxFreeMemoryBytes: Math.max(0, ...order.map((n) => free(n, 'memoryBytes'))),
  };
}

function fits(node: NodeSnapshot, used: Usage, pod: PodSnapshot): boolean {
  return (
    used.pods + 1 <= node.allocatable.pods &&
    used.cpuMillis + pod.requests.cpuMillis <= node.allocatable.cpuMillis &&
    used.memoryBytes + pod.requests.memoryBytes <= node.allocatable.memoryBytes
  );
}

/**
 * Places `movers` (largest first) on the index's nodes other than `drained`, and on `extra`
 * nodes (the surge strategy's new nodes, with their usage).
 */
export function placeEvictedPods(index: RoomIndex, drained: ReadonlySet<string>, movers: readonly PodSnapshot[], extra: readonly { node: NodeSnapshot; used: Usage }[] = []): Placement {
  const delta = new Map<string, Usage>(extra.map((e) => [e.node.name, e.used]));
  const usedOn = (node: NodeSnapshot): Usage => delta.get(node.name) ?? index.usage.get(node.name) ?? NONE;
  const candidates = [...extra.map((e) => e.node), ...index.order];
  // Nodes only fill up, so no candidate offers more cpu than the emptiest one did at the start.
  const firstOpen = index.order.find((n) => !drained.has(n.name));
  const maxFreeCpu = Math.max(firstOpen ? firstOpen.allocatable.cpuMillis - usedOn(firstOpen).cpuMillis : 0, ...extra.map((e) => e.node.allocatable.cpuMillis - e.used.cpuMillis));
  const maxFreeMemory = Math.max(index.maxFreeMemoryBytes, ...extra.map((e) => e.node.allocatable.memoryBytes - e.used.memoryBytes));
  const drainedOpen = index.order.filter((n) => drained.has(n.name));
  const eligibleElsewhere = (template: PodTemplate) =>
    index.eligibleCount(template) - drainedOpen.filter((n) => isEligibleNode(template, n)).length + extra.filter((e) => isEligibleNode(template, e.node)).length > 0;

  const placed: PodSnapshot[] = [];
  const unplaced: { pod: PodSnapshot; reason: PendingReason }[] = [];
  const failed = new Map<string, PendingReason>();
  const sorted = [...movers].sort((a, b) => b.requests.cpuMillis - a.requests.cpuMillis || b.requests.memoryBytes - a.requests.memoryBytes || byName(a.name, b.name));
  for (const pod of sorted) {
    // A pod like one that found no place finds none either.
    const like = `${pod.namespace}/${pod.owner?.kind}/${pod.owner?.name}/${pod.requests.cpuMillis}/${pod.requests.memoryBytes}`;
    const template = index.templateOf(pod);
    let reason = failed.get(like);
    if (reason === undefined && !eligibleElsewhere(template)) reason = 'no-node';
    if (reason === undefined && (pod.requests.cpuMillis > maxFreeCpu || pod.requests.memoryBytes > maxFreeMemory)) reason = 'no-room';
    const target = reason === undefined ? candidates.find((n) => !drained.has(n.name) && isEligibleNode(template, n) && fits(n, usedOn(n), pod)) : undefined;
    if (!target) {
      reason ??= 'no-room';
      failed.set(like, reason);
      unplaced.push({ pod, reason });
      continue;
    }
    const used = usedOn(target);
    delta.set(target.name, { cpuMillis: used.cpuMillis + pod.requests.cpuMillis, memoryBytes: used.memoryBytes + pod.requests.memoryBytes, pods: used.pods + 1 });
    placed.push(pod);
  }
  return { placed, unplaced };
}
