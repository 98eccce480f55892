import type { ClusterSnapshot, PdbSnapshot, PodSnapshot } from '../cluster/index.js';
import { classifyPods, hasScale, isBudgetHealthy, pdbBudget, pdbsForPod, podKey, type ClassifyOptions, type PdbBudget } from '../drain/index.js';
import type { Finding } from '../findings.js';
import { groupBy } from './group-by.js';
import { nameList } from './name-list.js';
import { compareNames } from '../compare-names.js';

// What would stop a drain that the plan cannot get past by itself: budgets that never allow an
// eviction or allow none now, pods under two budgets (the eviction API answers 500), and pods
// kubectl drain refuses without a flag.

const NEEDS_FORCE: ClassifyOptions = { deleteEmptyDirData: true, force: false, ignoreDaemonSets: true };
const NEEDS_EMPTYDIR: ClassifyOptions = { deleteEmptyDirData: false, force: true, ignoreDaemonSets: true };
const LENIENT: ClassifyOptions = { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true };

const pdbName = (pdb: PdbSnapshot) => `${pdb.namespace}/${pdb.name}`;
const byName = compareNames;

function nodesOf(pods: readonly PodSnapshot[], drained: ReadonlySet<string>): string[] {
  return [...new Set(pods.flatMap((p) => (p.node !== undefined && drained.has(p.node) ? [p.node] : [])))].sort(byName);
}

function budgetSetting(pdb: PdbSnapshot): string {
  return pdb.maxUnavailable !== undefined ? `maxUnavailable ${pdb.maxUnavailable}` : `minAvailable ${pdb.minAvailable ?? 0}`;
}

/** How to let one eviction through, for a budget that never allows any. */
function neverAllowsFix(budget: PdbBudget): string {
  const { pdb, expectedPods: expected } = budget;
  if (!budget.computable) {
    const kinds = [...new Set(budget.pods.map((p) => (p.owner && !hasScale(p.owner.kind) ? p.owner.kind : p.owner ? undefined : 'no controller')).filter((k) => k !== undefined))].sort();
    return `its pods (${kinds.join(', ')}) have no controller with a scale, so the disruption controller cannot count the pods ${pdb.maxUnavailable !== undefined ? 'maxUnavailable' : 'a percentage'} refers to — use an integer minAvailable instead`;
  }
  if (pdb.maxUnavailable !== undefined) return 'set maxUnavailable to 1 or more';
  if (typeof pdb.minAvailable === 'string') {
    const most = Math.floor((100 * (expected - 1)) / expected);
    return expected > 1 ? `lower minAvailable to ${most}% or less, or run more replicas` : 'run more than one replica, or lower minAvailable';
  }
  return `lower minAvailable to ${Math.max(0, expected - 1)} or less, or run more than ${budget.desiredHealthy} replicas`;
}

function checkBudgets(cluster: ClusterSnapshot, drained: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const podsIn = groupBy(cluster.pods, (p) => p.namespace);
  for (const pdb of cluster.pdbs) {
    const budget = pdbBudget(pdb, podsIn.get(pdb.namespace) ?? [], cluster.workloads);
    const nodes = nodesOf(budget.pods, drained);
    if (budget.pods.length === 0 || nodes.length === 0) continue;
    const subject = `PodDisruptionBudget ${pdbName(pdb)}`;
    if (budget.neverAllows) {
      findings.push({
        code: 'PDB_NEVER_ALLOWS_EVICTION',
        severity: 'blocking',
        subject,
        message: `${subject} (${budgetSetting(pdb)}) never allows an eviction: ${budget.computable ? `it wants ${budget.desiredHealthy} of its ${budget.expectedPods} pods healthy` : 'it allows no disruption'}, so draining ${nameList(nodes)} waits forever — ${neverAllowsFix(budget)}`,
      });
      continue;
    }
    if (budget.disruptionsAllowed > 0) continue;
    const unready = budget.pods.filter((p) => !isBudgetHealthy(p));
    // Unready pods may still go under AlwaysAllow, or under IfHealthyBudget while the budget is met.
    const unreadyMayGo = pdb.unhealthyPodEvictionPolicy === 'AlwaysAllow' || budget.currentHealthy >= budget.desiredHealthy;
    const waiting = budget.pods.filter((p) => isBudgetHealthy(p) || !unreadyMayGo);
    const waitingNodes = nodesOf(waiting, drained);
    if (waitingNodes.length === 0) continue;
    const unreadyText = unready.map((p) => `${podKey(p)}${p.node ? ` on ${p.node}` : ' (unscheduled)'}`);
    findings.push({
      code: 'PDB_ALLOWS_NO_EVICTION_NOW',
      severity: 'blocking',
      subject,
      message: `${subject} (${budgetSetting(pdb)}) allows no eviction now: it wants ${budget.desiredHealthy} healthy pods and has ${budget.currentHealthy} (not ready: ${nameList(unreadyText)}), so draining ${nameList(waitingNodes)} waits until they are ready — fix the pods that are not ready first`,
    });
  }
  return findings;
}

function checkOverlappingBudgets(cluster: ClusterSnapshot, evicted: readonly PodSnapshot[]): Finding[] {
  const groups = new Map<string, { pdbs: PdbSnapshot[]; pods: PodSnapshot[] }>();
  const pdbsIn = groupBy(cluster.pdbs, (pdb) => pdb.namespace);
  for (const pod of evicted) {
    const pdbs = pdbsForPod(pod, pdbsIn.get(pod.namespace) ?? []);
    if (pdbs.length < 2) continue;
    const key = pdbs.map(pdbName).sort().join(' ');
    const group = groups.get(key) ?? { pdbs: [...pdbs].sort((a, b) => byName(pdbName(a), pdbName(b))), pods: [] };
    group.pods.push(pod);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ pdbs, pods }) => {
    const names = pdbs.map(pdbName).join(', ');
    const podNames = pods.map((p) => `${podKey(p)} on ${p.node ?? '?'}`).sort(byName);
    return {
      code: 'POD_HAS_SEVERAL_PDBS',
      severity: 'blocking',
      subject: `PodDisruptionBudgets ${names}`,
      message: `${nameList(podNames)} ${pods.length === 1 ? 'is' : 'are'} covered by PodDisruptionBudgets ${names} at once: the eviction API refuses ${pods.length === 1 ? 'it' : 'them'} with 500 ("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support") — change the selectors so each pod matches one budget`,
    } satisfies Finding;
  });
}

/** What the operator consented to when planning: without consent these pods stop a drain. */
export interface DrainConsent {
  readonly deleteEmptyDirData: boolean;
  readonly deleteUnmanagedPods: boolean;
}

const NO_CONSENT: DrainConsent = { deleteEmptyDirData: false, deleteUnmanagedPods: false };

function checkDrainFlags(pods: readonly PodSnapshot[], node: string, consent: DrainConsent): Finding[] {
  const findings: Finding[] = [];
  const bare = classifyPods(pods, NEEDS_FORCE).pods.filter((d) => d.disposition === 'blocked').map((d) => podKey(d.pod)).sort(byName);
  const them = bare.length === 1 ? 'it' : 'them';
  if (bare.length > 0 && consent.deleteUnmanagedPods) {
    findings.push({
      code: 'DRAIN_DELETES_UNMANAGED_PODS',
      severity: 'info',
      subject: `node/${node}`,
      message: `the plan drains ${node} deleting ${nameList(bare)}, which no controller owns: nothing recreates ${them}`,
    });
  } else if (bare.length > 0) {
    findings.push({
      code: 'DRAIN_NEEDS_FORCE',
      severity: 'blocking',
      subject: `node/${node}`,
      message: `the drain of ${node} stops at ${nameList(bare)}: ${bare.length === 1 ? 'it declares' : 'they declare'} no controller, so nothing recreates ${them} once deleted — delete ${them}, run ${them} under a Deployment, StatefulSet or Job, or plan with --delete-unmanaged-pods to accept losing ${them}`,
    });
  }
  const local = classifyPods(pods, NEEDS_EMPTYDIR).pods.filter((d) => d.disposition === 'blocked').map((d) => podKey(d.pod)).sort(byName);
  if (local.length > 0 && consent.deleteEmptyDirData) {
    findings.push({
      code: 'DRAIN_DELETES_EMPTYDIR_DATA',
      severity: 'info',
      subject: `node/${node}`,
      message: `the plan drains ${node} with --delete-emptydir-data: the emptyDir data of ${nameList(local)} is deleted — keep nothing there that must survive`,
    });
  } else if (local.length > 0) {
    findings.push({
      code: 'DRAIN_NEEDS_EMPTYDIR_CONSENT',
      severity: 'blocking',
      subject: `node/${node}`,
      message: `the drain of ${node} stops at ${nameList(local)}: ${local.length === 1 ? 'it uses' : 'they use'} emptyDir volumes whose data a drain deletes — plan with --delete-emptydir-data to accept that, or move the data to a volume that survives`,
    });
  }
  return findings;
}

/**
 * Drain blockers on the nodes the plan drains (`drained`; every node when not given).
 * Budgets are judged on the cluster as observed now.
 */
export function checkDrainBlockers(cluster: ClusterSnapshot, drained?: readonly string[], consent: DrainConsent = NO_CONSENT): Finding[] {
  const drainedSet = new Set(drained ?? cluster.nodes.map((n) => n.name));
  const podsByNode = groupBy(cluster.pods, (pod) => (pod.node !== undefined && drainedSet.has(pod.node) && !pod.deleting ? pod.node : undefined));
  const evicted: PodSnapshot[] = [];
  const flagFindings: Finding[] = [];
  for (const node of [...podsByNode.keys()].sort(byName)) {
    const pods = podsByNode.get(node) ?? [];
    evicted.push(...classifyPods(pods, LENIENT).pods.filter((d) => d.disposition === 'evict').map((d) => d.pod));
    flagFindings.push(...checkDrainFlags(pods, node, consent));
  }
  return [...checkBudgets(cluster, drainedSet), ...checkOverlappingBudgets(cluster, evicted), ...flagFindings];
}
