import { stringify } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import { runPreflight } from '../../app/run-preflight.js';
import type { Finding } from '../../core/findings.js';
import { renderPlanSummary, type StepFilter } from '../../report/render-plan-summary.js';
import { renderPlanTable } from '../../report/render-plan.js';
import { renderRunbook } from '../../report/render-runbook.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PLAN_HELP } from '../help-text.js';
import { loadCatalog, loadCluster } from '../load-inputs.js';
import { parseCommandLine, parseCount, parseOutput } from '../parse-command-line.js';
import { planFromOptions } from '../../app/plan-from-options.js';
import { staleCatalogWarning } from '../../core/releases/index.js';
import { parseStrategy, planOptionsFrom, PLAN_OPTIONS, reportBlocking } from '../plan-flags.js';
import { reportOfPlan } from '../../app/build-upgrade-report.js';
import { renderHtmlReport } from '../../report/html/render-html-report.js';
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
  const cluster = await loadCluster(values, io, { scanObjects: true });
  const catalog = await loadCatalog(values.releases);
  const date = io.today();
  const outcome = await planFromOptions(cluster, catalog, planOptionsFrom(values, strategy), date);
  if (!outcome.ok) return reportBlocking('plan', cluster.name, outcome.blocking, io);
  const { plan, forecast } = outcome;
  const warning = staleCatalogWarning(catalog, date);
  if (warning) io.stderr(`kubehop plan: warning: ${warning}\n`);
  if (values.node !== undefined && !cluster.nodes.some((n) => n.name === values.node)) {
    throw new ConfigError(`invalid --node "${values.node}": cluster "${cluster.name}" has no such node; use one of ${cluster.nodes.slice(0, 6).map((n) => n.name).join(', ')}${cluster.nodes.length > 6 ? ', ...' : ''}`);
  }
  if (hop !== undefined && hop > plan.hops.length) throw new ConfigError(`invalid --hop ${hop}: the plan has ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'}; give 1 to ${plan.hops.length}`);
  // json and yaml are the plan as data (a file for apply --plan): preflight's verdict is for people.
  const findings = plan.steps.length > 0 && ((output !== 'json' && output !== 'yaml') || values.report !== undefined) ? await runPreflight({ cluster, plan, today: date }) : [];
  if (values.report !== undefined) {
    await writeReport(values.report, renderHtmlReport(reportOfPlan(cluster, plan, findings)));
    io.stderr(`kubehop plan: report written to ${values.report}\n`);
  }
  const blocks = findings.some((f) => f.severity === 'blocking');
  const filter: StepFilter = values.steps ? { kind: 'all' } : values.node !== undefined ? { kind: 'node', node: values.node } : hop !== undefined ? { kind: 'hop', hop } : { kind: 'none' };
  switch (output) {
    case 'json':
      io.stdout(`${JSON.stringify({ ...plan, forecast }, null, 2)}\n`);
      break;
    case 'yaml':
      io.stdout(stringify({ ...plan, forecast }, { lineWidth: 0 }));
      break;
    case 'markdown':
      io.stdout(renderRunbook(cluster, plan, findings, forecast));
      io.stdout(preflightSummary(findings, '\n## Preflight\n\n'));
      break;
    case 'wide':
      io.stdout(renderPlanTable(cluster, plan));
      io.stdout(preflightSummary(findings, '\n'));
      break;
    case 'table':
      io.stdout(renderPlanSummary(cluster, plan, findings, filter, forecast));
      break;
  }
  // Like preflight: a plan that apply would refuse to start says so in its exit code.
  return blocks ? EXIT.blocking : EXIT.ok;
}

function preflightSummary(findings: readonly Finding[], heading: string): string {
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const lines = [`Preflight: ${count('blocking')} blocking, ${count('overridable')} overridable, ${count('info')} info${findings.length > 0 ? ' — details with "kubehop preflight" (same options)' : ''}`];
  for (const f of findings.filter((x) => x.severity === 'blocking')) lines.push(`  BLOCKING ${f.code}: ${f.message}`);
  return `${heading}${lines.join('\n')}\n`;
}
