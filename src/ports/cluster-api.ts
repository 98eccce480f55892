import type { ClusterSnapshot, CordonMark, NodeSnapshot, PdbSnapshot, PodSnapshot, WorkloadSnapshot } from '../core/cluster/index.js';

/** A PodDisruptionBudget with the status the eviction API decides by. */
export interface PdbStatus extends PdbSnapshot {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly disruptionsAllowed: number;
}

/**
 * A controller's pods Ready against the pods it wants, as the controller's status reports them:
 * what a run samples to chart each workload's availability.
 */
export interface WorkloadReadiness {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: string;
  readonly name: string;
  /** Labels of its pods; PDB selectors match these. */
  readonly labels: Readonly<Record<string, string>>;
  /** spec.replicas; for a DaemonSet, the nodes it should run on. */
  readonly desired: number;
  /** Pods Ready (and not being deleted). */
  readonly ready: number;
}

export interface EvictOptions {
  /** Overrides the pod's terminationGracePeriodSeconds when set. */
  readonly gracePeriodSeconds?: number;
}

/**
 * How a wait ended: 'reached' only for a narrowed target, when what it waits for was seen to hold
 * (the pod of that uid gone, the budget allowing a disruption); 'changed' when the target may have
 * changed (any change of a plain target, a broken watch, an API outage); 'timeout'.
 */
export type WaitOutcome = 'changed' | 'reached' | 'timeout';

/**
 * Something a waiter cares about: resolves waitForChange when it may have changed. A pod or budget
 * target may narrow that to the change the waiter is after, so an adapter can read the changes
 * that do not matter from its watch and wait on instead of waking the caller for each.
 */
export type WatchTarget =
  | {
    readonly kind: 'pod';
    readonly namespace: string;
    readonly name: string;
    /** Wake only once this pod may be gone: deleted, or its name taken by a pod with another uid. */
    readonly untilGoneUid?: string;
  }
  | {
    readonly kind: 'pdb';
    readonly namespace: string;
    readonly name: string;
    /** Wake only on a change after which the budget may allow a disruption (its status says so, or says nothing). */
    readonly untilDisruptionAllowed?: boolean;
  }
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'any' };

/**
 * The Kubernetes API as kubehop uses it. Errors are ClusterApiError (isNotFound,
 * isTooManyRequests for a PDB refusal, ...). Implemented over @kubernetes/client-node and by the
 * simulator; one contract suite runs against both.
 */
export interface ClusterApi {
  /** Everything kubehop plans from, observed now. */
  readSnapshot(): Promise<ClusterSnapshot>;
  getNode(name: string): Promise<NodeSnapshot | undefined>;
  /** Pods bound to a node, in every namespace. */
  listPodsOnNode(node: string): Promise<PodSnapshot[]>;
  getPod(namespace: string, name: string): Promise<PodSnapshot | undefined>;
  listWorkloads(): Promise<WorkloadSnapshot[]>;
  listPdbs(): Promise<PdbStatus[]>;
  /** Every Deployment, StatefulSet and DaemonSet with its pods Ready and desired (three lists, no pods). */
  listWorkloadReadiness(): Promise<WorkloadReadiness[]>;
  /**
   * Sets spec.unschedulable; idempotent. With `mark`, the node carries it (annotations written in
   * the same request), so kubehop knows its own cordons from the cluster, not only its journal.
   */
  cordon(node: string, mark?: CordonMark): Promise<void>;
  /** Clears spec.unschedulable and kubehop's mark. */
  uncordon(node: string): Promise<void>;
  /** POST pods/eviction. A PDB refusal is a ClusterApiError with status 429. */
  evictPod(namespace: string, name: string, options?: EvictOptions): Promise<void>;
  /** Plain DELETE, around any PDB: only for finished pods or behind an explicit operator flag. */
  deletePod(namespace: string, name: string, options?: EvictOptions): Promise<void>;
  /** kube-apiserver /readyz: false while the API is down or not ready. Never throws for "down". */
  isApiReady(): Promise<boolean>;
  /**
   * Resolves 'changed' as soon as `target` may have changed (a watch event), or 'timeout' after
   * timeoutMs of the cluster's clock. Lets waits react at once instead of on a fixed timer. With
   * `untilGoneUid` or `untilDisruptionAllowed` only a change after which that holds counts: the
   * wait resolves 'reached' then, and at once when it holds already; a broken watch or an API
   * outage still resolves 'changed', after which the caller reads again.
   */
  waitForChange(target: WatchTarget, timeoutMs: number): Promise<WaitOutcome>;
}
