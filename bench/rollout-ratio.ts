import type { SimulationReport } from '../src/app/simulate-upgrade.js';
import type { ClusterSnapshot } from '../src/core/cluster/index.js';
import { pdbBudget } from '../src/core/drain/index.js';
import type { UpgradePlan } from '../src/core/planning/index.js';

// What the rollout benches print: the makespan against all-at-once's, and a lower bound on any
// rolling makespan computed without the batch planner. The bound: all-at-once's makespan (every
// worker in one drain window per round) plus, per round, one more window for each extra window the
// budgets force — a budget allowing a evictions whose pods sit on k workers needs ceil(k / a)
// windows; a workload without one, of bound b (a quarter of its replicas, at least one) on k
// workers, needs ceil(k / b) — each window at least as long as the shortest one all-at-once took
// (a worker's drain start to its uncordon). Pods are counted where they run before the upgrade.

export function forcedWindows(cluster: ClusterSnapshot): number {
  const workers = new Set(cluster.nodes.filter((n) => n.role === 'worker').map((n) => n.name));
  let windows = 1;
  const guarded = new Set<string>();
  for (const pdb of cluster.pdbs) {
    const budget = pdbBudget(pdb, cluster.pods, cluster.workloads);
    for (const p of budget.pods) guarded.add(p.uid);
    const nodes = new Set(budget.pods.flatMap((p) => (p.node && workers.has(p.node) ? [p.node] : [])));
    if (nodes.size > 0 && budget.disruptionsAllowed > 0) windows = Math.max(windows, Math.ceil(nodes.size / budget.disruptionsAllowed));
  }
  for (const w of cluster.workloads) {
    if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet' && w.kind !== 'ReplicaSet') continue;
    const pods = cluster.pods.filter((p) => p.namespace === w.namespace && p.owner?.kind === w.kind && p.owner.name === w.name && !guarded.has(p.uid));
    const nodes = new Set(pods.flatMap((p) => (p.node && workers.has(p.node) ? [p.node] : [])));
    if (nodes.size > 0) windows = Math.max(windows, Math.ceil(nodes.size / Math.max(1, Math.floor(w.replicas / 4))));
  }
  return windows;
}

/** The shortest worker drain window of a run: drain step started to uncordon step finished. */
export function shortestWindowMs(report: SimulationReport): number {
  const started = new Map<string, number>();
  let shortest = Infinity;
  for (const e of report.events) {
    if (e.kind === 'step-started' && e.step.phase === 'workers' && e.step.action === 'drain') started.set(e.step.node, e.at);
    if (e.kind === 'step-finished' && e.step.phase === 'workers' && e.step.action === 'uncordon') {
      const from = started.get(e.step.node);
      if (from !== undefined) shortest = Math.min(shortest, e.at - from);
    }
  }
  return Number.isFinite(shortest) ? shortest : 0;
}

export function workerRounds(plan: UpgradePlan): number {
  return new Set(plan.steps.filter((s) => s.phase === 'workers' && s.action === 'drain').map((s) => s.hop)).size;
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** Lowest share of replicas a budget-less workload kept, and whether it kept its bound. */
function workloadFloor(report: SimulationReport): string {
  const unguarded = report.workloads.filter((w) => w.pdb === undefined && w.kind !== 'DaemonSet' && w.desired >= 2);
  const below = unguarded.filter((w) => w.lowestAvailable < w.desired - Math.max(1, Math.floor(w.desired / 4)));
  const lowest = Math.min(...unguarded.map((w) => w.lowestAvailable / w.desired));
  return `${unguarded.length} workloads without a budget, lowest ${(lowest * 100).toFixed(0)} % of replicas, ${below.length} below their bound`;
}

/** Worker batches the plan chose (the distinct batches of its worker drains) and how many the run split. */
function batchesSplit(plan: UpgradePlan, report: SimulationReport): string {
  const planned = new Set(plan.steps.flatMap((s) => (s.phase === 'workers' && s.action === 'drain' && s.batch !== undefined ? [s.batch] : [])));
  const split = report.events.filter((e) => e.kind === 'batch-split').length;
  return `${planned.size} batches planned, ${split} split at run time`;
}

export function describeRun(name: string, report: SimulationReport, allAtOnce: SimulationReport, lowerBoundMs: number, plan?: UpgradePlan): string {
  const refused = report.evictions === 0 ? 0 : (100 * report.evictionsRefused429) / report.evictions;
  return [
    `${name}: ${report.status}, makespan ${minutes(report.makespanMs)} = ${(report.makespanMs / allAtOnce.makespanMs).toFixed(2)} x all-at-once (${minutes(allAtOnce.makespanMs)}),`,
    `  lower bound ${minutes(lowerBoundMs)} (${(report.makespanMs / lowerBoundMs).toFixed(2)} x it); ${report.evictions} evictions, ${report.evictionsRefused429} 429s (${refused.toFixed(1)} %),`,
    `  ${report.pdbViolations.length} PDB violations; ${workloadFloor(report)}; all at target: ${report.allAtTarget}`,
    ...(plan ? [`  ${batchesSplit(plan, report)}`] : []),
  ].join('\n');
}
