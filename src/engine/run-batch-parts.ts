import { batchLimitsOf } from '../core/batching/index.js';
import type { PlanStep } from '../core/planning/index.js';
import { runBatch, runConcurrently } from './run-batch.js';
import type { RunContext } from './run-context.js';
import type { StepUnit } from './group-steps.js';
import { waitUntilSettled } from './wait-until-settled.js';

// A planned batch the re-check split (split-batch.ts) still goes down as one window: its parts
// are drained one after another, and each part's kubelet upgrade, restart and Ready overlap the
// parts after it. A part is cordoned once the part before it is drained and the cluster has
// settled: every workload its drains evict from runs all its replicas Ready again, and the part
// keeps the budgets, the workload bound and the room as the cluster is then. If it does not
// settle, the part waits for the part before it to finish, as a batch waits for the one before.
// Never more nodes are down at once than the planned batch.

export async function runBatchParts(run: RunContext, parts: readonly StepUnit[], indexOf: (step: PlanStep) => number): Promise<void> {
  const [only] = parts;
  if (parts.length === 1 && only) return runBatch(run, only, indexOf);
  const drained = parts.map(() => deferred());
  const finished = parts.map(() => deferred());
  await runConcurrently(
    run,
    parts.map((part, i) => async (scoped: RunContext) => {
      try {
        const before = i > 0 ? { drained: drained[i - 1], finished: finished[i - 1] } : undefined;
        if (before?.drained && before.finished) await settled(scoped, part, before.drained, before.finished);
        const { head, tail } = splitAtDrain(part);
        await runBatch(scoped, head, indexOf);
        drained[i]?.resolve();
        await runBatch(scoped, tail, indexOf);
        finished[i]?.resolve();
      } catch (error) {
        drained[i]?.reject(error);
        finished[i]?.reject(error);
        throw error;
      }
    }),
  );
}

/** Waits until the part before is drained and then until the cluster settled for `part`, or the part before finished. */
async function settled(run: RunContext, part: StepUnit, drained: Deferred, finished: Deferred): Promise<void> {
  await drained.promise;
  const nodes = [...new Set(part.steps.map((s) => s.node))];
  await waitUntilSettled(run.ctx, nodes, batchLimitsOf(run.plan.strategy, nodes.length), finished);
}

/** A part's steps up to each node's drain (cordon and drain), and the rest of its window. */
function splitAtDrain(part: StepUnit): { head: StepUnit; tail: StepUnit } {
  const drainedNodes = new Set<string>();
  const head: PlanStep[] = [];
  const tail: PlanStep[] = [];
  for (const step of part.steps) {
    if (drainedNodes.has(step.node)) tail.push(step);
    else head.push(step);
    if (step.action === 'drain') drainedNodes.add(step.node);
  }
  const batch = part.batch !== undefined ? { batch: part.batch } : {};
  return { head: { ...batch, start: part.start, steps: head }, tail: { ...batch, start: part.start, steps: tail } };
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly done: boolean;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const state = { done: false };
  const promise = new Promise<void>((res, rej) => {
    resolve = () => {
      state.done = true;
      res();
    };
    reject = (error) => {
      state.done = true;
      rej(error);
    };
  });
  // Seen by the part that waits on it, or by nobody when the run already failed.
  promise.catch(() => undefined);
  return {
    promise,
    resolve: () => resolve(),
    reject: (error) => reject(error),
    get done() {
      return state.done;
    },
  };
}
