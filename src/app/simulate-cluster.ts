import type { SimFaults } from '../adapters/sim/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { UpgradePlan, WorkerStrategy } from '../core/planning/index.js';
import type { PreflightFinding } from '../core/preflight/index.js';
import type { DrainOptions } from '../engine/index.js';
import { forecastSchedule, type ForecastSchedule } from '../core/timing/index.js';
import type { EventSink, SimulationReport } from '../ports/index.js';
import { loadCatalog, readClusterFrom, type ClusterSourceRequest } from './cluster-source.js';
import { planFromOptions, type PlanOptions } from './plan-from-options.js';
import { runPreflight } from './run-preflight.js';
import { simulateUpgrade } from './simulate-upgrade.js';

export interface SimulateRequest {
  readonly source: ClusterSourceRequest;
  readonly releases?: readonly string[];
  /** Today, YYYY-MM-DD. */
  readonly date: string;
  readonly options: PlanOptions;
  /** One simulated run per strategy, each planned with `options` and that strategy; absent: `options.strategy`. */
  readonly strategies?: readonly WorkerStrategy[];
  readonly seed: number;
  readonly drain?: Partial<DrainOptions>;
  readonly faults?: SimFaults;
  readonly apiDowntimeSeconds?: number;
  /** Where each run's events go as it runs (live progress), given the run's forecast schedule. */
  readonly progress?: (schedule: ForecastSchedule) => EventSink;
  /** Also run preflight on each run's plan (for a report that shows the findings). */
  readonly withPreflight?: boolean;
}

/** One simulated run: its plan, what the simulator measured, and preflight's findings when asked for. */
export interface SimulatedRun {
  readonly plan: UpgradePlan;
  readonly report: SimulationReport;
  readonly findings: readonly PreflightFinding[];
}

export type SimulateResult =
  | { readonly kind: 'skew-blocked'; readonly cluster: ClusterSnapshot; readonly blocking: readonly Finding[] }
  | { readonly kind: 'simulated'; readonly cluster: ClusterSnapshot; readonly runs: readonly SimulatedRun[]; readonly reports: readonly SimulationReport[]; readonly allCompleted: boolean };

/** A fault that names a node or workload the cluster does not have would silently never fire. */
function checkFaultTargets(faults: SimFaults, cluster: ClusterSnapshot): void {
  const nodes = new Set(cluster.nodes.map((n) => n.name));
  const someNodes = () => [...nodes].slice(0, 5).join(', ');
  for (const node of faults.nodesNeverReadyAfterRestart ?? []) {
    if (!nodes.has(node)) throw new ConfigError(`invalid --fault-node-never-ready "${node}": cluster "${cluster.name}" has no such node; name one of its nodes (${someNodes()}, ...)`);
  }
  for (const fault of faults.failingCommands ?? []) {
    if (fault.node !== undefined && !nodes.has(fault.node)) throw new ConfigError(`invalid --fault-command "${fault.node}:${fault.argvPrefix.join(' ')}": cluster "${cluster.name}" has no node "${fault.node}"; name one of its nodes (${someNodes()}, ...)`);
  }
  for (const name of faults.workloadsNeverReady ?? []) {
    const [namespace, workload] = name.includes('/') ? name.split('/', 2) : [undefined, name];
    if (!cluster.workloads.some((w) => w.name === workload && (namespace === undefined || w.namespace === namespace))) {
      throw new ConfigError(`invalid --fault-pods-never-ready "${name}": cluster "${cluster.name}" has no such workload; give [namespace/]name of one of its workloads (${cluster.workloads.slice(0, 5).map((w) => `${w.namespace}/${w.name}`).join(', ')})`);
    }
  }
}

/** kubehop simulate: the upgrade planned and run by the real engine on a simulated copy of the cluster, once per strategy. */
export async function simulateCluster(request: SimulateRequest): Promise<SimulateResult> {
  const cluster = await readClusterFrom(request.source);
  if (request.faults) checkFaultTargets(request.faults, cluster);
  const catalog = await loadCatalog(request.releases);
  const runs: SimulatedRun[] = [];
  for (const strategy of request.strategies ?? [request.options.strategy]) {
    const outcome = await planFromOptions(cluster, catalog, { ...request.options, strategy }, request.date);
    if (!outcome.ok) return { kind: 'skew-blocked', cluster, blocking: outcome.blocking };
    const { plan } = outcome;
    const report = await simulateUpgrade({
      cluster,
      plan,
      seed: request.seed,
      ...(request.drain ? { drain: request.drain } : {}),
      ...(request.faults ? { faults: request.faults } : {}),
      ...(request.apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds: request.apiDowntimeSeconds } : {}),
      ...(request.progress ? { events: request.progress(forecastSchedule(plan, cluster)) } : {}),
    });
    const findings = request.withPreflight && plan.steps.length > 0 ? await runPreflight({ cluster, plan, today: request.date }) : [];
    runs.push({ plan, report, findings });
  }
  const reports = runs.map((r) => r.report);
  return { kind: 'simulated', cluster, runs, reports, allCompleted: reports.every((r) => r.status === 'completed' || r.status === 'completed-with-skipped-nodes') };
}
