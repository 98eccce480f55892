import { readBreakingChanges } from '../adapters/file/read-breaking-changes.js';
import { MemoryEventSink, MemoryJournal, MemoryLock } from '../adapters/memory/index.js';
import { createSimulation, type SimFaults, type SimTick, type Simulation } from '../adapters/sim/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { UpgradePlan } from '../core/planning/index.js';
import { checkVersionSkew, isKubeadmTransientProxySkew, versionStateOf } from '../core/skew/index.js';
import { formatVersion, maxVersion, minVersion } from '../core/version/index.js';
import { runUpgrade, type DrainOptions } from '../engine/index.js';
import type { EventSink, SimulationReport, UpgradeEvent } from '../ports/index.js';
import { tellUpgradeStory } from './upgrade-story.js';
import { timelineFromEvents } from './upgrade-timeline.js';

export type { SimulationReport } from '../ports/index.js';

export interface SimulationRequest {
  readonly cluster: ClusterSnapshot;
  readonly plan: UpgradePlan;
  readonly seed: number;
  readonly apiDowntimeSeconds?: number;
  readonly faults?: SimFaults;
  readonly drain?: Partial<DrainOptions>;
  /** Also receives every engine event (live progress). */
  readonly events?: EventSink;
  /** Virtual time runs at this many times wall speed (a live demo) instead of as fast as it can. */
  readonly speed?: number;
  /** Called after every state change of the simulation, e.g. to check invariants at every tick. */
  readonly onTick?: (sim: Simulation, tick: SimTick) => void;
}

class TeeSink implements EventSink {
  constructor(private readonly sinks: readonly EventSink[]) {}
  emit(event: UpgradeEvent): void {
    for (const sink of this.sinks) sink.emit(event);
  }
}

/** Runs the real engine against the simulator, built from `cluster`, and measures what it did. */
export async function simulateUpgrade(request: SimulationRequest): Promise<SimulationReport> {
  const { cluster, plan } = request;
  const sim = createSimulation(cluster, {
    seed: request.seed,
    breakingChanges: await readBreakingChanges(),
    ...(request.apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds: request.apiDowntimeSeconds } : {}),
    ...(request.faults ? { faults: request.faults } : {}),
    ...(request.speed ? { pacing: { speed: request.speed } } : {}),
    eventLog: false,
  });
  const started = sim.clock.now();
  const collected = new MemoryEventSink();
  const events = new TeeSink(request.events ? [collected, request.events] : [collected]);
  // The skew policy is checked after every change of versions, whatever the engine does.
  const skewViolations = new Set<string>();
  /** The oldest and newest kube-apiserver at the last check ('' before the first): every node is checked again when they change. */
  let checkedApiservers: string | undefined;
  const stop = sim.onTick((tick) => {
    request.onTick?.(sim, tick);
    // A node's blocking findings depend only on its kubelet and kube-proxy and on the newest and
    // oldest kube-apiserver: after the first check, a tick that changes neither the add-ons nor
    // those two apiservers is checked on the nodes it changed (and the control plane) alone.
    let changed: Set<string> | undefined = new Set();
    for (const c of tick.changes) {
      if (c.kind === 'addons' || (c.kind === 'node' && c.what === 'added')) changed = undefined;
      else if (c.kind === 'components' && changed) changed.add(c.node);
      else if (c.kind === 'node' && c.what === 'versions' && changed) changed.add(c.name);
      if (!changed) break;
    }
    if (changed && changed.size === 0) return;
    let now = sim.snapshot({ pods: false, ...(changed && checkedApiservers ? { nodes: changed } : {}) });
    const apiservers = now.nodes.flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver] : []));
    const versions = { kubeProxy: now.addons.kubeProxy, oldestApiserver: minVersion(apiservers), newestApiserver: maxVersion(apiservers) };
    const apiserverRange = versions.oldestApiserver && versions.newestApiserver ? `${formatVersion(versions.oldestApiserver)} ${formatVersion(versions.newestApiserver)}` : '';
    if (changed && checkedApiservers !== apiserverRange) now = sim.snapshot({ pods: false });
    checkedApiservers = apiserverRange;
    for (const f of checkVersionSkew(versionStateOf(now))) {
      if (f.severity === 'blocking' && !isKubeadmTransientProxySkew(f.code, versions)) skewViolations.add(f.message);
    }
  });
  const result = await runUpgrade(
    plan,
    { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(undefined, { keepHistory: false }), lock: new MemoryLock(() => sim.clock.now()), events, provisioner: sim.provisioner },
    { holder: 'kubehop simulate', ...(request.drain ? { drain: request.drain } : {}) },
  );
  stop();
  const makespanMs = sim.clock.now() - started;
  const metrics = sim.metrics();
  // The report shows when the API was down; the story also tells how many pods served meanwhile.
  const apiOutages = metrics.apiOutages.map((o) => ({ from: o.from, ...(o.to !== undefined ? { to: o.to } : {}) }));
  const end = sim.snapshot();
  const to = plan.to;
  const finalVersions = end.nodes.map((n) => `${n.name} ${formatVersion(n.kubelet)}${n.controlPlane ? ` (control plane ${formatVersion(n.controlPlane.apiserver)})` : ''}${n.cordoned ? ' cordoned' : ''}`);
  const allAtTarget = end.nodes.every((n) => formatVersion(n.kubelet) === to && (!n.controlPlane || formatVersion(n.controlPlane.apiserver) === to));
  return {
    cluster: cluster.name,
    from: plan.from,
    to,
    strategy: plan.strategy,
    seed: request.seed,
    status: result.status,
    ...(result.error ? { error: result.error.message } : {}),
    makespanMs,
    controlPlaneDowntimeMs: metrics.controlPlaneDowntimeMs,
    apiOutages,
    workloads: metrics.workloads,
    pdbViolations: metrics.pdbViolations,
    drains: metrics.cordons,
    evictions: metrics.evictionsAccepted,
    evictionsRefused429: metrics.evictionsRefused429,
    podsDeleted: metrics.podsDeleted,
    skippedNodes: result.skippedNodes,
    finalVersions,
    allAtTarget,
    skewViolations: [...skewViolations],
    events: collected.events,
    story: tellUpgradeStory(collected.events, metrics.apiOutages, started),
    timeline: timelineFromEvents(collected.events, {
      start: started,
      controlPlane: new Set(cluster.nodes.filter((n) => n.controlPlane).map((n) => n.name)),
      apiOutages,
      workloads: metrics.availability,
    }),
  };
}
