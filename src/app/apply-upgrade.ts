import { forecastSchedule, type ForecastSchedule } from '../core/timing/index.js';
import { FileJournal } from '../adapters/file/file-journal.js';
import { readPlanFile } from '../adapters/file/read-plan-file.js';
import type { CommandHook } from '../adapters/provision/index.js';
import { readSpareHosts } from '../adapters/provision/read-spare-hosts.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError, InternalError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { firstPlanDifference, rederivePlan, replacesWorkers, validatePlan, validatePlanDocument, type UpgradePlan } from '../core/planning/index.js';
import { latestPatchOf } from '../core/releases/index.js';
import { parseVersionSpec } from '../core/version/index.js';
import { dryRunUpgrade, planId, runUpgrade, type DrainOptions } from '../engine/index.js';
import type { Simulation } from '../adapters/sim/index.js';
import type { ApplyNotice, ApplyOutcome, EventSink, JournalRecord, UpgradeEvent } from '../ports/index.js';
import { reportOfRun, type RunReportInput } from './build-upgrade-report.js';
import { sampleAvailability, type SampledAvailability } from './sample-availability.js';
import { loadCatalog, openClusterSource, type ClusterSource, type ClusterSourceRequest } from './cluster-source.js';
import type { LiveCluster } from './live-target.js';
import { planFromOptions, type PlanOptions } from './plan-from-options.js';
import { runPreflight, unignoredBlocking } from './run-preflight.js';
import { openSimulatedTarget, readSimulatedState, simulatedPaths, stateDir } from './simulated-target.js';
import { checkSurgeMachines, liveSurgeProvisioner, SURGE_MACHINE_FLAGS, type SurgeMachines } from './surge-machines.js';

export interface ApplyRequest {
  readonly source: ClusterSourceRequest;
  readonly releases?: readonly string[];
  /** Today, YYYY-MM-DD. */
  readonly date: string;
  /** Plan from options, or carry out a plan file made by "kubehop plan -o json". */
  readonly plan: { readonly options: PlanOptions } | { readonly file: string };
  readonly resume?: boolean;
  readonly startOver?: boolean;
  /** Show what a fresh apply would change, change nothing. */
  readonly dryRun?: boolean;
  readonly takeOverStaleLock?: boolean;
  readonly drain?: Partial<DrainOptions>;
  readonly soakMs?: number;
  /** A simulated cluster runs this many times faster than real time (default 300; 0: as fast as it can). */
  readonly speed?: number;
  /** The simulated cluster's seed. */
  readonly seed: number;
  /** Blocking preflight codes the operator accepts. */
  readonly ignore?: readonly string[];
  /** Manifests preflight scans for APIs the target removes. */
  readonly manifests?: readonly string[];
  /** A live run's journal file (default: a ConfigMap in the cluster). */
  readonly journal?: string;
  /** Machines a live surge or blue-green run may join. */
  readonly machines?: { readonly spareHosts?: readonly string[]; readonly spareHostsFile?: string; readonly provision?: CommandHook; readonly decommission?: CommandHook };
  /** Who holds the upgrade lock, as other runs see it. */
  readonly holder: string;
  readonly events: EventSink;
  /** Told, just before the run starts, how long it is expected to take and when each step should end (live progress's ETA). */
  readonly expect?: (schedule: ForecastSchedule) => void;
  /** Also build the run's report (the HTML report's data) into the outcome. */
  readonly report?: boolean;
  readonly notify?: (notice: ApplyNotice) => void;
  /** Asked before anything changes unless `yes` or `dryRun`; absent: nothing changes without `yes`. */
  readonly confirm?: (plan: UpgradePlan) => Promise<boolean>;
  readonly yes?: boolean;
  /** Stops the run between steps and inside waits the way Ctrl-C does; same contract as a stop listener. */
  readonly onStop?: (listener: (why: string) => void) => () => void;
}

/**
 * kubehop apply: plans (or reads and verifies a plan file), runs preflight, asks, and carries the
 * plan out on the cluster: a simulated copy for a named cluster, real machines for a kubeconfig's.
 */
export async function applyUpgrade(request: ApplyRequest): Promise<ApplyOutcome> {
  const source = await openClusterSource(request.source, { scanObjects: true });
  try {
    return await applyTo(source, request);
  } finally {
    if (source.kind === 'live') source.live.close();
  }
}

async function applyTo(source: ClusterSource, request: ApplyRequest): Promise<ApplyOutcome> {
  const described = source.cluster;
  const dryRun = request.dryRun === true;
  const planFile = 'file' in request.plan ? request.plan.file : undefined;
  // A simulated cluster is what the last apply left of it, as a real one would be: resume and
  // "nothing to do" work from a new process.
  const dir = stateDir(request.source.env);
  const kept: UpgradeEvent[] = [];
  const events: EventSink = request.report ? { emit: (e) => (kept.push(e), request.events.emit(e)) } : request.events;
  const simulated = source.kind === 'simulated' ? await readSimulatedState(dir, described) : undefined;
  const target = source.kind === 'simulated'
    ? await openSimulatedTarget(described, { seed: request.seed, speed: dryRun ? 0 : (request.speed ?? 300), dir, events, persist: !dryRun, ...(simulated ? { saved: simulated.simulation } : {}) })
    : undefined;
  const cluster = simulated && target ? target.sim.snapshot() : described;
  let plan: UpgradePlan;
  let planName: string;
  let keptPlan: UpgradePlan | undefined;
  // A live resume reads the journal once, here, to choose its plan; the run starts from that read.
  const runOfJournal = request.resume && source.kind === 'live' && planFile === undefined ? await keptRunOf(source.live, request.journal) : undefined;
  if (planFile !== undefined) {
    plan = await readPlanFile(planFile);
    planName = `plan ${planFile}`;
    if (plan.cluster !== cluster.name) throw new ConfigError(`plan ${planFile} was made for cluster "${plan.cluster}", not "${cluster.name}": plan again with --cluster ${cluster.name}`);
  } else if (request.resume && simulated?.plan) {
    plan = simulated.plan;
    planName = 'the plan of the interrupted run';
  } else if (runOfJournal?.plan && (keptPlan = runOfJournal.plan)) {
    plan = keptPlan;
    planName = 'the plan of the interrupted run';
    const to = 'options' in request.plan ? request.plan.options.to : undefined;
    if (to !== undefined && !targetMatches(to, plan.to)) {
      throw new ConfigError(`--to ${to} is not where the interrupted run goes (${plan.from} -> ${plan.to}): resume it with --to ${plan.to} or without --to, or pass --start-over to plan again from the cluster as it is now`);
    }
    request.notify?.({ kind: 'resuming-kept-plan', plan });
  } else {
    const catalog = await loadCatalog(request.releases);
    const outcome = await planFromOptions(cluster, catalog, (request.plan as { options: PlanOptions }).options, request.date);
    if (!outcome.ok) return { kind: 'skew-blocked', cluster: cluster.name, blocking: outcome.blocking };
    plan = outcome.plan;
    planName = 'the plan';
  }
  if (source.kind === 'simulated') {
    const previous = await new FileJournal(simulatedPaths(dir, described).journal).read().catch(() => undefined);
    if (previous?.planId === planId(plan) && previous.status === 'completed') {
      return { kind: 'already-done', cluster: cluster.name, planName, to: plan.to, skippedNodes: previous.skippedNodes };
    }
  }
  if (planFile !== undefined && !request.resume) {
    // A resumed plan meets the cluster half way through it: the journal's digest of the plan it
    // started with must match (the engine checks). A fresh one must fit the cluster as it is, and
    // be exactly what kubehop plans from the inputs it records: a file runs nothing kubehop would
    // not have planned — no foreign command, probe or drain consent.
    const fits = validatePlan(cluster, plan);
    if (!fits.ok) throw new ConfigError(`plan ${planFile} does not fit cluster "${cluster.name}" as it is now — plan again:\n  ${fits.errors.slice(0, 10).join('\n  ')}`);
    const catalog = await loadCatalog(request.releases);
    const same = rederivePlan(cluster, plan, (minor) => latestPatchOf(catalog, minor));
    if (!same.ok) throw new ConfigError(`plan ${planFile} is not what kubehop plans for cluster "${cluster.name}" from its inputs, so it is refused; first difference: ${same.difference} — make the plan with "kubehop plan -o json" and do not edit it`);
  }
  // A resumed plan file is checked against what kubehop kept of the run: the simulated cluster's
  // saved plan here, the journal's digest in the engine.
  // The kept plan is checked the same way: the engine compares it with the journal's digest.
  let unverifiedPlan = (planFile !== undefined || keptPlan !== undefined) && request.resume === true;
  if (unverifiedPlan && simulated?.plan) {
    const difference = firstPlanDifference(plan, simulated.plan);
    if (difference) throw new ConfigError(`plan ${planFile} is not the plan the interrupted run carried out, so it is refused; first difference: ${difference} — resume with the same plan file, or without --plan`);
    unverifiedPlan = false;
  }
  if (plan.steps.length === 0) return { kind: 'up-to-date', cluster: cluster.name, to: plan.to };
  const machines = await surgeMachinesFrom(request.machines);
  if (source.kind === 'simulated' && (machines.spares.length > 0 || machines.provision || machines.decommission)) {
    throw new ConfigError(`${SURGE_MACHINE_FLAGS} are for live clusters: a simulated cluster ("${cluster.name}") brings up its own new nodes`);
  }
  if (source.kind === 'live') checkSurgeMachines(plan, cluster, machines, request.resume ?? false);

  const findings = await runPreflight({ cluster, plan, ...(request.manifests && request.manifests.length > 0 ? { manifestPaths: request.manifests } : {}), today: request.date });
  const blocking = unignoredBlocking(findings, request.ignore ?? []);
  // A resumed run passed preflight when it started. Half way through, the cluster shows the run's
  // own marks (a cordoned node, pods still starting elsewhere, static pods settling after the
  // kubelet restart), and stopping now would leave a mixed cluster behind: say what is seen, go on,
  // and let the steps' own checks and health gates hold the run.
  if (blocking.length > 0 && request.resume) request.notify?.({ kind: 'resuming-despite-preflight', blocking });
  else if (blocking.length > 0) return { kind: 'preflight-blocked', blocking };
  const overrides = [...new Set(request.ignore ?? [])].filter((code) => findings.some((f) => f.code === code && f.severity === 'blocking'));
  request.notify?.(source.kind === 'simulated'
    ? { kind: 'simulated-target', cluster: cluster.name, ...(simulated ? { continuesFrom: simulatedPaths(dir, described).state } : {}) }
    : { kind: 'live-target', cluster: cluster.name, server: source.live.kube.server, context: source.live.kube.context });
  if (!request.yes && !dryRun) {
    if (!request.confirm) return { kind: 'unconfirmed', plan };
    if (!(await request.confirm(plan))) return { kind: 'declined' };
  }

  target?.recordPlan(plan);
  const ports = source.kind === 'live' ? await livePorts(source.live, plan, machines, request, events) : target?.ports;
  if (!ports) throw new InternalError('a simulated cluster has no simulated target');
  // Ctrl-C, SIGTERM, SIGHUP or an output that went away stop the run between steps and inside
  // waits; nodes it cordoned are uncordoned, the lock released, the journal says "interrupted".
  const interrupt = new AbortController();
  let stoppedBy: string | undefined;
  const stopListening = request.onStop?.((why) => {
    stoppedBy = why;
    interrupt.abort(new Error(`stopped by ${why}`));
  }) ?? (() => undefined);
  const options = {
    signal: interrupt.signal,
    holder: request.holder,
    drain: request.drain ?? {},
    ...(overrides.length > 0 ? { overrides } : {}),
    ...(request.soakMs !== undefined ? { soakMs: request.soakMs } : {}),
  };
  request.expect?.(forecastSchedule(plan, cluster));
  if (dryRun) {
    const { result, actions } = await dryRunUpgrade(plan, ports, options).finally(stopListening);
    return { kind: 'dry-run', status: result.status, actions };
  }
  // A live cluster's workloads are sampled for the report's charts while the run goes (the
  // simulator measures its own); the sampling stops however the run ends.
  const sampler = request.report && source.kind === 'live' ? sampleAvailability(ports.api, ports.clock) : undefined;
  let sampled: SampledAvailability | undefined;
  let result: Awaited<ReturnType<typeof runUpgrade>>;
  try {
    result = await runUpgrade(plan, ports, {
      ...options,
      ...(request.resume ? { resume: true } : {}),
      ...(request.startOver ? { startOver: true } : {}),
      ...(request.takeOverStaleLock ? { takeOverStaleLock: true } : {}),
      ...(unverifiedPlan ? { unverifiedPlan: true } : {}),
      ...(runOfJournal && runOfJournal.checksWrites ? { journalAsRead: { record: runOfJournal.record } } : {}),
    });
  } finally {
    stopListening();
    sampled = await sampler?.stop();
  }
  const leftCordoned = result.status === 'interrupted' || result.status === 'failed' ? ((await ports.journal.read().catch(() => undefined))?.cordonedByRun ?? []) : [];
  const report = request.report
    ? runReport({ cluster, plan, events: kept, status: result.status, ...(result.error ? { error: result.error.message } : {}), findings, ...(target ? { sim: target.sim } : {}), ...(sampled ? { sampled } : {}) })
    : undefined;
  return {
    kind: 'ran',
    ...(report ? { report } : {}),
    status: result.status,
    ...(result.error ? { error: result.error.message } : {}),
    skippedNodes: result.skippedNodes,
    leftCordoned,
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
  };
}

/** The ports of a real run, loaded only when one happens (the Kubernetes and SSH clients are heavy). */
async function livePorts(live: LiveCluster, plan: UpgradePlan, machines: SurgeMachines, request: ApplyRequest, events: EventSink) {
  const { liveShell, liveUpgradePorts } = await import('./live-target.js');
  const shell = liveShell(live, request.source.ssh ?? {});
  const ports = liveUpgradePorts(live, shell, events, request.journal);
  if (!replacesWorkers(plan.strategy)) return ports;
  return { ...ports, provisioner: liveSurgeProvisioner(plan, live.cluster, shell, ports.clock, machines) };
}

/** The report of a run, with the workloads as the simulator measured them or as a live run sampled them. */
function runReport(run: { cluster: ClusterSnapshot; plan: UpgradePlan; events: readonly UpgradeEvent[]; status: string; error?: string; findings: readonly Finding[]; sim?: Simulation; sampled?: SampledAvailability }) {
  const { sim, sampled, ...rest } = run;
  let availability: RunReportInput['availability'];
  const first = run.events[0];
  if (sampled && first) {
    // Samples carry the clock's time, as the events do.
    const offset = -first.at;
    availability = { series: sampled.series, offset, apiOutages: sampled.apiOutages, sampledEveryMs: sampled.everyMs, unread: sampled.unread };
  } else if (sim) {
    const metrics = sim.metrics();
    // The simulator counts from when it was opened, the events from the run's first one.
    const offset = sim.clock.now() - metrics.elapsedMs - (run.events[0]?.at ?? sim.clock.now());
    availability = { series: metrics.availability, offset, apiOutages: metrics.apiOutages };
  }
  return reportOfRun({ ...rest, ...(availability ? { availability } : {}) });
}

/**
 * A stopped live run's journal and the plan it started with, kept beside it: what `apply --resume`
 * without --plan goes on with. The plan only when the journal is of that plan; otherwise planning
 * starts afresh. The run starts from this read of the journal when the journal's writes fail should
 * another run change it meanwhile (the ConfigMap's resourceVersion; a --journal file has no such
 * check, so the run reads that again under the lock).
 */
async function keptRunOf(live: LiveCluster, journalFile: string | undefined): Promise<{ record: JournalRecord | undefined; plan: UpgradePlan | undefined; checksWrites: boolean }> {
  const { liveJournal } = await import('./live-target.js');
  const journal = liveJournal(live, journalFile);
  const [record, document] = await Promise.all([journal.read(), journal.keptPlan()]);
  return { record, plan: keptPlanOf(record, document), checksWrites: journalFile === undefined };
}

function keptPlanOf(record: JournalRecord | undefined, document: string | undefined): UpgradePlan | undefined {
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

/** The machines a live surge run may use; checked against the plan by checkSurgeMachines. */
async function surgeMachinesFrom(machines: ApplyRequest['machines']): Promise<SurgeMachines> {
  return {
    spares: await readSpareHosts(machines?.spareHosts ?? [], machines?.spareHostsFile),
    ...(machines?.provision ? { provision: machines.provision } : {}),
    ...(machines?.decommission ? { decommission: machines.decommission } : {}),
  };
}
