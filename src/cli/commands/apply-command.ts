import { applyUpgrade } from '../../app/apply-upgrade.js';
import { ConfigError } from '../../core/errors.js';
import { renderHtmlReport } from '../../report/html/render-html-report.js';
import { describeApply, renderApplyNotice, renderApplyOutcome } from '../../report/render-apply.js';
import { APPLY_OPTIONS, applyRequestFrom, resumeCommand } from '../apply-flags.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { APPLY_HELP } from '../help-text.js';
import { parseCommandLine, parseOutput } from '../parse-command-line.js';
import { LiveProgress } from '../live-progress.js';
import { checkReportPath, writeReport } from '../write-report.js';

export { APPLY_OPTIONS };

export async function applyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('apply', args, APPLY_OPTIONS);
  if (values.help) return io.stdout(APPLY_HELP), EXIT.ok;
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": see "kubehop apply --help"`);
  const output = parseOutput('apply', values.output, ['table', 'json'] as const, 'table');
  const { confirm, onStop } = io;
  const request = applyRequestFrom(values, io);
  await checkReportPath(values.report);
  const live = new LiveProgress(io, { json: output === 'json', log: true });
  const outcome = await applyUpgrade({
    ...request,
    events: live,
    expect: (schedule) => live.expect(schedule),
    notify: (notice) => {
      if (notice.kind === 'live-target') live.useWallClock();
      io.stderr(renderApplyNotice(notice));
    },
    ...(confirm ? { confirm: (plan) => confirm(`About to ${describeApply(plan)}.\nProceed? [y/N] `) } : {}),
    ...(onStop ? { onStop } : {}),
  });
  if (values.report !== undefined && outcome.kind === 'ran' && outcome.report) {
    // The run is over whatever happens to its report: a report that cannot be written is said, not fatal.
    await writeReport(values.report, renderHtmlReport(outcome.report))
      .then(() => io.stderr(`kubehop apply: report written to ${values.report}\n`))
      .catch((error: unknown) => io.stderr(`kubehop apply: ${(error as Error).message}\n`));
  }
  live.stop();
  if (outcome.kind === 'ran') io.stdout(live.summary());
  const text = renderApplyOutcome(outcome, resumeCommand(args));
  if (text.stdout) io.stdout(text.stdout);
  if (text.stderr) io.stderr(text.stderr);
  // A dry run's list of changes can be long: its summary comes after it, where the eye ends up.
  if (outcome.kind === 'dry-run') io.stdout(live.summary({ dryRun: true }));
  switch (outcome.kind) {
    case 'skew-blocked':
    case 'preflight-blocked':
      return EXIT.blocking;
    case 'unconfirmed':
      return EXIT.usage;
    case 'dry-run':
      return outcome.status === 'failed' ? EXIT.failure : EXIT.ok;
    case 'ran':
      return outcome.status === 'interrupted' || outcome.status === 'failed' ? EXIT.failure : EXIT.ok;
    default:
      return EXIT.ok;
  }
}
