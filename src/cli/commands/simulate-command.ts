import { simulateUpgrade, type SimulationReport } from '../../app/simulate-upgrade.js';
import { ConfigError } from '../../core/errors.js';
import type { WorkerStrategy } from '../../core/planning/index.js';
import { renderComparison, renderSimulation, simulationJson } from '../../report/render-simulation.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { SIMULATE_HELP } from '../help-text.js';
import { loadCatalog, loadCluster } from '../load-inputs.js';
import { parseCommandLine, parseCount, parseOutput } from '../parse-command-line.js';
import { planFromOptions } from '../plan-from-options.js';
import { PLAN_OPTIONS, parseStrategy, planOptionsFrom, reportBlocking } from './plan-command.js';

export const SIMULATE_OPTIONS = {
  ...PLAN_OPTIONS,
  seed: { type: 'string' },
  'api-downtime': { type: 'string' },
  compare: { type: 'boolean' },
  events: { type: 'boolean' },
} as const;

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new ConfigError(`invalid --seed "${value}": give a whole number from 0 to 4294967295`);
  return Number(value);
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
        { kind: 'rolling', maxUnavailable: parseCount('--max-unavailable', values['max-unavailable'], 1) },
        { kind: 'surge', maxSurge: parseCount('--max-surge', values['max-surge'], 1) },
        { kind: 'all-at-once' },
      ]
    : [parseStrategy(values)];
  const cluster = await loadCluster('simulate', values.cluster ?? 'demo');
  const catalog = await loadCatalog(values.releases);
  const reports: SimulationReport[] = [];
  for (const strategy of strategies) {
    const outcome = planFromOptions(cluster, catalog, planOptionsFrom(values, strategy), io.today());
    if (!outcome.ok) return reportBlocking('simulate', cluster.name, outcome.blocking, io);
    reports.push(await simulateUpgrade({ cluster, plan: outcome.plan, seed, ...(apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds } : {}) }));
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
