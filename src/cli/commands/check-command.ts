import { checkCluster } from '../../app/check-cluster.js';
import { checkJson, renderCheckTable } from '../../report/render-check.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { CHECK_HELP } from '../help-text.js';
import { SOURCE_OPTIONS, sourceRequestFrom } from '../load-inputs.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';
import { tableWidth } from '../table-width.js';

export const CHECK_OPTIONS = {
  ...SOURCE_OPTIONS,
  releases: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const;

export async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('check', args, CHECK_OPTIONS);
  if (values.help) return io.stdout(CHECK_HELP), EXIT.ok;
  if (positionals.length > 0) {
    io.stderr(`kubehop check: unexpected argument "${positionals[0]}": see "kubehop check --help"\n`);
    return EXIT.usage;
  }
  const output = parseOutput('check', values.output, ['table', 'wide', 'json'] as const, 'table');
  const report = await checkCluster({ source: sourceRequestFrom(values, io), ...(values.releases ? { releases: values.releases } : {}), date: io.today() });
  io.stdout(output === 'json' ? `${JSON.stringify(checkJson(report), null, 2)}\n` : renderCheckTable(report, { ...tableWidth(io), wide: output === 'wide' }));
  return report.blocking ? EXIT.blocking : EXIT.ok;
}
