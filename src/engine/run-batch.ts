import { setMaxListeners } from 'node:events';
import type { PlanStep } from '../core/planning/index.js';
import { checkStep } from './check-step.js';
import { cordonNode } from './drain/cordon-node.js';
import { stepsByNode, type StepUnit } from './group-steps.js';
import type { RunContext } from './run-context.js';
import { currentNodeName, runStep } from './run-step.js';

/**
 * Runs every node's steps of a batch concurrently; a failure on one node stops the others at
 * their next step or wait, and the first real error is rethrown once all have stopped.
 */
export async function runConcurrently(run: RunContext, sequences: readonly ((scoped: RunContext) => Promise<void>)[]): Promise<void> {
  const only = sequences.length === 1 ? sequences[0] : undefined;
  if (only) return only(run);
  const stop = new AbortController();
  const signal = run.ctx.signal ? AbortSignal.any([run.ctx.signal, stop.signal]) : stop.signal;
  // Every node of the batch and each of its parallel evictions waits on this one signal.
  setMaxListeners(0, signal);
  const scoped: RunContext = { ...run, ctx: { ...run.ctx, signal } };
  const results = await Promise.allSettled(
    sequences.map((sequence) =>
      sequence(scoped).catch((error: unknown) => {
        if (!stop.signal.aborted) stop.abort(error);
        throw error;
      }),
    ),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  // The run's own signal wins: an interruption is reported as one, not as a sibling's failure.
  if (failures.length > 0) throw run.ctx.signal?.aborted ? run.ctx.signal.reason : (stop.signal.reason ?? failures[0]);
}

/** Runs one node's steps in order; once its drain times out under skip-node, the rest are skipped. */
async function runNodeSteps(run: RunContext, steps: readonly PlanStep[], indexOf: (step: PlanStep) => number): Promise<void> {
  for (const step of steps) await runStep(run, step, indexOf(step));
}

/**
 * A batch of a rolling or all-at-once round. With several nodes, every node still to be drained is
 * cordoned first, so pods evicted from one do not land on another about to be drained. For
 * all-at-once the drain deletes instead of evicting: the operator chose downtime, and with every
 * worker cordoned no PDB could ever be satisfied.
 */
export async function runBatch(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  const byNode = stepsByNode(unit.steps);
  const allAtOnce = run.plan.strategy.kind === 'all-at-once' && unit.steps[0]?.phase === 'workers';
  const batchRun: RunContext = allAtOnce ? { ...run, options: { ...run.options, drain: { ...run.options.drain, mode: 'delete' } } } : run;
  if (byNode.size > 1 || allAtOnce) {
    const drains = unit.steps.filter((s) => s.action === 'drain');
    const todo: string[] = [];
    for (const step of drains) {
      const node = await currentNodeName(run, step.node);
      if (run.journal.isSkipped(node)) continue;
      const check = await checkStep({ ctx: run.ctx, step, node, journalDone: run.journal.isDone(step.id), drain: batchRun.options.drain, commandTimeoutMs: run.options.commandTimeoutMs });
      if (check.state === 'todo') todo.push(node);
    }
    if (allAtOnce && todo.length > 0) {
      run.ctx.emit({
        kind: 'warning',
        message: `all-at-once: cordoning ${todo.length} workers (${todo.join(', ')}) and deleting their pods without honouring PodDisruptionBudgets; their workloads are down until the nodes come back`,
      });
    }
    for (const node of todo) await cordonNode(run.ctx, node, (n) => run.journal.addCordoned(n));
  }
  await runConcurrently(
    batchRun,
    [...byNode.values()].map((steps) => (scoped: RunContext) => runNodeSteps(scoped, steps, indexOf)),
  );
}
