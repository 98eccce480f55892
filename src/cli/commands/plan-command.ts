import { stringify } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import { runPreflight } from '../../app/run-preflight.js';
import type { Finding } from '../../core/findings.js';
import type { WorkerStrategy } from '../../core/planning/index.js';
import { renderPlanSummary, type StepFilter } from '../../report/render-plan-summary.js';
import { renderPlanTable } from '../../report/render-plan.js';
import { renderRunbook } from '../../report/render-runbook.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PLAN_HELP } from '../help-text.js';
import { loadCatalog, loadCluster, SOURCE_OPTIONS } from '../load-inputs.js';
import { parseCommandLine, parseCount, parseOutput } from '../parse-command-line.js';
import { planFromOptions, type PlanOptions } from '../plan-from-options.js';
import { staleCatalogWarning } from './check-command.js';

export const PLAN_OPTIONS = {
  ...SOURCE_OPTIONS,
  to: { type: 'string' },
  'workers-every-hop': { type: 'boolean' },
  strategy: { type: 'string' },
  'max-unavailable': { type: 'string' },
  'max-surge': { type: 'string' },
  batch: { type: 'string' },
  'max-workload-unavailable': { type: 'string' },
  'prepare-ahead': { type: 'string' },
  'allow-unlisted-version': { type: 'boolean' },
  'delete-emptydir-data': { type: 'boolean' },
  'delete-unmanaged-pods': { type: 'boolean' },
  releases: { type: 'string', multiple: true },
  fix: { type: 'string', multiple: true },
  'exclude-node': { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const;

type StrategyValues = { strategy?: string | undefined; 'max-unavailable'?: string | undefined; 'max-surge'?: string | undefined; 'max-workload-unavailable'?: string | undefined; batch?: string | undefined };

/** --max-unavailable: `auto` (the default: as many as budgets, bounds and room allow) or a count. */
export function parseMaxUnavailable(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  return parseCount('--max-unavailable', value, 1);
}

/** --max-workload-unavailable: a percentage of a workload's replicas, 1% to 100%. */
export function parseWorkloadShare(value: string | undefined): { maxWorkloadUnavailable?: number } {
  if (value === undefined) return {};
  const match = /^(\d+)%$/.exec(value);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 1 && percent <= 100)) throw new ConfigError(`invalid --max-workload-unavailable "${value}": give a percentage from 1% to 100%, e.g. 25%`);
  return { maxWorkloadUnavailable: percent / 100 };
}

export function parseStrategy(values: StrategyValues): WorkerStrategy {
  const kind = values.strategy ?? 'rolling';
  if (kind !== 'rolling' && values['max-unavailable'] !== undefined) {
    throw new ConfigError(`--max-unavailable goes with --strategy rolling, not ${kind}`);
  }
  if (kind !== 'surge' && values['max-surge'] !== undefined) {
    throw new ConfigError(`--max-surge goes with --strategy surge, not ${kind}`);
  }
  if (kind !== 'blue-green' && values.batch !== undefined) {
    throw new ConfigError(`--batch goes with --strategy blue-green, not ${kind}`);
  }
  if (kind === 'all-at-once' && values['max-workload-unavailable'] !== undefined) {
    throw new ConfigError('--max-workload-unavailable goes with --strategy rolling or surge: all-at-once takes every workload down');
  }
  const share = parseWorkloadShare(values['max-workload-unavailable']);
  switch (kind) {
    case 'rolling':
      return { kind, maxUnavailable: parseMaxUnavailable(values['max-unavailable']), ...share };
    case 'all-at-once':
      return { kind };
    case 'surge':
      return { kind, maxSurge: parseCount('--max-surge', values['max-surge'], 1), ...share };
    case 'blue-green':
      return { kind, batch: parseCount('--batch', values.batch, 1) };
    default:
      throw new ConfigError(`invalid --strategy "${kind}": use rolling, all-at-once, surge or blue-green`);
  }
}

/** What an argument given without a flag probably meant: a version is a target, anything else a cluster. */
function positionalAdvice(text: string): string {
  return /^v?\d+\.\d+(\.\d+)?$/.test(text) ? `give the target as --to ${text}` : `give the cluster as --cluster ${text} (demo, classic, shop or a cluster file), or the target as --to VERSION`;
}

/** Options only plan has: which steps the summary lists. */
export const PLAN_COMMAND_OPTIONS = {
  ...PLAN_OPTIONS,
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
  const cluster = await loadCluster(values, io, { scanObjects: true });
  const catalog = await loadCatalog(values.releases);
  const date = io.today();
  const outcome = await planFromOptions(cluster, catalog, planOptionsFrom(values, strategy), date);
  if (!outcome.ok) return reportBlocking('plan', cluster.name, outcome.blocking, io);
  const { plan } = outcome;
  const warning = staleCatalogWarning(catalog, date);
  if (warning) io.stderr(`kubehop plan: warning: ${warning}\n`);
  if (values.node !== undefined && !cluster.nodes.some((n) => n.name === values.node)) {
    throw new ConfigError(`invalid --node "${values.node}": cluster "${cluster.name}" has no such node; use one of ${cluster.nodes.slice(0, 6).map((n) => n.name).join(', ')}${cluster.nodes.length > 6 ? ', ...' : ''}`);
  }
  if (hop !== undefined && hop > plan.hops.length) throw new ConfigError(`invalid --hop ${hop}: the plan has ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'}; give 1 to ${plan.hops.length}`);
  // json and yaml are the plan as data (a file for apply --plan): preflight's verdict is for people.
  const findings = plan.steps.length > 0 && output !== 'json' && output !== 'yaml' ? await runPreflight({ cluster, plan, today: date }) : [];
  const blocks = findings.some((f) => f.severity === 'blocking');
  const filter: StepFilter = values.steps ? { kind: 'all' } : values.node !== undefined ? { kind: 'node', node: values.node } : hop !== undefined ? { kind: 'hop', hop } : { kind: 'none' };
  switch (output) {
    case 'json':
      io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
      break;
    case 'yaml':
      io.stdout(stringify(plan, { lineWidth: 0 }));
      break;
    case 'markdown':
      io.stdout(renderRunbook(cluster, plan, findings));
      io.stdout(preflightSummary(findings, '\n## Preflight\n\n'));
      break;
    case 'wide':
      io.stdout(renderPlanTable(cluster, plan));
      io.stdout(preflightSummary(findings, '\n'));
      break;
    case 'table':
      io.stdout(renderPlanSummary(cluster, plan, findings, filter));
      break;
  }
  // Like preflight: a plan that apply would refuse to start says so in its exit code.
  return blocks ? EXIT.blocking : EXIT.ok;
}

/** Prints the findings that forbid planning and returns exit code 3. */
export function reportBlocking(command: string, cluster: string, blocking: readonly Finding[], io: CliIo): number {
  io.stderr(`kubehop ${command}: cluster "${cluster}" already breaks the version skew policy; fix these first (see "kubehop check"):\n`);
  for (const f of blocking) io.stderr(`  ${f.code}: ${f.message}\n`);
  return EXIT.blocking;
}

type PlanValues = Parameters<typeof parseStrategy>[0] & {
  to?: string | undefined;
  'allow-unlisted-version'?: boolean | undefined;
  'workers-every-hop'?: boolean | undefined;
  'delete-emptydir-data'?: boolean | undefined;
  'delete-unmanaged-pods'?: boolean | undefined;
  'prepare-ahead'?: string | undefined;
  fix?: string[] | undefined;
  'exclude-node'?: string[] | undefined;
};

/** The plan options every planning command shares, from its parsed flags. */
export function planOptionsFrom(values: PlanValues, strategy: WorkerStrategy = parseStrategy(values)): PlanOptions {
  return {
    to: values.to,
    allowUnlisted: values['allow-unlisted-version'] ?? false,
    workersEveryHop: values['workers-every-hop'] ?? false,
    strategy,
    drain: drainChoices(values),
    ...parsePrepareAhead(values['prepare-ahead']),
    fix: values.fix ?? [],
    exclude: values['exclude-node'] ?? [],
  };
}

/** --prepare-ahead N: workers whose kubeadm steps run together before their drains; 0 keeps them in the drain window. */
function parsePrepareAhead(value: string | undefined): { prepareAhead?: number } {
  if (value === undefined) return {};
  if (!/^\d+$/.test(value)) throw new ConfigError(`invalid --prepare-ahead "${value}": give a whole number, 0 to prepare each worker inside its drain window`);
  return { prepareAhead: Number(value) };
}

export function drainChoices(values: { 'delete-emptydir-data'?: boolean | undefined; 'delete-unmanaged-pods'?: boolean | undefined }) {
  return { deleteEmptyDirData: values['delete-emptydir-data'] ?? false, deleteUnmanagedPods: values['delete-unmanaged-pods'] ?? false };
}

function preflightSummary(findings: readonly Finding[], heading: string): string {
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const lines = [`Preflight: ${count('blocking')} blocking, ${count('overridable')} overridable, ${count('info')} info${findings.length > 0 ? ' — details with "kubehop preflight" (same options)' : ''}`];
  for (const f of findings.filter((x) => x.severity === 'blocking')) lines.push(`  BLOCKING ${f.code}: ${f.message}`);
  return `${heading}${lines.join('\n')}\n`;
}
