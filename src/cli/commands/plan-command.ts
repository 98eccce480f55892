import { planClusterUpgrade } from '../../app/plan-cluster-upgrade.js';
import { renderPlanOutput } from '../../report/render-plan-output.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PLAN_HELP } from '../help-text.js';
import { sourceRequestFrom } from '../load-inputs.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';
import { parseStrategy, planOptionsFrom, PLAN_OPTIONS, reportBlocking } from '../plan-flags.js';
import { checkStepFilter, refusePositional, stepFilterFrom } from '../plan-step-flags.js';
import { tableWidth } from '../table-width.js';
import { checkReportPath, REPORT_OPTION, writeReport } from '../write-report.js';

/** Options only plan has: which steps the summary lists. */
export const PLAN_COMMAND_OPTIONS = {
  ...PLAN_OPTIONS,
  ...REPORT_OPTION,
  steps: { type: 'boolean' },
  node: { type: 'string' },
  hop: { type: 'string' },
  'timings-from': { type: 'string' },
} as const;

export async function planCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('plan', args, PLAN_COMMAND_OPTIONS);
  if (values.help) return io.stdout(PLAN_HELP), EXIT.ok;
  if (positionals.length > 0) refusePositional(positionals[0]);
  const output = parseOutput('plan', values.output, ['table', 'wide', 'json', 'yaml', 'markdown'] as const, 'table');
  const filter = stepFilterFrom(values, output);
  const strategy = parseStrategy(values);
  await checkReportPath(values.report);
  const result = await planClusterUpgrade({
    source: sourceRequestFrom(values, io),
    ...(values.releases ? { releases: values.releases } : {}),
    date: io.today(),
    options: planOptionsFrom(values, strategy),
    ...(values['timings-from'] !== undefined ? { timingsFrom: values['timings-from'] } : {}),
    // json and yaml are the plan as data (a file for apply --plan): preflight's verdict is for people.
    withPreflight: (output !== 'json' && output !== 'yaml') || values.report !== undefined,
  });
  if (result.kind === 'skew-blocked') return reportBlocking('plan', result.cluster.name, result.blocking, io);
  const { cluster, plan, forecast, findings, schedule } = result;
  if (result.catalogWarning) io.stderr(`kubehop plan: warning: ${result.catalogWarning}\n`);
  checkStepFilter(filter, cluster, plan);
  if (values.report !== undefined) {
    const { planReportHtml } = await import('../plan-report-html.js');
    await writeReport(values.report, planReportHtml(cluster, plan, findings, schedule));
    io.stderr(`kubehop plan: report written to ${values.report}\n`);
  }
  io.stdout(await renderPlanOutput(output, cluster, plan, forecast, findings, filter, tableWidth(io).width));
  const blocks = findings.some((f) => f.severity === 'blocking');
  // Like preflight: a plan that apply would refuse to start says so in its exit code.
  return blocks ? EXIT.blocking : EXIT.ok;
}
