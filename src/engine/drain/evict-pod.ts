import type { PdbSnapshot, PodSnapshot } from '../../core/cluster/index.js';
import { podKey } from '../../core/drain/index.js';
import { ClusterApiError } from '../../core/errors.js';
import type { WatchTarget } from '../../ports/index.js';
import type { EngineContext } from '../engine-context.js';
import { abortable, throwIfAborted, waitForChangeOrPause } from '../wait-for.js';
import type { DrainOptions } from './drain-options.js';

/** How one pod's removal ended. */
export type PodResult =
  | { readonly kind: 'gone'; readonly pod: PodSnapshot }
  /** A PDB kept refusing until the deadline or the attempt cap. */
  | { readonly kind: 'blocked'; readonly pod: PodSnapshot; readonly pdb?: PdbSnapshot; readonly reason: string }
  /** Evicted, but still terminating at the deadline. */
  | { readonly kind: 'terminating'; readonly pod: PodSnapshot }
  | { readonly kind: 'failed'; readonly pod: PodSnapshot; readonly error: string };

export interface PodRemoval {
  readonly ctx: EngineContext;
  readonly node: string;
  readonly deadline: number;
  readonly options: DrainOptions;
  /** The PDB the eviction API judges this pod by, if any. */
  readonly pdb: PdbSnapshot | undefined;
  /** Told of every eviction a budget refused (429). */
  readonly onRefused?: () => void;
  /** Runs the pod's eviction requests when its turn under its budget comes (budget-turns.ts); at once when absent. */
  readonly inTurn?: <T>(request: () => Promise<T>) => Promise<T>;
  /** Whether this drain's evictions have used up what the budget allowed when listed, asked as the pod's turn starts. */
  readonly budgetSpent?: () => boolean;
  /** Told when the pod's eviction went through. */
  readonly onEvicted?: () => void;
}

/**
 * Gone means NotFound, or the same name with another uid (a StatefulSet's replacement). The wait
 * comes first and ends only once the pod is gone (at once when it is already): seen gone
 * ('reached'), that is the answer; a wait that ended otherwise (its watch broke, the fallback
 * timer) is followed by a read. A terminating pod's other changes wake nothing.
 */
export async function waitUntilGone(ctx: EngineContext, pod: PodSnapshot, deadline: number, recheckMs: number): Promise<boolean> {
  const target: WatchTarget = { kind: 'pod', namespace: pod.namespace, name: pod.name, untilGoneUid: pod.uid };
  for (;;) {
    throwIfAborted(ctx.signal);
    const remaining = deadline - ctx.clock.now();
    if (remaining > 0 && (await waitForChangeOrPause(ctx, target, Math.min(remaining, recheckMs, GONE_RECHECK_MS))) === 'reached') return true;
    const current = await ctx.api.getPod(pod.namespace, pod.name);
    if (current === undefined || current.uid !== pod.uid) return true;
    if (remaining <= 0) return false;
  }
}

/**
 * A fallback should an event be missed, not the way the wait ends (the watch starts where the
 * last read of the pod left off, so a deletion in between is not lost): each look is a read and
 * a new watch, so it is no more often than a pod usually takes to terminate.
 */
const GONE_RECHECK_MS = 5_000;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Evicts one pod and waits until it is gone. A 429 (a PDB refusing) waits until the PDB may allow
 * a disruption — a replacement becoming Ready is what frees the budget; its other changes would
 * only be refused again — or, with no budget known, until the pod changes, with a growing
 * fallback wait should no event come; any other error (500 for a pod under two PDBs, for one)
 * fails the pod.
 */
export async function evictPod(removal: PodRemoval, pod: PodSnapshot): Promise<PodResult> {
  const requested = await (removal.inTurn ? removal.inTurn(() => requestEviction(removal, pod)) : requestEviction(removal, pod));
  if (requested !== 'evicted') return requested;
  const gone = await waitUntilGone(removal.ctx, pod, removal.deadline, removal.options.retryMaxMs);
  return gone ? { kind: 'gone', pod } : { kind: 'terminating', pod };
}

/**
 * Asks for the eviction until it goes through ('evicted'), or the pod is gone, blocked or failed.
 * When the budget is known to allow nothing now (`removal.budgetSpent`), it waits for the budget
 * before the first request instead of being refused first.
 */
async function requestEviction(removal: PodRemoval, pod: PodSnapshot): Promise<PodResult | 'evicted'> {
  const { ctx, node, deadline, options, pdb } = removal;
  const key = podKey(pod);
  const grace = options.gracePeriodSeconds === undefined ? undefined : { gracePeriodSeconds: options.gracePeriodSeconds };
  const watch: WatchTarget = pdb ? { kind: 'pdb', namespace: pdb.namespace, name: pdb.name, untilDisruptionAllowed: true } : { kind: 'pod', namespace: pod.namespace, name: pod.name };
  let backoff = options.retryInitialMs;
  let retryAfter = 0;
  let lastMessage = '';
  let waitFirst = pdb !== undefined && (removal.budgetSpent?.() ?? false);
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(ctx.signal);
    if (waitFirst || attempt > 1) {
      const remaining = deadline - ctx.clock.now();
      if (remaining <= 0) return { kind: 'blocked', pod, ...(pdb ? { pdb } : {}), reason: `the drain timed out: ${lastMessage || 'its PodDisruptionBudget allowed no disruption'}` };
      await abortable(ctx.api.waitForChange(watch, Math.min(remaining, Math.max(backoff, retryAfter))), ctx.signal);
      backoff = Math.min(backoff * 2, options.retryMaxMs);
      if (attempt > 1) ctx.emit({ kind: 'retry', what: `evict pod ${key}`, attempt, reason: 'refused by its PodDisruptionBudget' });
      // Look at the pod again, like kubectl: it may be gone, replaced, or already terminating.
      const current = await ctx.api.getPod(pod.namespace, pod.name);
      if (current === undefined || current.uid !== pod.uid) return { kind: 'gone', pod };
      if (current.deleting) return 'evicted';
      waitFirst = false;
    }
    try {
      await ctx.api.evictPod(pod.namespace, pod.name, grace);
      ctx.emit({ kind: 'pod-evicted', node, namespace: pod.namespace, pod: pod.name });
      removal.onEvicted?.();
      return 'evicted';
    } catch (error) {
      if (error instanceof ClusterApiError && error.isNotFound()) return { kind: 'gone', pod };
      if (!(error instanceof ClusterApiError && error.isTooManyRequests())) {
        return { kind: 'failed', pod, error: `failed to evict pod ${key} from node ${node}: ${reasonOf(error)}` };
      }
      removal.onRefused?.();
      const message = reasonOf(error);
      if (message !== lastMessage) {
        ctx.emit({ kind: 'eviction-blocked', node, namespace: pod.namespace, pod: pod.name, pdb: pdb ? `${pdb.namespace}/${pdb.name}` : '', message });
        lastMessage = message;
      }
      const remaining = deadline - ctx.clock.now();
      if (remaining <= 0 || attempt >= options.maxAttemptsPerPod) {
        const why = remaining <= 0 ? 'the drain timed out' : `gave up after ${attempt} attempts`;
        return { kind: 'blocked', pod, ...(pdb ? { pdb } : {}), reason: `${why}: ${message}` };
      }
      retryAfter = (error.retryAfterSeconds ?? 0) * 1000;
    }
  }
}

/** DELETE around any PDB, then wait until the pod is gone. */
export async function deletePod(removal: PodRemoval, pod: PodSnapshot, reason: string): Promise<PodResult> {
  const { ctx, node, deadline, options } = removal;
  throwIfAborted(ctx.signal);
  try {
    const grace = options.gracePeriodSeconds === undefined ? undefined : { gracePeriodSeconds: options.gracePeriodSeconds };
    await ctx.api.deletePod(pod.namespace, pod.name, grace);
    ctx.emit({ kind: 'pod-deleted', node, namespace: pod.namespace, pod: pod.name, reason });
  } catch (error) {
    if (error instanceof ClusterApiError && error.isNotFound()) return { kind: 'gone', pod };
    return { kind: 'failed', pod, error: `failed to delete pod ${podKey(pod)} from node ${node}: ${reasonOf(error)}` };
  }
  const gone = await waitUntilGone(ctx, pod, deadline, options.retryMaxMs);
  return gone ? { kind: 'gone', pod } : { kind: 'terminating', pod };
}
