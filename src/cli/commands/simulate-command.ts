import { simulateUpgrade, type SimulationReport } from '../../app/simulate-upgrade.js';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import { ConfigError } from '../../core/errors.js';
import type { CommandFault, SimFaults } from '../../adapters/sim/index.js';
import type { WorkerStrategy } from '../../core/planning/index.js';
import { renderComparison, renderSimulation, simulationJson } from '../../report/render-simulation.js';
import { renderHtmlReport } from '../../report/html/render-html-report.js';
import { reportOfSimulation } from '../../app/build-upgrade-report.js';
import { runPreflight } from '../../app/run-preflight.js';
import type { UpgradePlan } from '../../core/planning/index.js';
import { checkReportPath, REPORT_OPTION, writeReport } from '../write-report.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { SIMULATE_HELP } from '../help-text.js';
import { loadCatalog, loadCluster } from '../load-inputs.js';
import { parseCommandLine, parseCount, parseOutput, parseSeed } from '../parse-command-line.js';
import { planFromOptions } from '../../app/plan-from-options.js';
import { drainOverrides, PLAN_OPTIONS, parseMaxUnavailable, parseStrategy, parseWorkloadShare, planOptionsFrom, reportBlocking } from '../plan-flags.js';

export const SIMULATE_OPTIONS = {
  ...PLAN_OPTIONS,
  ...REPORT_OPTION,
  seed: { type: 'string' },
  'api-downtime': { type: 'string' },
  compare: { type: 'boolean' },
  events: { type: 'boolean' },
  'fault-node-never-ready': { type: 'string', multiple: true },
  'fault-command': { type: 'string', multiple: true },
  'fault-pods-never-ready': { type: 'string', multiple: true },
  'drain-timeout': { type: 'string' },
  'drain-timeout-policy': { type: 'string' },
} as const;

/** "worker-2:kubeadm upgrade node" or "kubeadm upgrade apply" (every node), optionally "...*N" for N failures. */
export function parseCommandFault(value: string): CommandFault {
  const colon = value.indexOf(':');
  const node = colon > 0 && /^[A-Za-z0-9.-]+$/.test(value.slice(0, colon)) ? value.slice(0, colon) : undefined;
  const rest = node ? value.slice(colon + 1) : value;
  const m = /^([^*]*?)(?:\*(\d+))?$/.exec(rest.trim());
  const words = m?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (!m || words.length === 0) throw new ConfigError(`invalid --fault-command "${value}": give [NODE:]COMMAND WORDS[*TIMES], e.g. worker-2:kubeadm upgrade node*1`);
  return { argvPrefix: words, ...(node ? { node } : {}), ...(m[2] ? { times: Number(m[2]) } : {}) };
}

function faultsFrom(values: { 'fault-node-never-ready'?: string[] | undefined; 'fault-command'?: string[] | undefined; 'fault-pods-never-ready'?: string[] | undefined }): SimFaults | undefined {
  const faults: SimFaults = {
    ...(values['fault-node-never-ready'] ? { nodesNeverReadyAfterRestart: values['fault-node-never-ready'] } : {}),
    ...(values['fault-command'] ? { failingCommands: values['fault-command'].map(parseCommandFault) } : {}),
    ...(values['fault-pods-never-ready'] ? { workloadsNeverReady: values['fault-pods-never-ready'] } : {}),
  };
  return Object.keys(faults).length > 0 ? faults : undefined;
}

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

function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`invalid ${flag} "${value}": give a whole number of seconds, e.g. 60`);
  return Number(value);
}

export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('simulate', args, SIMULATE_OPTIONS);
  if (values.help) return io.stdout(SIMULATE_HELP), EXIT.ok;
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": see "kubehop simulate --help"`);
  const output = parseOutput('simulate', values.output, ['table', 'json'] as const, 'table');
  const seed = parseSeed(values.seed);
  const apiDowntimeSeconds = parseSeconds('--api-downtime', values['api-downtime']);
  if (values.compare && values.strategy !== undefined) throw new ConfigError('--compare runs every strategy: leave out --strategy');
  const strategies: WorkerStrategy[] = values.compare
    ? [
        { kind: 'rolling', maxUnavailable: parseMaxUnavailable(values['max-unavailable']), ...parseWorkloadShare(values['max-workload-unavailable']) },
        { kind: 'surge', maxSurge: parseCount('--max-surge', values['max-surge'], 1), ...parseWorkloadShare(values['max-workload-unavailable']) },
        { kind: 'blue-green', batch: parseCount('--batch', values.batch, 1) },
        { kind: 'all-at-once' },
      ]
    : [parseStrategy(values)];
  if (values.compare && values.report !== undefined) throw new ConfigError('--report draws one run: leave out --compare, or run simulate once per --strategy with its own --report');
  await checkReportPath(values.report);
  const faults = faultsFrom(values);
  const drain = drainOverrides(values);
  // Without --cluster, --kubeconfig or --context there is nothing to read: the built-in demo.
  const cluster = await loadCluster({ ...values, cluster: values.cluster ?? (values.kubeconfig || values.context ? undefined : 'demo') }, io);
  if (faults) checkFaultTargets(faults, cluster);
  const catalog = await loadCatalog(values.releases);
  const reports: SimulationReport[] = [];
  const plans: UpgradePlan[] = [];
  for (const strategy of strategies) {
    const outcome = await planFromOptions(cluster, catalog, planOptionsFrom(values, strategy), io.today());
    if (!outcome.ok) return reportBlocking('simulate', cluster.name, outcome.blocking, io);
    plans.push(outcome.plan);
    reports.push(await simulateUpgrade({
      cluster,
      plan: outcome.plan,
      seed,
      drain,
      ...(faults ? { faults } : {}),
      ...(apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds } : {}),
    }));
  }
  const [report, plan] = [reports[0], plans[0]];
  if (values.report !== undefined && report && plan) {
    const findings = plan.steps.length > 0 ? await runPreflight({ cluster, plan, today: io.today() }) : [];
    await writeReport(values.report, renderHtmlReport(reportOfSimulation(report, plan, findings)));
    io.stderr(`kubehop simulate: report written to ${values.report}\n`);
  }
  if (output === 'json') {
    const json = reports.map((r) => simulationJson(r, { events: values.events ?? false }));
    io.stdout(`${JSON.stringify(values.compare ? json : json[0], null, 2)}\n`);
  } else if (values.compare) {
    io.stdout(renderComparison(reports));
  } else {
    for (const r of reports) io.stdout(renderSimulation(r));
  }
  return reports.every((r) => r.status === 'completed' || r.status === 'completed-with-skipped-nodes') ? EXIT.ok : EXIT.failure;
}
