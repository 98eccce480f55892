import { isEligibleNode, type ClusterSnapshot, type NodeSnapshot, type PodSnapshot, type PodTemplate, type WorkloadSnapshot } from '../cluster/index.js';
import { classifyPods, isFinished, pdbsForPod, type ClassifyOptions } from '../drain/index.js';
import type { Finding } from '../findings.js';
import type { UpgradePlan } from '../planning/index.js';
import { nameList } from './name-list.js';
import { pdbBudget } from './pdb-budget.js';

// Whether the pods a drain evicts find room elsewhere. Each batch of the plan (steps sharing a
// batch are drained together) is judged against the cluster as observed now, the other nodes
// keeping what already runs on them. Pods are placed largest first on the first node that takes
// them (first-fit decreasing): close enough to the scheduler to count what stays Pending.
// DaemonSet and mirror pods stay on their node; bare pods are deleted, not moved.

const LENIENT: ClassifyOptions = { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true };

interface Usage {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

interface Batch {
  readonly labels: string[];
  readonly nodes: string[];
  readonly workers: boolean;
}

type Reason = 'no-room' | 'no-node';

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const workloadKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
const NO_TEMPLATE: Omit<PodTemplate, 'requests'> = { emptyDir: false, nodeSelector: {}, tolerations: [] };

/** Drain steps grouped by batch, batches with the same nodes (later hops) merged. */
function drainBatches(plan: UpgradePlan): Batch[] {
  const byBatch = new Map<string, { nodes: string[]; workers: boolean }>();
  for (const step of plan.steps) {
    if (step.action !== 'drain') continue;
    const key = step.batch ?? step.id;
    const batch = byBatch.get(key) ?? { nodes: [], workers: step.phase === 'workers' };
    if (!batch.nodes.includes(step.node)) batch.nodes.push(step.node);
    byBatch.set(key, batch);
  }
  const merged = new Map<string, Batch>();
  for (const [label, { nodes, workers }] of byBatch) {
    const sorted = [...nodes].sort(byName);
    const key = sorted.join(' ');
    const existing = merged.get(key);
    if (existing) existing.labels.push(label);
    else merged.set(key, { labels: [label], nodes: sorted, workers });
  }
  return [...merged.values()];
}

function usageOf(pods: readonly PodSnapshot[]): Usage {
  const used: Usage = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const pod of pods) {
    if (isFinished(pod)) continue;
    used.cpuMillis += pod.requests.cpuMillis;
    used.memoryBytes += pod.requests.memoryBytes;
    used.pods += 1;
  }
  return used;
}

function fits(node: NodeSnapshot, used: Usage, pod: PodSnapshot): boolean {
  return (
    used.pods + 1 <= node.allocatable.pods &&
    used.cpuMillis + pod.requests.cpuMillis <= node.allocatable.cpuMillis &&
    used.memoryBytes + pod.requests.memoryBytes <= node.allocatable.memoryBytes
  );
}

/** A fresh node like `node`, as the surge strategy adds one: empty but for its DaemonSet pods. */
function surgeCopy(node: NodeSnapshot, workloads: readonly WorkloadSnapshot[]): { node: NodeSnapshot; used: Usage } {
  const copy: NodeSnapshot = { ...node, name: `${node.name} (surge)`, ready: true, cordoned: false };
  const used: Usage = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const w of workloads) {
    if (w.kind !== 'DaemonSet' || !isEligibleNode(w.template, copy)) continue;
    used.cpuMillis += w.template.requests.cpuMillis;
    used.memoryBytes += w.template.requests.memoryBytes;
    used.pods += 1;
  }
  return { node: copy, used };
}

/** Checks every batch of the plan; see the module comment for the model. */
export function checkCapacity(cluster: ClusterSnapshot, plan: UpgradePlan): Finding[] {
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const podsByNode = new Map<string, PodSnapshot[]>();
  for (const pod of cluster.pods) {
    if (pod.node === undefined) continue;
    const list = podsByNode.get(pod.node) ?? [];
    list.push(pod);
    podsByNode.set(pod.node, list);
  }
  const baseUsage = new Map(cluster.nodes.map((n) => [n.name, usageOf(podsByNode.get(n.name) ?? [])]));
  const templates = new Map(cluster.workloads.map((w) => [workloadKey(w.kind, w.namespace, w.name), w.template]));
  const templateOf = (pod: PodSnapshot): PodTemplate =>
    (pod.owner ? templates.get(workloadKey(pod.owner.kind, pod.namespace, pod.owner.name)) : undefined) ?? { ...NO_TEMPLATE, requests: pod.requests };
  // Most free cpu first, so first fit lands where the scheduler's spreading would.
  const order = cluster.nodes
    .filter((n) => n.ready && !n.cordoned)
    .map((n) => ({ node: n, free: n.allocatable.cpuMillis - (baseUsage.get(n.name)?.cpuMillis ?? 0) }))
    .sort((a, b) => b.free - a.free || byName(a.node.name, b.node.name))
    .map((e) => e.node);

  const findings: Finding[] = [];
  for (const batch of drainBatches(plan)) {
    const drained = new Set(batch.nodes);
    const pods = batch.nodes.flatMap((n) => (podsByNode.get(n) ?? []).filter((p) => !p.deleting));
    const movers = classifyPods(pods, LENIENT)
      .pods.filter((d) => d.disposition === 'evict' && d.pod.owner !== undefined && d.pod.owner.kind !== 'Node')
      .map((d) => d.pod)
      .sort((a, b) => b.requests.cpuMillis - a.requests.cpuMillis || b.requests.memoryBytes - a.requests.memoryBytes || byName(a.name, b.name));
    if (movers.length === 0) continue;
    const surge = plan.strategy.kind === 'surge' && batch.workers ? batch.nodes.flatMap((n) => { const node = nodes.get(n); return node ? [surgeCopy(node, cluster.workloads)] : []; }) : [];
    const delta = new Map<string, Usage>(surge.map((s) => [s.node.name, s.used]));
    const targets = [...surge.map((s) => s.node), ...order.filter((n) => !drained.has(n.name))];
    const unplaced: { pod: PodSnapshot; reason: Reason }[] = [];
    const placed: PodSnapshot[] = [];
    for (const pod of movers) {
      const template = templateOf(pod);
      let eligible = false;
      const target = targets.find((node) => {
        if (!isEligibleNode(template, node)) return false;
        eligible = true;
        return fits(node, delta.get(node.name) ?? { ...(baseUsage.get(node.name) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 }) }, pod);
      });
      if (!target) {
        unplaced.push({ pod, reason: eligible ? 'no-room' : 'no-node' });
        continue;
      }
      const used = delta.get(target.name) ?? { ...(baseUsage.get(target.name) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 }) };
      used.cpuMillis += pod.requests.cpuMillis;
      used.memoryBytes += pod.requests.memoryBytes;
      used.pods += 1;
      delta.set(target.name, used);
      placed.push(pod);
    }
    if (unplaced.length > 0) findings.push(pendingFinding(cluster, plan, batch, movers, placed, unplaced));
  }
  return findings;
}

function pendingFinding(cluster: ClusterSnapshot, plan: UpgradePlan, batch: Batch, movers: readonly PodSnapshot[], placed: readonly PodSnapshot[], unplaced: readonly { pod: PodSnapshot; reason: Reason }[]): Finding {
  const groups = new Map<string, { count: number; reason: Reason }>();
  for (const { pod, reason } of unplaced) {
    const key = `${pod.owner?.kind ?? 'Pod'} ${pod.namespace}/${pod.owner?.name ?? pod.name}`;
    const group = groups.get(`${key}|${reason}`) ?? { count: 0, reason };
    group.count += 1;
    groups.set(`${key}|${reason}`, group);
  }
  const why = (reason: Reason) => (reason === 'no-room' ? 'no room on the other schedulable nodes' : 'no other schedulable node matches its nodeSelector and tolerations');
  const parts = [...groups].map(([key, g]) => `${g.count} of ${key.split('|')[0]} (${why(g.reason)})`);
  // A budget deadlocks the drain when it must let more pods go than it allows and their replacements cannot run.
  const stuck = cluster.pdbs.flatMap((pdb) => {
    const covered = movers.filter((p) => pdbsForPod(p, [pdb]).length > 0);
    if (covered.length === 0 || !unplaced.some((u) => covered.includes(u.pod))) return [];
    const budget = pdbBudget(pdb, cluster.pods);
    const helped = placed.filter((p) => covered.includes(p)).length;
    return covered.length > budget.disruptionsAllowed + helped ? [{ name: `${pdb.namespace}/${pdb.name}`, allowed: budget.disruptionsAllowed }] : [];
  });
  const allAtOnce = plan.strategy.kind === 'all-at-once';
  const severity = allAtOnce ? 'info' : stuck.length > 0 ? 'blocking' : 'overridable';
  const count = unplaced.length === 1 ? '1 pod' : `${unplaced.length} pods`;
  const where = `${batch.nodes.length === 1 ? '' : 'together '}(${nameList(batch.labels, 3)})`;
  let message = `draining ${nameList(batch.nodes)} ${where} leaves ${count} Pending until ${batch.nodes.length === 1 ? 'it is' : 'they are'} back: ${parts.join(', ')}`;
  if (allAtOnce) message += ' — the all-at-once strategy accepts this downtime';
  else if (stuck.length > 0) {
    const budgets = stuck.map((s) => `${s.name} (allows ${s.allowed} now)`).join(', ');
    message += `; PodDisruptionBudget ${budgets} then refuses the remaining evictions, so the drain never finishes — add capacity, lower the requests, or drain fewer nodes at once`;
  } else message += ' — add capacity, lower the requests, or drain fewer nodes at once';
  return { code: 'DRAIN_LEAVES_PODS_PENDING', severity, subject: `drain of ${nameList(batch.nodes)}`, message };
}
