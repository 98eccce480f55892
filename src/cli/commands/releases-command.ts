import { listReleases } from '../../app/list-releases.js';
import { releasesJson, renderReleasesTable } from '../../report/render-releases.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { RELEASES_HELP } from '../help-text.js';
import { parseCommandLine, parseDate, parseOutput } from '../parse-command-line.js';
import { tableWidth } from '../table-width.js';

export const RELEASES_OPTIONS = {
  date: { type: 'string' },
  releases: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const;

export async function releasesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('releases', args, RELEASES_OPTIONS);
  if (values.help) return io.stdout(RELEASES_HELP), EXIT.ok;
  if (positionals.length > 0) {
    io.stderr(`kubehop releases: unexpected argument "${positionals[0]}": see "kubehop releases --help"\n`);
    return EXIT.usage;
  }
  const output = parseOutput('releases', values.output, ['table', 'json'] as const, 'table');
  const date = values.date === undefined ? io.today() : parseDate('--date', values.date);
  const { catalog } = await listReleases({ ...(values.releases ? { releases: values.releases } : {}), date });
  io.stdout(output === 'json' ? `${JSON.stringify(releasesJson(catalog, date), null, 2)}\n` : renderReleasesTable(catalog, date, tableWidth(io)));
  return EXIT.ok;
}
