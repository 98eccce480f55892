// An upgrade plan is data: JSON out of `plan -o json` goes back into `apply --plan`.

/** What a step does. The engine knows how to check and carry out each one. */
export type StepAction =
  | 'etcd-backup'
  | 'switch-repository'
  | 'upgrade-kubeadm'
  | 'kubeadm-plan'
  | 'kubeadm-apply'
  | 'kubeadm-upgrade-node'
  | 'drain'
  | 'remove-kubelet-flags'
  | 'upgrade-kubelet'
  | 'wait-ready'
  | 'uncordon'
  // Surge: the worker is replaced by a new machine instead of upgraded in place.
  | 'prepare-host'
  | 'create-join-token'
  | 'join-node'
  | 'copy-node-marks'
  | 'delete-node'
  | 'reset-host';

/**
 * Where a step's commands run: on the node over SSH (as root; on `host` when the step names one),
 * on the new machine that replaces the node, or by the operator against the API.
 */
export type RunOn = 'node' | 'new-node' | 'operator';

export type StepPhase = 'prepare' | 'control-plane' | 'control-plane-kubelet' | 'workers';

export interface PlanStep {
  /** Stable id, e.g. "v1.35/control-plane/cp-1/kubeadm-apply". */
  readonly id: string;
  /** The control-plane version this step belongs to, e.g. "v1.35.9" (the current version for steps before the first hop). */
  readonly hop: string;
  readonly phase: StepPhase;
  readonly node: string;
  readonly action: StepAction;
  /** The version this step brings its component to on this node, e.g. "v1.33.12". */
  readonly version: string;
  readonly runOn: RunOn;
  /** A node command that runs on another node than `node` (the join token, on the first control-plane node). */
  readonly host?: string;
  /** Node commands need root; renderers prefix sudo, the SSH adapter runs them with sudo -n. */
  readonly privileged: boolean;
  /** argv arrays, never joined strings: quoting happens once, where they are rendered or run. */
  readonly commands: readonly (readonly string[])[];
  /**
   * A node command whose success means the step is already done, so a resumed run must not repeat
   * it (an etcd backup taken again mid-upgrade would overwrite the one from before it).
   */
  readonly doneIf?: readonly string[];
  /** Steps that share a batch id run together (nodes drained at the same time). */
  readonly batch?: string;
  readonly description: string;
}

export interface PlanHop {
  /** 1-based. */
  readonly index: number;
  readonly from: string;
  readonly version: string;
}

/**
 * How workers are taken down. Rolling and surge batches are chosen by the budgets, the workload
 * bound and (rolling) the room left (core/batching); `maxUnavailable: 'auto'` bounds a batch only
 * by those and AUTO_BATCH_CAP. `maxWorkloadUnavailable`: the share (0..1] of a workload without a
 * budget that may be down at once; absent: DEFAULT_WORKLOAD_UNAVAILABLE.
 */
export type WorkerStrategy =
  | { readonly kind: 'rolling'; readonly maxUnavailable: number | 'auto'; readonly maxWorkloadUnavailable?: number }
  | { readonly kind: 'all-at-once' }
  | { readonly kind: 'surge'; readonly maxSurge: number; readonly maxWorkloadUnavailable?: number }
  /** A whole new pool first, the old one cordoned and drained `batch` workers at a time, then removed. */
  | { readonly kind: 'blue-green'; readonly batch: number };

/** Strategies that replace workers by new machines instead of upgrading them in place. */
export function replacesWorkers(strategy: WorkerStrategy): boolean {
  return strategy.kind === 'surge' || strategy.kind === 'blue-green';
}

/** How drains treat pods kubectl drain refuses by default; the operator's choice, kept in the plan. */
export interface PlanDrainOptions {
  /** Evict pods with emptyDir volumes (their data is lost): kubectl's --delete-emptydir-data. */
  readonly deleteEmptyDirData: boolean;
  /** Delete pods that no controller owns (they are not recreated): kubectl's --force. */
  readonly deleteUnmanagedPods: boolean;
}

export interface PlanNote {
  readonly code: string;
  readonly message: string;
}

export interface UpgradePlan {
  readonly format: 'kubehop.plan/v1';
  readonly cluster: string;
  readonly from: string;
  readonly to: string;
  readonly strategy: WorkerStrategy;
  /** Kubelets follow every hop (the classic procedure) instead of the fewest drains. */
  readonly workersEveryHop: boolean;
  readonly drain: PlanDrainOptions;
  readonly hops: readonly PlanHop[];
  readonly steps: readonly PlanStep[];
  /** Node name -> how many times the plan drains it. */
  readonly drains: Readonly<Record<string, number>>;
  readonly notes: readonly PlanNote[];
  /** Where the etcd snapshot taken before the control plane changes is kept, when the plan takes one. */
  readonly etcdBackup?: { readonly node: string; readonly path: string };
}
