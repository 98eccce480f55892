import { readPlanFile } from '../../adapters/file/read-plan-file.js';
import { runPreflight, unignoredBlocking } from '../../app/run-preflight.js';
import { openSimulatedTarget, readSimulatedState, simulatedPaths, stateDir } from '../../app/simulated-target.js';
import { FileJournal } from '../../adapters/file/file-journal.js';
import { quoteArgv } from '../../core/command/quote-argv.js';
import { formatDuration } from '../../core/format-duration.js';
import { ConfigError, InternalError } from '../../core/errors.js';
import { firstPlanDifference, rederivePlan, replacesWorkers, validatePlan, validatePlanDocument, type UpgradePlan } from '../../core/planning/index.js';
import { latestPatchOf } from '../../core/releases/index.js';
import { parseVersionSpec } from '../../core/version/index.js';
import { dryRunUpgrade, planId, runUpgrade, type DrainOptions } from '../../engine/index.js';
import type { EventSink, UpgradeEvent } from '../../ports/index.js';
import { formatEvent } from '../../report/render-event.js';
import { describeStrategy } from '../../report/render-plan.js';
import { EXIT, type CliIo } from '../cli-io.js';
import { APPLY_HELP } from '../help-text.js';
import type { LiveCluster } from '../../app/live-target.js';
import { readSpareHosts } from '../../adapters/provision/read-spare-hosts.js';
import { checkSurgeMachines, SURGE_MACHINE_FLAGS, type SurgeMachines } from '../../app/surge-machines.js';
import { loadCatalog, loadClusterSource, sshOptionsFrom, type ClusterSource } from '../load-inputs.js';
import { parseArgvFlag, parseCommandLine, parseDuration, parseOutput, parseSeed, type ParsedCommandLine } from '../parse-command-line.js';
import { planFromOptions } from '../../app/plan-from-options.js';
import { drainOverrides, PLAN_OPTIONS, planOptionsFrom, reportBlocking } from '../plan-flags.js';
import { reportOfRun } from '../../app/build-upgrade-report.js';
import type { Finding } from '../../core/findings.js';
import { renderHtmlReport } from '../../report/html/render-html-report.js';
import type { Simulation } from '../../adapters/sim/index.js';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import { checkReportPath, REPORT_OPTION, writeReport } from '../write-report.js';

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

/** Prints events as they come, with the run's elapsed time; keeps them when a report will be drawn. */
class TerminalEvents implements EventSink {
  private start: number | undefined;
  readonly kept: UpgradeEvent[] = [];
  constructor(private readonly io: CliIo, private readonly json: boolean, private readonly keep = false) {}
  emit(event: UpgradeEvent): void {
    if (this.keep) this.kept.push(event);
    if (this.json) return this.io.stdout(`${JSON.stringify(event)}\n`);
    this.start ??= event.at;
    const line = formatEvent(event);
    if (line === undefined) return;
    this.io.stdout(`${formatDuration(event.at - this.start, 'progress')}  ${line}\n`);
  }
}

export async function applyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine('apply', args, APPLY_OPTIONS);
  if (values.help) return io.stdout(APPLY_HELP), EXIT.ok;
  if (positionals.length > 0) throw new ConfigError(`unexpected argument "${positionals[0]}": see "kubehop apply --help"`);
  const output = parseOutput('apply', values.output, ['table', 'json'] as const, 'table');
  const drain = drainOverrides(values);
  const soakMs = parseDuration('--soak', values.soak);
  const speed = values.speed === undefined ? 300 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new ConfigError(`invalid --speed "${values.speed}": give how many times faster than real time the simulated cluster runs, e.g. 300, or 0 for as fast as possible`);
  const seed = parseSeed(values.seed);
  if (values.resume && values['start-over']) throw new ConfigError('--resume and --start-over contradict each other: --resume goes on with the interrupted run, --start-over discards its journal; give one');
  if (values.resume && values['dry-run']) throw new ConfigError('--dry-run cannot be combined with --resume: a dry run shows what a fresh apply of the plan would change; leave out --resume (or --dry-run)');
  if (values.report !== undefined && values['dry-run']) throw new ConfigError('--report draws a run, and a dry run changes nothing: leave out --dry-run, or see the planned timeline with "kubehop plan --report FILE"');
  await checkReportPath(values.report);
  if (values.plan && (values.to || values.strategy || values['workers-every-hop'])) {
    throw new ConfigError('--plan carries its own target and strategy: leave out --to, --strategy and --workers-every-hop');
  }

  const source = await loadClusterSource(values, io, { sshRequired: true, scanObjects: true });
  try {
    return await applyTo(source, values, io, { output, drain, soakMs, speed, seed, args });
  } finally {
    if (source.kind === 'live') source.live.close();
  }
}

type ApplyValues = ParsedCommandLine<typeof APPLY_OPTIONS>['values'];

async function applyTo(
  source: ClusterSource,
  values: ApplyValues,
  io: CliIo,
  settings: { output: 'table' | 'json'; drain: Partial<DrainOptions>; soakMs: number | undefined; speed: number; seed: number; args: readonly string[] },
): Promise<number> {
  const described = source.cluster;
  const { output, drain, soakMs, speed, seed, args } = settings;
  const dryRun = values['dry-run'] === true;
  // A simulated cluster is what the last apply left of it, as a real one would be: resume and
  // "nothing to do" work from a new process.
  const dir = stateDir(io.env);
  const simulated = source.kind === 'simulated' ? await readSimulatedState(dir, described) : undefined;
  const events = new TerminalEvents(io, output === 'json', values.report !== undefined);
  const target = source.kind === 'simulated'
    ? await openSimulatedTarget(described, { seed, speed: dryRun ? 0 : speed, dir, events, persist: !dryRun, ...(simulated ? { saved: simulated.simulation } : {}) })
    : undefined;
  const cluster = simulated && target ? target.sim.snapshot() : described;
  let plan: UpgradePlan;
  let planName: string;
  let kept: UpgradePlan | undefined;
  if (values.plan) {
    plan = await readPlanFile(values.plan);
    planName = `plan ${values.plan}`;
    if (plan.cluster !== cluster.name) throw new ConfigError(`plan ${values.plan} was made for cluster "${plan.cluster}", not "${cluster.name}": plan again with --cluster ${cluster.name}`);
  } else if (values.resume && simulated?.plan) {
    plan = simulated.plan;
    planName = 'the plan of the interrupted run';
  } else if (values.resume && source.kind === 'live' && (kept = await keptPlanOfRun(source.live, values.journal))) {
    plan = kept;
    planName = 'the plan of the interrupted run';
    if (values.to !== undefined && !targetMatches(values.to, plan.to)) {
      throw new ConfigError(`--to ${values.to} is not where the interrupted run goes (${plan.from} -> ${plan.to}): resume it with --to ${plan.to} or without --to, or pass --start-over to plan again from the cluster as it is now`);
    }
    io.stderr(`kubehop apply: resuming the plan the interrupted run started with (${plan.from} -> ${plan.to}, workers ${describeStrategy(plan.strategy)}), kept beside its journal\n`);
  } else {
    const catalog = await loadCatalog(values.releases);
    const outcome = await planFromOptions(cluster, catalog, planOptionsFrom(values), io.today());
    if (!outcome.ok) return reportBlocking('apply', cluster.name, outcome.blocking, io);
    plan = outcome.plan;
    planName = 'the plan';
  }
  if (source.kind === 'simulated') {
    const previous = await new FileJournal(simulatedPaths(dir, described).journal).read().catch(() => undefined);
    if (previous?.planId === planId(plan) && previous.status === 'completed') {
      io.stdout(`Nothing to do: ${planName} was carried out to the end; cluster "${cluster.name}" is at ${plan.to}${previous.skippedNodes.length > 0 ? `, except ${previous.skippedNodes.join(', ')} (left cordoned at the old version)` : ''}.\n`);
      return EXIT.ok;
    }
  }
  if (values.plan && !values.resume) {
    // A resumed plan meets the cluster half way through it: the journal's digest of the plan it
    // started with must match (the engine checks). A fresh one must fit the cluster as it is, and
    // be exactly what kubehop plans from the inputs it records: a file runs nothing kubehop would
    // not have planned — no foreign command, probe or drain consent.
    const fits = validatePlan(cluster, plan);
    if (!fits.ok) throw new ConfigError(`plan ${values.plan} does not fit cluster "${cluster.name}" as it is now — plan again:\n  ${fits.errors.slice(0, 10).join('\n  ')}`);
    const catalog = await loadCatalog(values.releases);
    const same = rederivePlan(cluster, plan, (minor) => latestPatchOf(catalog, minor));
    if (!same.ok) throw new ConfigError(`plan ${values.plan} is not what kubehop plans for cluster "${cluster.name}" from its inputs, so it is refused; first difference: ${same.difference} — make the plan with "kubehop plan -o json" and do not edit it`);
  }
  // A resumed plan file is checked against what kubehop kept of the run: the simulated cluster's
  // saved plan here, the journal's digest in the engine.
  // The kept plan is checked the same way: the engine compares it with the journal's digest.
  let unverifiedPlan = (values.plan !== undefined || kept !== undefined) && values.resume === true;
  if (unverifiedPlan && simulated?.plan) {
    const difference = firstPlanDifference(plan, simulated.plan);
    if (difference) throw new ConfigError(`plan ${values.plan} is not the plan the interrupted run carried out, so it is refused; first difference: ${difference} — resume with the same plan file, or without --plan`);
    unverifiedPlan = false;
  }
  if (plan.steps.length === 0) {
    io.stdout(`Nothing to do: cluster "${cluster.name}" is already at ${plan.to}.\n`);
    return EXIT.ok;
  }
  const machines = await surgeMachinesFrom(values);
  if (source.kind === 'simulated' && (machines.spares.length > 0 || machines.provision || machines.decommission)) {
    throw new ConfigError(`${SURGE_MACHINE_FLAGS} are for live clusters: a simulated cluster ("${cluster.name}") brings up its own new nodes`);
  }
  if (source.kind === 'live') checkSurgeMachines(plan, cluster, machines, values.resume ?? false);

  const findings = await runPreflight({ cluster, plan, ...(values.manifests ? { manifestPaths: values.manifests } : {}), today: io.today() });
  const blocking = unignoredBlocking(findings, values.ignore ?? []);
  // A resumed run passed preflight when it started. Half way through, the cluster shows the run's
  // own marks (a cordoned node, pods still starting elsewhere, static pods settling after the
  // kubelet restart), and stopping now would leave a mixed cluster behind: say what is seen, go on,
  // and let the steps' own checks and health gates hold the run.
  if (blocking.length > 0 && values.resume) {
    io.stderr(`kubehop apply: preflight sees ${blocking.length} problem${blocking.length === 1 ? '' : 's'} half way through the run; resuming anyway, each step still waits for its health gate:\n`);
    for (const f of blocking) io.stderr(`  ${f.code} (${f.subject}): ${f.message}\n`);
  } else if (blocking.length > 0) {
    io.stderr(`kubehop apply: preflight found ${blocking.length} blocking problem${blocking.length === 1 ? '' : 's'}; nothing was changed:\n`);
    for (const f of blocking) io.stderr(`  ${f.code} (${f.subject}): ${f.message}\n`);
    io.stderr('fix them (see "kubehop preflight" and docs/preflight.md), or start anyway with --ignore CODE for each one you accept\n');
    return EXIT.blocking;
  }
  const overrides = [...new Set(values.ignore ?? [])].filter((code) => findings.some((f) => f.code === code && f.severity === 'blocking'));
  io.stderr(source.kind === 'simulated'
    ? `kubehop apply: cluster "${cluster.name}" is simulated (a built-in or file cluster): this run changes the simulated copy, not real machines${simulated ? `; it goes on from where the last apply left it (${simulatedPaths(dir, described).state}: delete it to start from the cluster as described)` : ''}\n`
    : `kubehop apply: cluster "${cluster.name}" at ${source.live.kube.server} (context ${source.live.kube.context}): this run changes real machines\n`);
  const summary = `upgrade "${cluster.name}" ${plan.from} -> ${plan.to} in ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'} (${plan.hops.map((h) => h.version).join(', ')}), ${plan.steps.length} steps, workers ${describeStrategy(plan.strategy)}, ${Object.values(plan.drains).reduce((a, b) => a + b, 0)} drains`;
  if (!values.yes && !values['dry-run']) {
    if (!io.confirm) throw new ConfigError(`refusing to ${summary} without confirmation: no terminal to ask on — review "kubehop plan" and pass --yes`);
    if (!(await io.confirm(`About to ${summary}.\nProceed? [y/N] `))) {
      io.stderr('kubehop apply: nothing was changed\n');
      return EXIT.ok;
    }
  }

  target?.recordPlan(plan);
  const ports = source.kind === 'live' ? await livePorts(source.live, plan, machines, values, events) : target?.ports;
  if (!ports) throw new InternalError('a simulated cluster has no simulated target');
  // Ctrl-C, SIGTERM, SIGHUP or an output that went away stop the run between steps and inside
  // waits; nodes it cordoned are uncordoned, the lock released, the journal says "interrupted".
  const interrupt = new AbortController();
  let stoppedBy: string | undefined;
  const stopListening = io.onStop?.((why) => {
    stoppedBy = why;
    interrupt.abort(new Error(`stopped by ${why}`));
  }) ?? (() => undefined);
  const options = {
    signal: interrupt.signal,
    holder: `${io.env.USER ?? 'someone'} (kubehop apply)`,
    drain,
    ...(overrides.length > 0 ? { overrides } : {}),
    ...(soakMs !== undefined ? { soakMs } : {}),
  };
  if (values['dry-run']) {
    const { result, actions } = await dryRunUpgrade(plan, ports, options).finally(stopListening);
    io.stdout(`\nDry run: ${actions.length} changes would be made (status ${result.status}):\n`);
    for (const a of actions) {
      io.stdout(`  ${a.kind === 'api' ? `${a.call} ${a.target}` : a.kind === 'command' ? `${a.node}: ${(a.privileged ? 'sudo ' : '') + quoteArgv(a.argv)}` : a.kind === 'node' ? `${a.call} node ${a.node}` : `wait for ${a.what}`}\n`);
    }
    return result.status === 'failed' ? EXIT.failure : EXIT.ok;
  }
  const result = await runUpgrade(plan, ports, {
    ...options,
    ...(values.resume ? { resume: true } : {}),
    ...(values['start-over'] ? { startOver: true } : {}),
    ...(values['take-over-stale-lock'] ? { takeOverStaleLock: true } : {}),
    ...(unverifiedPlan ? { unverifiedPlan: true } : {}),
  }).finally(stopListening);
  if (values.report !== undefined) {
    // The run is over whatever happens to its report: a report that cannot be written is said, not fatal.
    await writeRunReport(values.report, { cluster, plan, events: events.kept, status: result.status, ...(result.error ? { error: result.error.message } : {}), findings, ...(target ? { sim: target.sim } : {}) })
      .then(() => io.stderr(`kubehop apply: report written to ${values.report}\n`))
      .catch((error: unknown) => io.stderr(`kubehop apply: ${(error as Error).message}\n`));
  }
  if (result.status === 'interrupted') {
    const left = (await ports.journal.read().catch(() => undefined))?.cordonedByRun ?? [];
    const cordons = left.length === 0 ? 'no node it cordoned is left cordoned' : `still cordoned: ${left.join(', ')}`;
    io.stderr(`kubehop apply: stopped by ${stoppedBy ?? 'the operator'}; ${cordons}, the lock is released; continue with: ${resumeCommand(args)}\n`);
    return EXIT.failure;
  }
  if (result.status === 'failed') {
    const left = (await ports.journal.read().catch(() => undefined))?.cordonedByRun ?? [];
    const cordons = left.length === 0 ? 'no node this run cordoned is left cordoned' : `still cordoned by this run: ${left.join(', ')} (kubectl uncordon them, or resume)`;
    io.stderr(`kubehop apply: the upgrade failed: ${result.error?.message ?? 'unknown error'}\n${cordons}; fix the cause and run "kubehop apply --resume" with the same plan\n`);
    return EXIT.failure;
  }
  if (result.status === 'completed-with-skipped-nodes') io.stderr(`kubehop apply: done, but ${result.skippedNodes.join(', ')} stayed cordoned at the old version (drain timed out)\n`);
  return EXIT.ok;
}

/** The HTML report of a run; on a simulated cluster with what the simulator measured of the workloads. */
async function writeRunReport(path: string, run: { cluster: ClusterSnapshot; plan: UpgradePlan; events: readonly UpgradeEvent[]; status: string; error?: string; findings: readonly Finding[]; sim?: Simulation }): Promise<void> {
  const { sim, ...rest } = run;
  let availability;
  if (sim) {
    const metrics = sim.metrics();
    // The simulator counts from when it was opened, the events from the run's first one.
    const offset = sim.clock.now() - metrics.elapsedMs - (run.events[0]?.at ?? sim.clock.now());
    availability = { series: metrics.availability, offset, apiOutages: metrics.apiOutages };
  }
  await writeReport(path, renderHtmlReport(reportOfRun({ ...rest, ...(availability ? { availability } : {}) })));
}

/** The command line that resumes this run: the same arguments with --resume instead of --start-over. */
export function resumeCommand(args: readonly string[]): string {
  const kept = args.filter((a) => a !== '--start-over' && a !== '--resume');
  return quoteArgv(['kubehop', 'apply', ...kept, '--resume']);
}

/** The ports of a real run, loaded only when one happens (the Kubernetes and SSH clients are heavy). */
async function livePorts(live: LiveCluster, plan: UpgradePlan, machines: SurgeMachines, values: ApplyValues, events: EventSink) {
  const [{ liveUpgradePorts }, { SshNodeShell }, { liveSurgeProvisioner }] = await Promise.all([import('../../app/live-target.js'), import('../../adapters/ssh/ssh-node-shell.js'), import('../../app/surge-machines.js')]);
  const shell = live.shell ?? new SshNodeShell(sshOptionsFrom(values, true));
  const ports = liveUpgradePorts(live, shell, events, values.journal);
  if (!replacesWorkers(plan.strategy)) return ports;
  return { ...ports, provisioner: liveSurgeProvisioner(plan, live.cluster, shell, ports.clock, machines) };
}

/**
 * The plan a stopped live run started with, kept beside its journal: what `apply --resume` without
 * --plan goes on with. Only when the journal is of that plan; otherwise planning starts afresh.
 */
async function keptPlanOfRun(live: LiveCluster, journalFile: string | undefined): Promise<UpgradePlan | undefined> {
  const { liveJournal } = await import('../../app/live-target.js');
  const journal = liveJournal(live, journalFile);
  const [record, document] = await Promise.all([journal.read(), journal.keptPlan()]);
  if (!record || document === undefined || record.status === 'completed') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (error) {
    throw new ConfigError(`the plan kept beside the journal is not JSON (${(error as Error).message}): resume with the plan file the run started with (--plan FILE), or pass --start-over`);
  }
  const checked = validatePlanDocument(parsed);
  if (!checked.ok) throw new ConfigError(`the plan kept beside the journal is not a plan kubehop reads (${checked.errors.slice(0, 3).join('; ')}): resume with the plan file the run started with (--plan FILE), or pass --start-over`);
  return planId(checked.value) === record.planId ? checked.value : undefined;
}

/** Whether a --to given on resume names the kept plan's target: its minor, or the exact version. */
function targetMatches(flag: string, target: string): boolean {
  const wanted = parseVersionSpec(flag);
  const to = parseVersionSpec(target);
  return wanted.major === to.major && wanted.minor === to.minor && (wanted.patch === undefined || wanted.patch === to.patch);
}

/** The machines a live surge run may use, from the flags; checked against the plan by checkSurgeMachines. */
async function surgeMachinesFrom(values: ApplyValues): Promise<SurgeMachines> {
  const timeoutMs = parseDuration('--hook-timeout', values['hook-timeout']) ?? 10 * 60_000;
  const provision = parseArgvFlag('--provision-command', values['provision-command']);
  const decommission = parseArgvFlag('--decommission-command', values['decommission-command']);
  if (values['hook-timeout'] !== undefined && !provision && !decommission) throw new ConfigError('--hook-timeout goes with --provision-command or --decommission-command');
  return {
    spares: await readSpareHosts(values['spare-host'] ?? [], values['spare-hosts']),
    ...(provision ? { provision: { argv: provision, timeoutMs } } : {}),
    ...(decommission ? { decommission: { argv: decommission, timeoutMs } } : {}),
  };
}
