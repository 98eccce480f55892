import type { WorkerStrategy } from '../planning/upgrade-plan.js';

// The data behind the HTML report: plain, serializable, the same shape whether it comes from a
// simulated run, a live run's events or a plan. Times are ms since the run started, or step
// numbers for a plan that has not run (`unit`).

/** A workload's serving pods at each moment one of the numbers changed (a step function). */
export interface AvailabilityPoint {
  readonly at: number;
  /** Pods Ready and not being deleted: what serves. */
  readonly available: number;
  readonly desired: number;
  /** The PodDisruptionBudget's desiredHealthy, when one budget covers the workload. */
  readonly budgetMin?: number;
}

export interface AvailabilitySeries {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly pdb?: string;
  readonly points: readonly AvailabilityPoint[];
  /**
   * Too many change points to keep them all: neighbours were merged keeping the lower
   * availability, so the dips stay visible but short recoveries between them may not.
   */
  readonly coarsened?: boolean;
}

export interface TimeInterval {
  readonly from: number;
  /** Absent: still open when the run ended. */
  readonly to?: number;
}

/** One step (or the cordon window) on one node. */
export interface TimelineSpan {
  readonly from: number;
  readonly to: number;
  /** A step action ("drain", "kubeadm-apply"), or "cordoned" for the time the node was unschedulable. */
  readonly action: string;
  readonly hop: string;
  readonly batch?: string;
  readonly status: 'done' | 'failed' | 'running';
}

export interface NodeTimeline {
  readonly node: string;
  readonly controlPlane: boolean;
  readonly spans: readonly TimelineSpan[];
}

export interface HopInterval {
  readonly version: string;
  readonly from: number;
  readonly to: number;
}

/** What happened over time, for charts: `simulate -o json` carries it as `timeline`. */
export interface UpgradeTimeline {
  readonly unit: 'ms' | 'step';
  /** Times are the timing model's expectation for a plan, nothing was observed (no API row is drawn). */
  readonly expected?: boolean;
  readonly end: number;
  readonly hops: readonly HopInterval[];
  readonly nodes: readonly NodeTimeline[];
  readonly apiOutages: readonly TimeInterval[];
  readonly workloads: readonly AvailabilitySeries[];
}

export interface ReportFinding {
  readonly severity: 'blocking' | 'overridable' | 'info';
  readonly code: string;
  readonly subject: string;
  readonly message: string;
}

export interface ReportFact {
  readonly label: string;
  readonly value: string;
  /** "bad" draws the eye (a failure, a PDB violation, downtime); "good" a clean result. */
  readonly tone?: 'good' | 'bad';
}

export interface UpgradeReport {
  readonly source: 'simulation' | 'apply' | 'plan';
  readonly title: string;
  readonly cluster: string;
  readonly from: string;
  readonly to: string;
  readonly strategy: WorkerStrategy;
  readonly summary: readonly ReportFact[];
  readonly timeline: UpgradeTimeline;
  readonly findings: readonly ReportFinding[];
  /** Plain sentences: what this report cannot know, e.g. a live run does not sample workloads. */
  readonly notes: readonly string[];
}
