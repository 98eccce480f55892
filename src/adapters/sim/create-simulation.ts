import { TIMING_MODEL } from '../../core/timing/index.js';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import type { BreakingChanges } from '../../core/preflight/index.js';
import type { ClusterApi, NodeProvisioner, NodeShell, PdbStatus } from '../../ports/index.js';
import { scheduleOutage } from './nodes/control-plane.js';
import { FaultInjector, type SimFaults } from './faults.js';
import { restartKubelet } from './nodes/kubelet-restart.js';
import { loadSimState } from './state/load-sim-state.js';
import { scheduleRemoval, startPod } from './nodes/pod-lifecycle.js';
import { Reconciler } from './controllers/reconciler.js';
import { restoreSavedNodes, savedSimulationOf, type SavedSimulation } from './state/saved-simulation.js';
import { SeededRandom } from './seeded-random.js';
import type { SimContext } from './sim-context.js';
import { SimEventLog, type SimLogEntry } from './metrics/sim-event-log.js';
import { SimMetricsRecorder, type SimMetrics } from './metrics/sim-metrics.js';
import type { SimChange } from './state/sim-state.js';
import { clusterSnapshotOf, pdbStatusesOf, type SnapshotOptions } from './state/sim-views.js';
import { SimulatedClusterApi } from './api/simulated-cluster-api.js';
import { SimulatedNodeProvisioner } from './nodes/simulated-node-provisioner.js';
import { SimulatedNodeShell, type CommandLogEntry } from './nodes/simulated-node-shell.js';
import { VirtualClock, type ClockPacing } from '../shared/virtual-clock.js';
import { WatchHub } from './api/watch-hub.js';

// The simulator's entry point: a cluster snapshot becomes a running in-memory cluster behind the
// same ports as a real one (ClusterApi, NodeShell, Clock, NodeProvisioner), plus what a scenario
// wants to look at — metrics, the command log, the event log, and a listener on every change.

export interface SimulationOptions {
  /** Drives every random choice: the same seed and the same caller give the same run. */
  readonly seed: number;
  /** How long kube-apiserver is away while kubeadm restarts it. Default 60. */
  readonly apiDowntimeSeconds?: number;
  readonly faults?: SimFaults;
  /** Run virtual time at `speed` times wall-clock speed (a live demo) instead of as fast as possible. */
  readonly pacing?: ClockPacing;
  /** Virtual start time, ms since the epoch. Default 2025-01-01T00:00:00Z. */
  readonly startMs?: number;
  /** Keep the event log (default true); large benchmarks may turn it off. */
  readonly eventLog?: boolean;
  /** The breaking-change catalog: a kubelet restarted with a flag its version removed does not come back. */
  readonly breakingChanges?: BreakingChanges;
}

/** Options to go on with a simulation an earlier process saved (its clock continues from `saved.at`). */
export type RestoreOptions = Omit<SimulationOptions, 'startMs' | 'faults'>;

/** A state change, as plain data, for invariant checks at every tick. */
export type TickChange =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string; readonly what: string; readonly node?: string }
  | { readonly kind: 'node'; readonly name: string; readonly what: string }
  | { readonly kind: 'api'; readonly up: boolean }
  | { readonly kind: 'components'; readonly node: string }
  | { readonly kind: 'addons' };

export interface SimTick {
  /** Virtual time, ms since the epoch. */
  readonly at: number;
  readonly changes: readonly TickChange[];
}

export interface Simulation {
  readonly api: ClusterApi;
  readonly shell: NodeShell;
  readonly clock: VirtualClock;
  readonly provisioner: NodeProvisioner;
  metrics(): SimMetrics;
  commandLog(): readonly CommandLogEntry[];
  eventLog(): readonly SimLogEntry[];
  /** The cluster as it is now, whether or not the API is up (for checks, not for the engine). */
  snapshot(options?: SnapshotOptions): ClusterSnapshot;
  pdbStatuses(): PdbStatus[];
  isApiUp(): boolean;
  /** Calls `listener` after every state change; returns a function that stops it. */
  onTick(listener: (tick: SimTick) => void): () => void;
  /** Lets `ms` of virtual time pass (pods start, deletions finish) with nobody else waiting. */
  advance(ms: number): Promise<void>;
  /** The whole simulated cluster as plain data, for restoreSimulation in another process. */
  save(): SavedSimulation;
}

const DEFAULT_API_DOWNTIME_SECONDS = TIMING_MODEL.apiserverRestart.min;

export function createSimulation(snapshot: ClusterSnapshot, options: SimulationOptions): Simulation {
  return startSimulation(snapshot, options, undefined);
}

/** The simulation `saved` describes, going on where the process that saved it stopped. */
export function restoreSimulation(saved: SavedSimulation, options: RestoreOptions): Simulation {
  return startSimulation(saved.cluster, { ...options, startMs: saved.at }, saved);
}

function startSimulation(snapshot: ClusterSnapshot, options: SimulationOptions, saved: SavedSimulation | undefined): Simulation {
  const clock = new VirtualClock({
    ...(options.startMs !== undefined ? { startMs: options.startMs } : {}),
    ...(options.pacing ? { pacing: options.pacing } : {}),
  });
  const state = loadSimState(snapshot, clock.now());
  const restored = saved ? restoreSavedNodes(state, saved) : { restarting: [], starting: [] };
  const ctx: SimContext = {
    clock,
    rng: new SeededRandom(options.seed),
    state,
    faults: new FaultInjector(options.faults),
    log: new SimEventLog(() => clock.now(), clock.now(), options.eventLog ?? true),
    tunables: {
      apiDowntimeMs: Math.max(0, options.apiDowntimeSeconds ?? DEFAULT_API_DOWNTIME_SECONDS) * 1000,
      reactionMs: 500,
      defaultStartupSeconds: TIMING_MODEL.podStartup.min,
    },
    ...(options.breakingChanges ? { breakingChanges: options.breakingChanges } : {}),
  };
  const recorder = new SimMetricsRecorder(ctx);
  const watches = new WatchHub(ctx);
  new Reconciler(ctx);
  state.subscribe((changes) => logChanges(ctx, changes));
  const listeners = new Set<(tick: SimTick) => void>();
  state.subscribe((changes) => {
    if (listeners.size === 0) return;
    const tick: SimTick = { at: clock.now(), changes: changes.map(tickChangeOf) };
    for (const listener of listeners) listener(tick);
  });
  // Pods caught mid-way in the snapshot carry on: starting ones start, deleting ones go.
  state.batch(() => {
    for (const pod of state.pods.values()) {
      if (pod.deleting) scheduleRemoval(ctx, pod, ctx.rng.durationIn(TIMING_MODEL.podTermination));
      else if (pod.phase === 'Pending' && pod.node !== undefined) startPod(ctx, pod);
    }
  });
  for (const outage of options.faults?.controlPlaneOutages ?? []) scheduleOutage(ctx, outage.atSeconds * 1000, outage.forSeconds * 1000);
  for (const node of restored.restarting) restartKubelet(ctx, node);
  state.batch(() => {
    for (const pod of restored.starting) startPod(ctx, pod);
  });
  const shell = new SimulatedNodeShell(ctx);
  return {
    api: new SimulatedClusterApi(ctx, recorder, watches),
    shell,
    clock,
    provisioner: new SimulatedNodeProvisioner(ctx),
    metrics: () => recorder.metrics(),
    commandLog: () => shell.commandLog(),
    eventLog: () => ctx.log.entries(),
    snapshot: (snapshotOptions) => clusterSnapshotOf(state, snapshotOptions),
    pdbStatuses: () => pdbStatusesOf(state),
    isApiUp: () => state.apiUp,
    onTick: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    advance: (ms) => clock.sleep(ms),
    save: () => savedSimulationOf(state, clock.now()),
  };
}

function tickChangeOf(change: SimChange): TickChange {
  switch (change.kind) {
    case 'pod': {
      const { pod } = change;
      return { kind: 'pod', namespace: pod.namespace, name: pod.name, what: change.what, ...(pod.node !== undefined ? { node: pod.node } : {}) };
    }
    case 'node':
      return { kind: 'node', name: change.node.name, what: change.what };
    case 'api':
      return { kind: 'api', up: change.up };
    case 'components':
      return { kind: 'components', node: change.node };
    case 'addons':
      return { kind: 'addons' };
  }
}

function logChanges(ctx: SimContext, changes: readonly SimChange[]): void {
  for (const change of changes) {
    if (change.kind === 'api') ctx.log.add(change.up ? 'api-up' : 'api-down', 'kube-apiserver');
    else if (change.kind === 'pod' && change.what === 'removed') ctx.log.add('pod-gone', change.pod.key);
    else if (change.kind === 'node' && change.what === 'not-ready') ctx.log.add('node-not-ready', change.node.name);
  }
}
