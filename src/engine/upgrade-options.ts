import type { PlanDrainOptions } from '../core/planning/index.js';
import type { ClusterApi, Clock, EventSink, Journal, JournalRecord, Lock, NodeProvisioner, NodeShell, RunStatus } from '../ports/index.js';

export type { RunStatus } from '../ports/index.js';
import { DEFAULT_DRAIN_OPTIONS, type DrainOptions } from './drain/drain-options.js';
import type { HealthGates } from './health-gates.js';

export interface UpgradePorts {
  readonly api: ClusterApi;
  readonly shell: NodeShell;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly lock: Lock;
  readonly events: EventSink;
  /** Only the surge strategy needs one. */
  readonly provisioner?: NodeProvisioner;
}

export interface RunUpgradeOptions {
  /** Who runs the upgrade, for the lock: e.g. "alice@ops-1". */
  readonly holder: string;
  /** Continue an interrupted run of the same plan from what the cluster shows. */
  readonly resume?: boolean;
  /** Discard a journal of another (or unfinished) plan instead of refusing. */
  readonly startOver?: boolean;
  readonly takeOverStaleLock?: boolean;
  /**
   * The plan came from outside (a plan file) and nothing has checked it: a resume then requires
   * the journal's digest of the plan the run started with, since the half-upgraded cluster can no
   * longer show what kubehop would have planned.
   */
  readonly unverifiedPlan?: boolean;
  /**
   * The journal as the caller read it moments before (apply --resume reads it to choose the
   * plan): the run starts from it instead of reading it again. Only for a journal whose writes
   * fail when another run changed it since that read (the ConfigMap's resourceVersion).
   */
  readonly journalAsRead?: { readonly record: JournalRecord | undefined };
  /** Stops the run between steps and inside waits; nodes it cordoned are uncordoned again. */
  readonly signal?: AbortSignal;
  readonly drain?: Partial<DrainOptions>;
  /** Per node command (default 15 minutes: package downloads and kubeadm apply take a while). */
  readonly commandTimeoutMs?: number;
  /** Per health gate (default 10 minutes). */
  readonly gateTimeoutMs?: number;
  /** Pause after each node (batch) of a kubelet round before the next one (default 0). */
  readonly soakMs?: number;
  /** Attempts for a call that failed for a transient reason (default 5). */
  readonly apiAttempts?: number;
  /** Health gates; the dry-run composition passes ones that only record. */
  readonly gates?: HealthGates;
  /** Findings the operator chose to override, kept in the journal. */
  readonly overrides?: readonly string[];
}

export interface RunResult {
  readonly status: RunStatus;
  readonly completedSteps: readonly string[];
  /** Steps found already done and not carried out again. */
  readonly skippedSteps: readonly string[];
  /** Nodes left cordoned at their old version on purpose (drain timeout, skip-node policy). */
  readonly skippedNodes: readonly string[];
  readonly error?: Error;
}

/** Every option with its default filled in. */
export interface ResolvedOptions {
  readonly drain: DrainOptions;
  readonly commandTimeoutMs: number;
  readonly gateTimeoutMs: number;
  readonly soakMs: number;
  readonly apiAttempts: number;
}

/** The plan's drain choices are the defaults; options given to this run override them. */
export function resolveOptions(options: RunUpgradeOptions, planDrain?: PlanDrainOptions): ResolvedOptions {
  const fromPlan = planDrain ? { deleteEmptyDirData: planDrain.deleteEmptyDirData, force: planDrain.deleteUnmanagedPods } : {};
  return {
    drain: { ...DEFAULT_DRAIN_OPTIONS, ...fromPlan, ...options.drain },
    commandTimeoutMs: options.commandTimeoutMs ?? 15 * 60_000,
    gateTimeoutMs: options.gateTimeoutMs ?? 10 * 60_000,
    soakMs: options.soakMs ?? 0,
    apiAttempts: options.apiAttempts ?? 5,
  };
}
