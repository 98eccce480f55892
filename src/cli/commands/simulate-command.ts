import { reportOfSimulation } from '../../app/build-upgrade-report.js';
import { simulateCluster } from '../../app/simulate-cluster.js';
import { ConfigError } from '../../core/errors.js';
import { renderHtmlReport } from '../../report/html/render-html-report.js';
import { describeStrategy } from '../../report/render-plan.js';
import { renderComparison, renderSimulation, simulationJson } from '../../report/render-simulation.js';
import type { ForecastSchedule } from '../../core/timing/index.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { LiveProgress } from '../live-progress.js';
import { SIMULATE_HELP } from '../help-text.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';
import { reportBlocking } from '../plan-flags.js';
import { SIMULATE_OPTIONS, simulateRequestFrom } from '../simulate-flags.js';
import { checkReportPath, writeReport } from '../write-report.js';
import { tableWidth } from '../table-width.js';

export { SIMULATE_OPTIONS };

export async function simulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('simulate', args, SIMULATE_OPTIONS);
  if (values.help) return io.stdout(SIMULATE_HELP), EXIT.ok;
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": see "kubehop simulate --help"`);
  const output = parseOutput('simulate', values.output, ['table', 'json'] as const, 'table');
  const request = simulateRequestFrom(values, io);
  await checkReportPath(values.report);
  // Shown as a table, each run (one per strategy with --compare) has a status area while it runs
  // (on a terminal) and a summary after it, against its forecast.
  const live: LiveProgress[] = [];
  const progress = output === 'table'
    ? (schedule: ForecastSchedule) => {
        const sink = new LiveProgress(io, { json: false, log: false });
        sink.expect(schedule);
        live.push(sink);
        return sink;
      }
    : undefined;
  const result = await simulateCluster({ ...request, ...(progress ? { progress } : {}) });
  for (const sink of live) sink.stop();
  if (result.kind === 'skew-blocked') return reportBlocking('simulate', result.cluster.name, result.blocking, io);
  const { reports, runs } = result;
  if (values.report !== undefined && runs[0]) {
    await writeReport(values.report, renderHtmlReport(reportOfSimulation(runs[0].report, runs[0].plan, runs[0].findings)));
    io.stderr(`kubehop simulate: report written to ${values.report}\n`);
  }
  if (output === 'json') {
    const json = reports.map((r) => simulationJson(r, { events: values.events ?? false }));
    io.stdout(`${JSON.stringify(values.compare ? json : json[0], null, 2)}\n`);
  } else if (values.compare) {
    io.stdout(renderComparison(reports, { ...tableWidth(io), expectedSeconds: live.map((sink) => sink.tracker.expectedSeconds) }));
    reports.forEach((r, i) => io.stdout(`\n${describeStrategy(r.strategy)}:${live[i]?.summary() ?? '\n'}`));
  } else {
    reports.forEach((r, i) => io.stdout(`${renderSimulation(r, tableWidth(io))}${live[i]?.summary() ?? ''}`));
  }
  return result.allCompleted ? EXIT.ok : EXIT.failure;
}
