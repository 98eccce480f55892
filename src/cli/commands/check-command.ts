import { clusterVersion } from '../../core/cluster/index.js';
import { hasBlocking, sortFindings } from '../../core/findings.js';
import { checkSupportStatus } from '../../core/preflight/check-support-status.js';
import { staleCatalogWarning } from '../../core/releases/index.js';
import { checkSkew } from '../../core/skew/index.js';
import { checkJson, renderCheckTable } from '../../report/render-check.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { CHECK_HELP } from '../help-text.js';
import { loadCatalog, loadCluster, SOURCE_OPTIONS } from '../load-inputs.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';

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
  const output = parseOutput('check', values.output, ['table', 'json'] as const, 'table');
  const cluster = await loadCluster(values, io);
  const catalog = await loadCatalog(values.releases);
  const date = io.today();
  const version = clusterVersion(cluster);
  const findings = sortFindings(checkSkew(cluster));
  const support = version ? checkSupportStatus(catalog, version, date) : [];
  const warning = staleCatalogWarning(catalog, date);
  const report = { cluster, findings, support, date, ...(warning ? { catalogWarning: warning } : {}) };
  io.stdout(output === 'json' ? `${JSON.stringify(checkJson(report), null, 2)}\n` : renderCheckTable(report));
  return hasBlocking([...findings, ...support]) ? EXIT.blocking : EXIT.ok;
}
