import { hasRoomFor, isEligibleNode, type ClusterSnapshot, type NodeSnapshot, type PodSnapshot, type PodTemplate } from '../cluster/index.js';
import { isFinished } from '../drain/index.js';
import { compareNames } from '../compare-names.js';

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
  readonly open: ReadonlyMap<string, NodeSnapshot>;
  readonly templateOf: (pod: PodSnapshot) => PodTemplate;
  /** Over the nodes of `order` that may run pods of the template, before any drain. */
  readonly eligible: (template: PodTemplate) => EligibleRoom;
}

export interface EligibleRoom {
  readonly count: number;
  readonly maxFreeCpuMillis: number;
  readonly maxFreeMemoryBytes: number;
  /** Equal for templates that place alike (same selector and tolerations). */
  readonly shape: string;
}

const NONE: Usage = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
const byName = compareNames;
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
  const rooms = new Map<PodTemplate, EligibleRoom>();
  const byShape = new Map<string, EligibleRoom>();
  return {
    usage,
    order,
    open: new Map(order.map((n) => [n.name, n])),
    templateOf: (pod) => {
      const owned = pod.owner ? templates.get(workloadKey(pod.owner.kind, pod.namespace, pod.owner.name)) : undefined;
      if (owned) return owned;
      // Without its workload the pod's own requests count, with no selector and no tolerations.
      const key = `${pod.requests.cpuMillis}/${pod.requests.memoryBytes}`;
      const template = bare.get(key) ?? { requests: pod.requests, emptyDir: false, nodeSelector: {}, tolerations: [] };
      bare.set(key, template);
      return template;
    },
    eligible: (template) => {
      const known = rooms.get(template);
      if (known) return known;
      // Thousands of workloads share a handful of shapes: scan the nodes once per shape.
      const shape = JSON.stringify([template.nodeSelector, template.tolerations]);
      let room = byShape.get(shape);
      if (!room) {
        let count = 0;
        let maxFreeCpuMillis = 0;
        let maxFreeMemoryBytes = 0;
        for (const node of order) {
          if (!isEligibleNode(template, node)) continue;
          count += 1;
          maxFreeCpuMillis = Math.max(maxFreeCpuMillis, free(node, 'cpuMillis'));
          maxFreeMemoryBytes = Math.max(maxFreeMemoryBytes, free(node, 'memoryBytes'));
        }
        room = { count, maxFreeCpuMillis, maxFreeMemoryBytes, shape };
        byShape.set(shape, room);
      }
      rooms.set(template, room);
      return room;
    },
  };
}

const fits = (node: NodeSnapshot, used: Usage, pod: PodSnapshot): boolean => hasRoomFor(node.allocatable, used, pod.requests);

/**
 * Places `movers` (largest first) on the index's nodes other than `drained`, and on `extra`
 * nodes (the surge strategy's new nodes, with their usage).
 */
export function placeEvictedPods(index: RoomIndex, drained: ReadonlySet<string>, movers: readonly PodSnapshot[], extra: readonly { node: NodeSnapshot; used: Usage }[] = []): Placement {
  const delta = new Map<string, Usage>(extra.map((e) => [e.node.name, e.used]));
  const usedOn = (node: NodeSnapshot): Usage => delta.get(node.name) ?? index.usage.get(node.name) ?? NONE;
  const drainedOpen = [...drained].flatMap((name) => index.open.get(name) ?? []);
  const take = (template: PodTemplate, pod: PodSnapshot): NodeSnapshot | undefined => {
    for (const { node } of extra) if (isEligibleNode(template, node) && fits(node, usedOn(node), pod)) return node;
    for (const node of index.order) if (!drained.has(node.name) && isEligibleNode(template, node) && fits(node, usedOn(node), pod)) return node;
    return undefined;
  };
  const placed: PodSnapshot[] = [];
  const unplaced: { pod: PodSnapshot; reason: PendingReason }[] = [];
  const failed = new Map<string, PendingReason>();
  const sorted = [...movers].sort((a, b) => b.requests.cpuMillis - a.requests.cpuMillis || b.requests.memoryBytes - a.requests.memoryBytes || byName(a.name, b.name));
  for (const pod of sorted) {
    const template = index.templateOf(pod);
    const room = index.eligible(template);
    const extraRoom = extra.filter((e) => isEligibleNode(template, e.node));
    // Nodes only fill up, so a pod like one that found no place finds none either.
    const like = `${room.shape}/${pod.requests.cpuMillis}/${pod.requests.memoryBytes}`;
    let reason = failed.get(like);
    if (reason === undefined && room.count - drainedOpen.filter((n) => isEligibleNode(template, n)).length + extraRoom.length === 0) reason = 'no-node';
    // No eligible node offers more than the emptiest one did before the batch.
    const maxCpu = Math.max(room.maxFreeCpuMillis, ...extraRoom.map((e) => e.node.allocatable.cpuMillis - e.used.cpuMillis));
    const maxMemory = Math.max(room.maxFreeMemoryBytes, ...extraRoom.map((e) => e.node.allocatable.memoryBytes - e.used.memoryBytes));
    if (reason === undefined && (pod.requests.cpuMillis > maxCpu || pod.requests.memoryBytes > maxMemory)) reason = 'no-room';
    const target = reason === undefined ? take(template, pod) : undefined;
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
