import { reportOfPlan } from '../../app/build-upgrade-report.js';
import { planClusterUpgrade } from '../../app/plan-cluster-upgrade.js';
import { ConfigError } from '../../core/errors.js';
import type { StepFilter } from '../../report/render-plan-summary.js';
import { renderHtmlReport } from '../../report/html/render-html-report.js';
import { renderPlanOutput } from '../../report/render-plan-output.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PLAN_HELP } from '../help-text.js';
import { sourceRequestFrom } from '../load-inputs.js';
import { parseCommandLine, parseCount, parseOutput } from '../parse-command-line.js';
import { parseStrategy, planOptionsFrom, PLAN_OPTIONS, reportBlocking } from '../plan-flags.js';
import { checkReportPath, REPORT_OPTION, writeReport } from '../write-report.js';

/** What an argument given without a flag probably meant: a version is a target, anything else a cluster. */
function positionalAdvice(text: string): string {
  return /^v?\d+\.\d+(\.\d+)?$/.test(text) ? `give the target as --to ${text}` : `give the cluster as --cluster ${text} (demo, classic, shop or a cluster file), or the target as --to VERSION`;
}

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
  if (positionals.length > 0) {
    throw new ConfigError(`unexpected argument "${positionals[0]}": ${positionalAdvice(positionals[0] ?? '')}`);
  }
  const output = parseOutput('plan', values.output, ['table', 'wide', 'json', 'yaml', 'markdown'] as const, 'table');
  const chosen = [values.steps ? '--steps' : undefined, values.node !== undefined ? '--node' : undefined, values.hop !== undefined ? '--hop' : undefined].filter((f) => f !== undefined);
  if (chosen.length > 1) throw new ConfigError(`${chosen.join(' and ')} choose different steps to list: give one of them`);
  if (chosen.length > 0 && output !== 'table') throw new ConfigError(`${chosen[0]} chooses steps for the summary table: leave it out with -o ${output}, which always has every step`);
  const hop = values.hop === undefined ? undefined : parseCount('--hop', values.hop, 1);
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
  if (values.node !== undefined && !cluster.nodes.some((n) => n.name === values.node)) {
    throw new ConfigError(`invalid --node "${values.node}": cluster "${cluster.name}" has no such node; use one of ${cluster.nodes.slice(0, 6).map((n) => n.name).join(', ')}${cluster.nodes.length > 6 ? ', ...' : ''}`);
  }
  if (hop !== undefined && hop > plan.hops.length) throw new ConfigError(`invalid --hop ${hop}: the plan has ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'}; give 1 to ${plan.hops.length}`);
  if (values.report !== undefined) {
    await writeReport(values.report, renderHtmlReport(reportOfPlan(cluster, plan, findings, schedule)));
    io.stderr(`kubehop plan: report written to ${values.report}\n`);
  }
  const filter: StepFilter = values.steps ? { kind: 'all' } : values.node !== undefined ? { kind: 'node', node: values.node } : hop !== undefined ? { kind: 'hop', hop } : { kind: 'none' };
  io.stdout(renderPlanOutput(output, cluster, plan, forecast, findings, filter));
  const blocks = findings.some((f) => f.severity === 'blocking');
  // Like preflight: a plan that apply would refuse to start says so in its exit code.
  return blocks ? EXIT.blocking : EXIT.ok;
}
