import type { BreakingChanges } from '../../core/preflight/index.js';
import type { FaultInjector } from './faults.js';
import type { SeededRandom } from './seeded-random.js';
import type { SimEventLog } from './metrics/sim-event-log.js';
import type { SimState } from './state/sim-state.js';
import type { VirtualClock } from '../shared/virtual-clock.js';

// What every part of the simulation shares: one clock, one random stream, one state.

export interface SimTunables {
  /** How long kube-apiserver is gone while kubeadm restarts it. */
  readonly apiDowntimeMs: number;
  /** Controllers and the scheduler react this long after a change (coalesced). */
  readonly reactionMs: number;
  /** Seconds from scheduled to Ready when the workload does not say. */
  readonly defaultStartupSeconds: number;
}

export interface SimContext {
  readonly clock: VirtualClock;
  readonly rng: SeededRandom;
  readonly state: SimState;
  readonly faults: FaultInjector;
  readonly log: SimEventLog;
  readonly tunables: SimTunables;
  /** What the new binaries refuse (data/breaking-changes.json); absent: kubelets start with any flags. */
  readonly breakingChanges?: BreakingChanges;
}
