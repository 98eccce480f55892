/** What happens when a node cannot be drained within the timeout because PDBs keep refusing. */
export type DrainTimeoutPolicy = 'fail' | 'skip-node';

export interface DrainOptions {
  /** kubectl's --delete-emptydir-data. */
  readonly deleteEmptyDirData: boolean;
  /** kubectl's --force: pods that declare no controller may go. */
  readonly force: boolean;
  /** How long one node's drain may take on the run's clock. */
  readonly timeoutMs: number;
  /**
   * `fail`: stop the run, uncordon the node, name the blocking pods and PDBs.
   * `skip-node`: leave the node cordoned at its old version, report it, go on with other nodes.
   */
  readonly onTimeout: DrainTimeoutPolicy;
  /**
   * DELETE the pods still refused by a PDB once the timeout passes, violating the budget.
   * The CLI spells it --delete-pods-violating-pdbs-after-timeout: it takes workloads below
   * what their owners declared they need.
   */
  readonly disruptPdbsOnTimeout: boolean;
  /**
   * `evict` honours PDBs; `delete` removes pods outright. The all-at-once strategy deletes: its
   * operator chose downtime, and PDBs of workloads with every node cordoned can never be met.
   */
  readonly mode: 'evict' | 'delete';
  /** Eviction attempts per pod before it counts as blocked, like a timeout. */
  readonly maxAttemptsPerPod: number;
  /** Fallback waits between eviction attempts when no watch event arrives: first, then doubling to max. */
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  /** Passed to every eviction and delete; absent: each pod's own grace period. */
  readonly gracePeriodSeconds?: number;
  /** How long pods deleted around a PDB after the timeout may take to go. */
  readonly forcedDeleteWaitMs: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = {
  deleteEmptyDirData: false,
  force: false,
  timeoutMs: 10 * 60_000,
  onTimeout: 'fail',
  disruptPdbsOnTimeout: false,
  mode: 'evict',
  maxAttemptsPerPod: 100,
  retryInitialMs: 1_000,
  retryMaxMs: 30_000,
  forcedDeleteWaitMs: 5 * 60_000,
};
