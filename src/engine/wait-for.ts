import type { WaitOutcome, WatchTarget } from '../ports/index.js';
import type { EngineContext } from './engine-context.js';

/** Throws the abort reason when the run was asked to stop. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the run was interrupted');
}

/**
 * The callbacks waiting on each signal, behind one 'abort' listener: thousands of pods waited on
 * at once would each add and remove a listener, and EventTarget scans its listeners on every add.
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener('abort', () => {
      for (const call of [...set]) call();
      set.clear();
    }, { once: true });
  }
  callbacks.add(callback);
  return () => void callbacks.delete(callback);
}

/** Resolves like `promise`, or rejects as soon as `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const off = onAbort(signal, () => reject(signal.reason instanceof Error ? signal.reason : new Error('the run was interrupted')));
    promise.then(
      (value) => {
        off();
        resolve(value);
      },
      (error: unknown) => {
        off();
        reject(error);
      },
    );
  });
}

/** Sleeps on the run's clock, waking early when the run is stopped. */
export function pause(ctx: Pick<EngineContext, 'clock' | 'signal'>, ms: number): Promise<void> {
  return abortable(ctx.clock.sleep(ms), ctx.signal);
}

export interface WaitForOptions {
  /** Absolute time on the run's clock after which waitFor gives up. */
  readonly deadline: number;
  /**
   * Longest wait for one watch event before looking again anyway: a fallback for a missed
   * event, not the way the wait makes progress.
   */
  readonly recheckMs?: number;
  /** How soon to look again when the watch itself failed (API server unreachable). */
  readonly unreachableRecheckMs?: number;
}

/**
 * Waits until `target` may have changed, at most `ms`. When the watch itself fails (the API
 * server is down while kubeadm restarts it) there is nothing to watch: it pauses a little instead
 * and answers 'changed'.
 */
export async function waitForChangeOrPause(ctx: Pick<EngineContext, 'api' | 'clock' | 'signal'>, target: WatchTarget, ms: number, unreachableRecheckMs = 5_000): Promise<WaitOutcome> {
  try {
    return await abortable(ctx.api.waitForChange(target, ms), ctx.signal);
  } catch {
    throwIfAborted(ctx.signal);
    await pause(ctx, Math.min(ms, unreachableRecheckMs));
    return 'changed';
  }
}

/**
 * Waits until `satisfied()` holds, looking again whenever `target` may have changed (a watch
 * event), never on a tight timer. Resolves false when the deadline passes first.
 */
export async function waitFor(ctx: Pick<EngineContext, 'api' | 'clock' | 'signal'>, target: WatchTarget, satisfied: () => Promise<boolean>, options: WaitForOptions): Promise<boolean> {
  const recheck = options.recheckMs ?? 30_000;
  for (;;) {
    throwIfAborted(ctx.signal);
    if (await satisfied()) return true;
    const remaining = options.deadline - ctx.clock.now();
    if (remaining <= 0) return false;
    await waitForChangeOrPause(ctx, target, Math.min(remaining, recheck), options.unreachableRecheckMs);
  }
}
