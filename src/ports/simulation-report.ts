import type { UpgradePlan } from '../core/planning/index.js';
import type { UpgradeTimeline } from '../core/report/upgrade-report.js';
import type { UpgradeEvent } from './event-sink.js';

// What a simulated upgrade measured, as plain data: the simulator records it, the report renders it.

/** How an upgrade run ended. */
export type RunStatus = 'completed' | 'completed-with-skipped-nodes' | 'failed' | 'interrupted';

/** One line of what happened, for people: `at` is ms since the run started. */
export interface StoryLine {
  readonly at: number;
  readonly node?: string;
  readonly text: string;
}

/** A time the API server could not be reached, in ms since the run started; `to` absent while it lasts. */
export interface ApiOutage {
  readonly from: number;
  readonly to?: number;
}

export interface WorkloadMetrics {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly desired: number;
  /** The fewest pods that were Ready and not being deleted at any moment. */
  readonly lowestAvailable: number;
  readonly belowDesiredMs: number;
  /** The PodDisruptionBudget covering the workload's pods, when exactly one does. */
  readonly pdb?: string;
  /** Time that budget had fewer healthy pods than it requires. */
  readonly belowPdbMs?: number;
}

export interface PdbMetrics {
  readonly namespace: string;
  readonly name: string;
  readonly lowestHealthy: number;
  readonly belowDesiredMs: number;
}

export interface PdbViolation {
  /** Milliseconds since the simulation started. */
  readonly at: number;
  readonly pdb: string;
  readonly pod: string;
  readonly via: 'eviction' | 'delete';
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
}

/** What one simulated upgrade did, as plain data. */
export interface SimulationReport {
  readonly cluster: string;
  readonly from: string;
  readonly to: string;
  readonly strategy: UpgradePlan['strategy'];
  readonly seed: number;
  readonly status: RunStatus;
  readonly error?: string;
  /** Virtual time from start to finish. */
  readonly makespanMs: number;
  readonly controlPlaneDowntimeMs: number;
  readonly apiOutages: readonly ApiOutage[];
  readonly workloads: readonly WorkloadMetrics[];
  readonly pdbViolations: readonly PdbViolation[];
  /** Node -> drains (cordons) during the run; nodes added by surge included. */
  readonly drains: Readonly<Record<string, number>>;
  readonly evictions: number;
  readonly evictionsRefused429: number;
  readonly podsDeleted: number;
  readonly skippedNodes: readonly string[];
  /** Every node's kubelet and control-plane version at the end, e.g. "cp-1 v1.37.1". */
  readonly finalVersions: readonly string[];
  readonly allAtTarget: boolean;
  /** Skew findings seen at any moment of the run (none expected). */
  readonly skewViolations: readonly string[];
  readonly events: readonly UpgradeEvent[];
  readonly story: readonly StoryLine[];
  /** Steps per node, hops, API outages and per workload available vs desired vs budget over time. */
  readonly timeline: UpgradeTimeline;
}
