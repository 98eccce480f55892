import type { ApplyRequest } from '../app/apply-upgrade.js';
import { ConfigError } from '../core/errors.js';
import { quoteArgv } from '../core/command/quote-argv.js';
import { type CliIo } from './cli-io.js';
import { sourceRequestFrom } from './load-inputs.js';
import { parseArgvFlag, parseDuration, parseSeed, type ParsedCommandLine } from './parse-command-line.js';
import { REPORT_OPTION } from './write-report.js';
import { drainOverrides, PLAN_OPTIONS, planOptionsFrom } from './plan-flags.js';

export const APPLY_OPTIONS = {
  ...PLAN_OPTIONS,
  ...REPORT_OPTION,
  plan: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  resume: { type: 'boolean' },
  'start-over': { type: 'boolean' },
  'take-over-stale-lock': { type: 'boolean' },
  'drain-timeout': { type: 'string' },
  'drain-timeout-policy': { type: 'string' },
  'delete-pods-violating-pdbs-after-timeout': { type: 'boolean' },
  soak: { type: 'string' },
  speed: { type: 'string' },
  seed: { type: 'string' },
  ignore: { type: 'string', multiple: true },
  manifests: { type: 'string', multiple: true },
  journal: { type: 'string' },
  'spare-host': { type: 'string', multiple: true },
  'spare-hosts': { type: 'string' },
  'provision-command': { type: 'string' },
  'decommission-command': { type: 'string' },
  'hook-timeout': { type: 'string' },
} as const;

type ApplyValues = ParsedCommandLine<typeof APPLY_OPTIONS>['values'];

/** The apply request the flags describe, every flag checked; what is left to give is how to talk to the operator. */
export function applyRequestFrom(values: ApplyValues, io: CliIo): Omit<ApplyRequest, 'events' | 'notify' | 'confirm' | 'onStop'> {
  const drain = drainOverrides(values);
  const soakMs = parseDuration('--soak', values.soak);
  const speed = values.speed === undefined ? 300 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new ConfigError(`invalid --speed "${values.speed}": give how many times faster than real time the simulated cluster runs, e.g. 300, or 0 for as fast as possible`);
  const seed = parseSeed(values.seed);
  if (values.resume && values['start-over']) throw new ConfigError('--resume and --start-over contradict each other: --resume goes on with the interrupted run, --start-over discards its journal; give one');
  if (values.resume && values['dry-run']) throw new ConfigError('--dry-run cannot be combined with --resume: a dry run shows what a fresh apply of the plan would change; leave out --resume (or --dry-run)');
  if (values.report !== undefined && values['dry-run']) throw new ConfigError('--report draws a run, and a dry run changes nothing: leave out --dry-run, or see the planned timeline with "kubehop plan --report FILE"');
  if (values.plan && (values.to || values.strategy || values['workers-every-hop'])) {
    throw new ConfigError('--plan carries its own target and strategy: leave out --to, --strategy and --workers-every-hop');
  }
  const timeoutMs = parseDuration('--hook-timeout', values['hook-timeout']) ?? 10 * 60_000;
  const provision = parseArgvFlag('--provision-command', values['provision-command']);
  const decommission = parseArgvFlag('--decommission-command', values['decommission-command']);
  if (values['hook-timeout'] !== undefined && !provision && !decommission) throw new ConfigError('--hook-timeout goes with --provision-command or --decommission-command');
  return {
    source: sourceRequestFrom(values, io, { sshRequired: true }),
    ...(values.releases ? { releases: values.releases } : {}),
    date: io.today(),
    plan: values.plan ? { file: values.plan } : { options: planOptionsFrom(values) },
    resume: values.resume ?? false,
    startOver: values['start-over'] ?? false,
    dryRun: values['dry-run'] ?? false,
    takeOverStaleLock: values['take-over-stale-lock'] ?? false,
    drain,
    ...(soakMs !== undefined ? { soakMs } : {}),
    speed,
    seed,
    ...(values.ignore ? { ignore: values.ignore } : {}),
    ...(values.manifests ? { manifests: values.manifests } : {}),
    ...(values.journal ? { journal: values.journal } : {}),
    machines: {
      spareHosts: values['spare-host'] ?? [],
      ...(values['spare-hosts'] !== undefined ? { spareHostsFile: values['spare-hosts'] } : {}),
      ...(provision ? { provision: { argv: provision, timeoutMs } } : {}),
      ...(decommission ? { decommission: { argv: decommission, timeoutMs } } : {}),
    },
    holder: `${io.env.USER ?? 'someone'} (kubehop apply)`,
    yes: values.yes ?? false,
    report: values.report !== undefined,
  };
}

/** The command line that resumes this run: the same arguments with --resume instead of --start-over. */
export function resumeCommand(args: readonly string[]): string {
  const kept = args.filter((a) => a !== '--start-over' && a !== '--resume');
  return quoteArgv(['kubehop', 'apply', ...kept, '--resume']);
}
