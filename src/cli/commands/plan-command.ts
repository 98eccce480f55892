import { stringify } from 'yaml';
import { clusterVersion } from '../../core/cluster/index.js';
import { ConfigError } from '../../core/errors.js';
import { hasBlocking } from '../../core/findings.js';
import { planUpgrade, type WorkerStrategy } from '../../core/planning/index.js';
import { defaultTarget, latestPatchOf, resolveVersion } from '../../core/releases/index.js';
import { checkSkew } from '../../core/skew/index.js';
import { parseVersionSpec } from '../../core/version/index.js';
import { renderPlanTable } from '../../report/render-plan.js';
import { renderRunbook } from '../../report/render-runbook.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PLAN_HELP } from '../help-text.js';
import { loadCatalog, loadCluster } from '../load-inputs.js';
import { parseCommandLine, parseCount, parseOutput } from '../parse-command-line.js';
import { staleCatalogWarning } from './check-command.js';

export const PLAN_OPTIONS = {
  cluster: { type: 'string' },
  to: { type: 'string' },
  'workers-every-hop': { type: 'boolean' },
  strategy: { type: 'string' },
  'max-unavailable': { type: 'string' },
  'max-surge': { type: 'string' },
  'allow-unlisted-version': { type: 'boolean' },
  releases: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const;

export function parseStrategy(values: { strategy?: string | undefined; 'max-unavailable'?: string | undefined; 'max-surge'?: string | undefined }): WorkerStrategy {
  const kind = values.strategy ?? 'rolling';
  if (kind !== 'rolling' && values['max-unavailable'] !== undefined) {
    throw new ConfigError(`--max-unavailable goes with --strategy rolling, not ${kind}`);
  }
  if (kind !== 'surge' && values['max-surge'] !== undefined) {
    throw new ConfigError(`--max-surge goes with --strategy surge, not ${kind}`);
  }
  switch (kind) {
    case 'rolling':
      return { kind, maxUnavailable: parseCount('--max-unavailable', values['max-unavailable'], 1) };
    case 'all-at-once':
      return { kind };
    case 'surge':
      return { kind, maxSurge: parseCount('--max-surge', values['max-surge'], 1) };
    default:
      throw new ConfigError(`invalid --strategy "${kind}": use rolling, all-at-once or surge`);
  }
}

export async function planCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('plan', args, PLAN_OPTIONS);
  if (values.help) return io.stdout(PLAN_HELP), EXIT.ok;
  if (positionals.length > 0) {
    throw new ConfigError(`unexpected argument "${positionals[0]}": give the target as --to ${positionals[0]}`);
  }
  const output = parseOutput('plan', values.output, ['table', 'json', 'yaml', 'markdown'] as const, 'table');
  const strategy = parseStrategy(values);
  const spec = values.to === undefined ? undefined : parseVersionSpec(values.to);
  const cluster = await loadCluster('plan', values.cluster);
  const catalog = await loadCatalog(values.releases);
  const date = io.today();
  const target = spec
    ? resolveVersion(catalog, spec, { allowUnlisted: values['allow-unlisted-version'] ?? false, date })
    : defaultTarget(catalog, date);

  const findings = checkSkew(cluster);
  if (hasBlocking(findings)) {
    io.stderr(`kubehop plan: cluster "${cluster.name}" already breaks the version skew policy; fix these first (see "kubehop check"):\n`);
    for (const f of findings.filter((x) => x.severity === 'blocking')) io.stderr(`  ${f.code}: ${f.message}\n`);
    return EXIT.blocking;
  }
  if (!clusterVersion(cluster)) throw new ConfigError(`cluster "${cluster.name}" has no control-plane node`);
  const plan = planUpgrade(cluster, {
    target,
    strategy,
    workersEveryHop: values['workers-every-hop'] ?? false,
    latestPatch: (minor) => latestPatchOf(catalog, minor),
  });
  const warning = staleCatalogWarning(catalog, date);
  if (warning) io.stderr(`kubehop plan: warning: ${warning}\n`);
  switch (output) {
    case 'json':
      io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
      break;
    case 'yaml':
      io.stdout(stringify(plan, { lineWidth: 0 }));
      break;
    case 'markdown':
      io.stdout(renderRunbook(cluster, plan));
      break;
    case 'table':
      io.stdout(renderPlanTable(cluster, plan));
      break;
  }
  return EXIT.ok;
}
