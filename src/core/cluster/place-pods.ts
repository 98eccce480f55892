import type { NodeSnapshot, PodSnapshot, WorkloadSnapshot } from './cluster-snapshot.js';
import { kubeadmStaticPods } from './kubeadm-static-pods.js';
import { isEligibleNode } from './node-eligibility.js';
import { stableSuffix, stableUid } from './stable-hash.js';

// Turns workloads into pods bound to nodes, the way the scheduler and controllers would have left
// a settled cluster: static pods on control-plane nodes, a DaemonSet pod on every eligible node,
// replicas spread round-robin over schedulable nodes with room for their requests. Deterministic:
// names and uids derive from names and indices, so one file always gives the same cluster.

export interface PlacementInput {
  readonly nodes: readonly NodeSnapshot[];
  readonly workloads: readonly WorkloadSnapshot[];
  /** Pods that already exist: kept as given, they use capacity and count toward their owner's replicas. */
  readonly pods?: readonly PodSnapshot[];
  readonly etcd: 'local' | 'external';
}

interface Usage {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

const terminated = (pod: PodSnapshot) => pod.phase === 'Succeeded' || pod.phase === 'Failed';
const workloadKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

export function placePods(input: PlacementInput): PodSnapshot[] {
  const pods: PodSnapshot[] = [];
  const names = new Set<string>();
  const usage = new Map<string, Usage>(input.nodes.map((n) => [n.name, { cpuMillis: 0, memoryBytes: 0, pods: 0 }]));

  const add = (pod: PodSnapshot) => {
    pods.push(pod);
    names.add(`${pod.namespace}/${pod.name}`);
    const used = pod.node === undefined || terminated(pod) ? undefined : usage.get(pod.node);
    if (!used) return;
    used.cpuMillis += pod.requests.cpuMillis;
    used.memoryBytes += pod.requests.memoryBytes;
    used.pods += 1;
  };
  const fits = (node: NodeSnapshot, w: WorkloadSnapshot) => {
    const used = usage.get(node.name);
    const { cpuMillis, memoryBytes } = w.template.requests;
    return (
      used !== undefined &&
      used.pods < node.allocatable.pods &&
      used.cpuMillis + cpuMillis <= node.allocatable.cpuMillis &&
      used.memoryBytes + memoryBytes <= node.allocatable.memoryBytes
    );
  };
  const uniqueName = (namespace: string, wanted: () => string, retry: (attempt: number) => string) => {
    let name = wanted();
    for (let attempt = 1; names.has(`${namespace}/${name}`); attempt++) name = retry(attempt);
    return name;
  };
  const podOf = (w: WorkloadSnapshot, name: string, node: NodeSnapshot | undefined): PodSnapshot => ({
    namespace: w.namespace,
    name,
    uid: stableUid(`pod/${w.namespace}/${name}`),
    ...(node ? { node: node.name } : {}),
    owner: { kind: w.kind, name: w.name },
    phase: node ? 'Running' : 'Pending',
    ready: node ? node.ready : false,
    labels: w.labels,
    requests: w.template.requests,
    emptyDir: w.template.emptyDir,
    mirror: false,
  });

  // Only listed pods can belong to a workload before it is placed; index them once for scale.
  const listedByOwner = new Map<string, PodSnapshot[]>();
  for (const pod of input.pods ?? []) {
    add(pod);
    if (!pod.owner || pod.owner.kind === 'Node' || terminated(pod)) continue;
    const key = workloadKey(pod.owner.kind, pod.namespace, pod.owner.name);
    const list = listedByOwner.get(key);
    if (list) list.push(pod);
    else listedByOwner.set(key, [pod]);
  }
  const listedPodsOf = (w: WorkloadSnapshot) => listedByOwner.get(workloadKey(w.kind, w.namespace, w.name)) ?? [];
  for (const node of input.nodes) {
    for (const pod of kubeadmStaticPods(node, input.etcd)) if (!names.has(`${pod.namespace}/${pod.name}`)) add(pod);
  }

  const daemonSets = input.workloads.filter((w) => w.kind === 'DaemonSet');
  for (const w of daemonSets) {
    const covered = new Set(listedPodsOf(w).map((p) => p.node));
    for (const node of input.nodes) {
      // DaemonSet pods also run on cordoned and NotReady nodes: their controller tolerates both.
      if (covered.has(node.name) || !isEligibleNode(w.template, node)) continue;
      const base = `${w.namespace}/${w.name}/${node.name}`;
      const name = uniqueName(w.namespace, () => `${w.name}-${stableSuffix(base, 5)}`, (a) => `${w.name}-${stableSuffix(`${base}#${a}`, 5)}`);
      add(podOf(w, name, fits(node, w) ? node : undefined));
    }
  }

  // Workloads mostly share a few templates' worth of selectors and tolerations: compute each
  // distinct set of eligible nodes once, as ascending node indices.
  const eligibleCache = new Map<string, number[]>();
  const eligibleFor = (w: WorkloadSnapshot) => {
    const key = JSON.stringify([w.template.nodeSelector, w.template.tolerations]);
    let eligible = eligibleCache.get(key);
    if (!eligible) {
      eligible = [];
      for (const [i, n] of input.nodes.entries()) if (n.ready && !n.cordoned && isEligibleNode(w.template, n)) eligible.push(i);
      eligibleCache.set(key, eligible);
    }
    return eligible;
  };

  let cursor = 0;
  for (const w of input.workloads.filter((w) => w.kind !== 'DaemonSet')) {
    const existing = listedPodsOf(w);
    const counts = new Map<string, number>();
    for (const p of existing) if (p.node !== undefined) counts.set(p.node, (counts.get(p.node) ?? 0) + 1);
    const eligible = eligibleFor(w);
    // Start where the previous workload stopped, so small workloads do not all pile onto the first nodes.
    const start = Math.max(0, firstAtLeast(eligible, cursor));
    const ordinals = statefulOrdinals(w, existing);
    let remaining = w.replicas - existing.length;
    let serial = 0;
    const prefix = w.kind === 'Deployment' ? `${w.name}-${stableSuffix(`${w.namespace}/${w.name}/template`, 10)}` : w.name;
    const nextName = () => {
      serial += 1;
      if (w.kind === 'StatefulSet') return `${w.name}-${ordinals.next().value ?? serial}`;
      const base = `${w.namespace}/${w.name}/${serial}`;
      return uniqueName(w.namespace, () => `${prefix}-${stableSuffix(base, 5)}`, (a) => `${prefix}-${stableSuffix(`${base}#${a}`, 5)}`);
    };
    const maxCount = Math.max(0, ...counts.values());
    for (let pass = 0; remaining > 0 && eligible.length > 0; pass++) {
      let placed = 0;
      for (let k = 0; k < eligible.length && remaining > 0; k++) {
        const index = eligible[(start + k) % eligible.length] ?? 0;
        const node = input.nodes[index];
        if (!node || (counts.get(node.name) ?? 0) > pass || !fits(node, w)) continue;
        add(podOf(w, nextName(), node));
        counts.set(node.name, (counts.get(node.name) ?? 0) + 1);
        cursor = (index + 1) % input.nodes.length;
        remaining -= 1;
        placed += 1;
      }
      if (placed === 0 && pass >= maxCount) break;
    }
    // What fits nowhere stays Pending, unbound, as the scheduler would leave it.
    for (; remaining > 0; remaining--) add(podOf(w, nextName(), undefined));
  }
  return pods;
}

/** Position of the first value >= target in an ascending list; -1 when there is none. */
function firstAtLeast(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? 0) < target) low = mid + 1;
    else high = mid;
  }
  return low < sorted.length ? low : -1;
}

/** The StatefulSet ordinals not yet taken by existing pods, lowest first. */
function* statefulOrdinals(w: WorkloadSnapshot, existing: readonly PodSnapshot[]): Generator<number, undefined> {
  const taken = new Set(existing.map((p) => p.name));
  for (let i = 0; ; i++) if (!taken.has(`${w.name}-${i}`)) yield i;
}
