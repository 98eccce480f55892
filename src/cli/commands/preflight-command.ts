import { preflightUpgrade } from '../../app/plan-cluster-upgrade.js';
import { ConfigError } from '../../core/errors.js';
import { preflightJson, renderPreflightTable } from '../../report/render-preflight.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { PREFLIGHT_HELP } from '../help-text.js';
import { sourceRequestFrom } from '../load-inputs.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';
import { PLAN_OPTIONS, planOptionsFrom, reportBlocking } from '../plan-flags.js';
import { tableWidth } from '../table-width.js';

export const PREFLIGHT_OPTIONS = { ...PLAN_OPTIONS, manifests: { type: 'string', multiple: true } } as const;

export async function preflightCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('preflight', args, PREFLIGHT_OPTIONS);
  if (values.help) return io.stdout(PREFLIGHT_HELP), EXIT.ok;
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": give manifests as --manifests ${positionals[0]}`);
  const output = parseOutput('preflight', values.output, ['table', 'json'] as const, 'table');
  const date = io.today();
  const result = await preflightUpgrade({
    source: sourceRequestFrom(values, io),
    ...(values.releases ? { releases: values.releases } : {}),
    date,
    options: planOptionsFrom(values),
    ...(values.manifests ? { manifests: values.manifests } : {}),
  });
  if (result.kind === 'skew-blocked') return reportBlocking('preflight', result.cluster.name, result.blocking, io);
  const { plan, findings } = result;
  const report = { cluster: result.cluster.name, from: plan.from, to: plan.to, date, findings };
  io.stdout(output === 'json' ? `${JSON.stringify(preflightJson(report), null, 2)}\n` : renderPreflightTable(report, tableWidth(io)));
  return findings.some((f) => f.severity === 'blocking') ? EXIT.blocking : EXIT.ok;
}
