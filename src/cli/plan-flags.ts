import { ConfigError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { WorkerStrategy } from '../core/planning/index.js';
import type { DrainOptions } from '../engine/index.js';
import type { PlanOptions } from '../app/plan-from-options.js';
import { EXIT, type CliIo } from './cli-io.js';
import { SOURCE_OPTIONS } from './load-inputs.js';
import { parseCount, parseDuration } from './parse-command-line.js';

// The planning and drain flags plan, preflight, apply and simulate share, read into typed options.

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

/** The drain flags apply and simulate share. */
export function drainOverrides(values: { 'drain-timeout'?: string | undefined; 'drain-timeout-policy'?: string | undefined; 'delete-pods-violating-pdbs-after-timeout'?: boolean | undefined }): Partial<DrainOptions> {
  const policy = values['drain-timeout-policy'];
  if (policy !== undefined && policy !== 'fail' && policy !== 'skip-node') {
    throw new ConfigError(`invalid --drain-timeout-policy "${policy}": use fail (stop and uncordon) or skip-node (leave it cordoned at its old version and go on)`);
  }
  const timeoutMs = parseDuration('--drain-timeout', values['drain-timeout']);
  return {
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(policy ? { onTimeout: policy } : {}),
    ...(values['delete-pods-violating-pdbs-after-timeout'] ? { disruptPdbsOnTimeout: true } : {}),
  };
}

/** Prints the findings that forbid planning and returns exit code 3. */
export function reportBlocking(command: string, cluster: string, blocking: readonly Finding[], io: CliIo): number {
  io.stderr(`kubehop ${command}: cluster "${cluster}" already breaks the version skew policy; fix these first (see "kubehop check"):\n`);
  for (const f of blocking) io.stderr(`  ${f.code}: ${f.message}\n`);
  return EXIT.blocking;
}
