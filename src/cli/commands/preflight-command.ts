import { runPreflight } from '../../app/run-preflight.js';
import { ConfigError } from '../../core/errors.js';
import { preflightJson, renderPreflightTable } from '../../report/render-preflight.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PREFLIGHT_HELP } from '../help-text.js';
import { loadCatalog, loadCluster } from '../load-inputs.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';
import { planFromOptions } from '../../app/plan-from-options.js';
import { PLAN_OPTIONS, planOptionsFrom, reportBlocking } from '../plan-flags.js';

export const PREFLIGHT_OPTIONS = { ...PLAN_OPTIONS, manifests: { type: 'string', multiple: true } } as const;

export async function preflightCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('preflight', args, PREFLIGHT_OPTIONS);
  if (values.help) return io.stdout(PREFLIGHT_HELP), EXIT.ok;
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": give manifests as --manifests ${positionals[0]}`);
  const output = parseOutput('preflight', values.output, ['table', 'json'] as const, 'table');
  const cluster = await loadCluster(values, io, { scanObjects: true });
  const catalog = await loadCatalog(values.releases);
  const date = io.today();
  const outcome = await planFromOptions(cluster, catalog, planOptionsFrom(values), date);
  if (!outcome.ok) return reportBlocking('preflight', cluster.name, outcome.blocking, io);
  const { plan } = outcome;
  const findings = await runPreflight({ cluster, plan, ...(values.manifests ? { manifestPaths: values.manifests } : {}), today: date });
  const report = { cluster: cluster.name, from: plan.from, to: plan.to, date, findings };
  io.stdout(output === 'json' ? `${JSON.stringify(preflightJson(report), null, 2)}\n` : renderPreflightTable(report));
  return findings.some((f) => f.severity === 'blocking') ? EXIT.blocking : EXIT.ok;
}
