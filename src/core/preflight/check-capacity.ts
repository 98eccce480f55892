import { isEligibleNode, type ClusterSnapshot, type NodeSnapshot, type PdbSnapshot, type PodSnapshot, type WorkloadSnapshot } from '../cluster/index.js';
import { classifyPods, pdbBudget, pdbSelects, type ClassifyOptions } from '../drain/index.js';
import type { Finding } from '../findings.js';
import type { UpgradePlan } from '../planning/index.js';
import { nameList } from './name-list.js';
import { groupBy } from './group-by.js';
import { placeEvictedPods, roomIndex, type PendingReason, type Usage } from '../batching/index.js';
import { compareNames } from '../compare-names.js';

// Whether the pods a drain evicts find room elsewhere. Each batch of the plan (steps sharing a
// batch are drained together) is judged against the cluster as observed now, the other nodes
// keeping what already runs on them (placeEvictedPods says how pods are placed). DaemonSet and
// mirror pods stay on their node; bare pods are deleted, not moved.

const LENIENT: ClassifyOptions = { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true };

interface Batch {
  readonly labels: string[];
  readonly nodes: string[];
  readonly workers: boolean;
}

const byName = compareNames;

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

/** A fresh node like `node`, as the surge strategy adds one: empty but for its DaemonSet pods. */
function surgeCopy(node: NodeSnapshot, workloads: readonly WorkloadSnapshot[]): { node: NodeSnapshot; used: Usage } {
  const copy: NodeSnapshot = { ...node, name: `${node.name} (surge)`, ready: true, cordoned: false };
  let cpuMillis = 0;
  let memoryBytes = 0;
  let pods = 0;
  for (const w of workloads) {
    if (w.kind !== 'DaemonSet' || !isEligibleNode(w.template, copy)) continue;
    cpuMillis += w.template.requests.cpuMillis;
    memoryBytes += w.template.requests.memoryBytes;
    pods += 1;
  }
  return { node: copy, used: { cpuMillis, memoryBytes, pods } };
}

/** Checks every batch of the plan; see the module comment for the model. */
export function checkCapacity(cluster: ClusterSnapshot, plan: UpgradePlan): Finding[] {
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const podsByNode = groupBy(cluster.pods, (pod) => pod.node);
  const index = roomIndex(cluster, podsByNode);
  // Budgets are judged on the cluster as observed, the same for every batch: compute each once.
  const allowed = new Map<PdbSnapshot, number>();
  const podsIn = groupBy(cluster.pods, (pod) => pod.namespace);
  const allowedNow = (pdb: PdbSnapshot): number => {
    const now = allowed.get(pdb) ?? pdbBudget(pdb, podsIn.get(pdb.namespace) ?? [], cluster.workloads).disruptionsAllowed;
    allowed.set(pdb, now);
    return now;
  };

  const findings: Finding[] = [];
  for (const batch of drainBatches(plan)) {
    const pods = batch.nodes.flatMap((n) => (podsByNode.get(n) ?? []).filter((p) => !p.deleting));
    const movers = classifyPods(pods, LENIENT)
      .pods.filter((d) => d.disposition === 'evict' && d.pod.owner !== undefined && d.pod.owner.kind !== 'Node')
      .map((d) => d.pod);
    if (movers.length === 0) continue;
    const surge = (plan.strategy.kind === 'surge' || plan.strategy.kind === 'blue-green') && batch.workers ? batch.nodes.flatMap((n) => { const node = nodes.get(n); return node ? [surgeCopy(node, cluster.workloads)] : []; }) : [];
    const { placed, unplaced } = placeEvictedPods(index, new Set(batch.nodes), movers, surge);
    if (unplaced.length > 0) findings.push(pendingFinding(cluster, plan, allowedNow, batch, movers, placed, unplaced));
  }
  return findings;
}

function pendingFinding(cluster: ClusterSnapshot, plan: UpgradePlan, allowedNow: (pdb: PdbSnapshot) => number, batch: Batch, movers: readonly PodSnapshot[], placed: readonly PodSnapshot[], unplaced: readonly { pod: PodSnapshot; reason: PendingReason }[]): Finding {
  const groups = new Map<string, { count: number; reason: PendingReason }>();
  for (const { pod, reason } of unplaced) {
    const key = `${pod.owner?.kind ?? 'Pod'} ${pod.namespace}/${pod.owner?.name ?? pod.name}`;
    const group = groups.get(`${key}|${reason}`) ?? { count: 0, reason };
    group.count += 1;
    groups.set(`${key}|${reason}`, group);
  }
  const why = (reason: PendingReason) => (reason === 'no-room' ? 'no room on the other schedulable nodes' : 'no other schedulable node matches its nodeSelector and tolerations');
  const parts = [...groups].map(([key, g]) => `${g.count} of ${key.split('|')[0]} (${why(g.reason)})`);
  // A budget deadlocks the drain when it must let more pods go than it allows and their replacements cannot run.
  const stuck = cluster.pdbs.flatMap((pdb) => {
    const covered = movers.filter((p) => pdbSelects(pdb, p));
    if (covered.length === 0 || !unplaced.some((u) => covered.includes(u.pod))) return [];
    const now = allowedNow(pdb);
    const helped = placed.filter((p) => covered.includes(p)).length;
    return covered.length > now + helped ? [{ name: `${pdb.namespace}/${pdb.name}`, allowed: now }] : [];
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
