import type { CommandFault, SimFaults } from '../adapters/sim/index.js';
import type { SimulateRequest } from '../app/simulate-cluster.js';
import { ConfigError } from '../core/errors.js';
import type { WorkerStrategy } from '../core/planning/index.js';
import type { CliIo } from './cli-io.js';
import { sourceRequestFrom } from './load-inputs.js';
import { parseCount, parseSeed, type ParsedCommandLine } from './parse-command-line.js';
import { REPORT_OPTION } from './write-report.js';
import { drainOverrides, PLAN_OPTIONS, parseMaxUnavailable, parseStrategy, parseWorkloadShare, planOptionsFrom } from './plan-flags.js';

export const SIMULATE_OPTIONS = {
  ...PLAN_OPTIONS,
  ...REPORT_OPTION,
  seed: { type: 'string' },
  'api-downtime': { type: 'string' },
  compare: { type: 'boolean' },
  events: { type: 'boolean' },
  'fault-node-never-ready': { type: 'string', multiple: true },
  'fault-command': { type: 'string', multiple: true },
  'fault-pods-never-ready': { type: 'string', multiple: true },
  'drain-timeout': { type: 'string' },
  'drain-timeout-policy': { type: 'string' },
} as const;

/** "worker-2:kubeadm upgrade node" or "kubeadm upgrade apply" (every node), optionally "...*N" for N failures. */
export function parseCommandFault(value: string): CommandFault {
  const colon = value.indexOf(':');
  const node = colon > 0 && /^[A-Za-z0-9.-]+$/.test(value.slice(0, colon)) ? value.slice(0, colon) : undefined;
  const rest = node ? value.slice(colon + 1) : value;
  const m = /^([^*]*?)(?:\*(\d+))?$/.exec(rest.trim());
  const words = m?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (!m || words.length === 0) throw new ConfigError(`invalid --fault-command "${value}": give [NODE:]COMMAND WORDS[*TIMES], e.g. worker-2:kubeadm upgrade node*1`);
  return { argvPrefix: words, ...(node ? { node } : {}), ...(m[2] ? { times: Number(m[2]) } : {}) };
}

function faultsFrom(values: { 'fault-node-never-ready'?: string[] | undefined; 'fault-command'?: string[] | undefined; 'fault-pods-never-ready'?: string[] | undefined }): SimFaults | undefined {
  const faults: SimFaults = {
    ...(values['fault-node-never-ready'] ? { nodesNeverReadyAfterRestart: values['fault-node-never-ready'] } : {}),
    ...(values['fault-command'] ? { failingCommands: values['fault-command'].map(parseCommandFault) } : {}),
    ...(values['fault-pods-never-ready'] ? { workloadsNeverReady: values['fault-pods-never-ready'] } : {}),
  };
  return Object.keys(faults).length > 0 ? faults : undefined;
}

function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError(`invalid ${flag} "${value}": give a whole number of seconds, e.g. 60`);
  return Number(value);
}

type SimulateValues = ParsedCommandLine<typeof SIMULATE_OPTIONS>['values'];

/** The simulate request the flags describe, every flag checked. */
export function simulateRequestFrom(values: SimulateValues, io: CliIo): SimulateRequest {
  const seed = parseSeed(values.seed);
  const apiDowntimeSeconds = parseSeconds('--api-downtime', values['api-downtime']);
  if (values.compare && values.strategy !== undefined) throw new ConfigError('--compare runs every strategy: leave out --strategy');
  const strategies: WorkerStrategy[] = values.compare
    ? [
        { kind: 'rolling', maxUnavailable: parseMaxUnavailable(values['max-unavailable']), ...parseWorkloadShare(values['max-workload-unavailable']) },
        { kind: 'surge', maxSurge: parseCount('--max-surge', values['max-surge'], 1), ...parseWorkloadShare(values['max-workload-unavailable']) },
        { kind: 'blue-green', batch: parseCount('--batch', values.batch, 1) },
        { kind: 'all-at-once' },
      ]
    : [parseStrategy(values)];
  if (values.compare && values.report !== undefined) throw new ConfigError('--report draws one run: leave out --compare, or run simulate once per --strategy with its own --report');
  const faults = faultsFrom(values);
  const drain = drainOverrides(values);
  // Without --cluster, --kubeconfig or --context there is nothing to read: the built-in demo.
  const source = sourceRequestFrom({ ...values, cluster: values.cluster ?? (values.kubeconfig || values.context ? undefined : 'demo') }, io);
  return {
    source,
    ...(values.releases ? { releases: values.releases } : {}),
    date: io.today(),
    options: planOptionsFrom(values, strategies[0]),
    strategies,
    seed,
    drain,
    ...(faults ? { faults } : {}),
    ...(apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds } : {}),
    withPreflight: values.report !== undefined,
  };
}
