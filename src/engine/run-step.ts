import type { PlanStep } from '../core/planning/index.js';
import { applyStep } from './apply-step.js';
import { checkStep } from './check-step.js';
import type { RunContext } from './run-context.js';
import { throwIfAborted } from './wait-for.js';

export type StepResult = 'applied' | 'already-done' | 'node-skipped';

/**
 * The node a step works on now: a surge run replaces nodes, so a later round of a replaced node
 * works on its replacement. An old node that still exists (its replacement mid-way) is itself.
 */
export async function currentNodeName(run: RunContext, planned: string): Promise<string> {
  let name = planned;
  for (let next = run.journal.replacementOf(name); next !== undefined; next = run.journal.replacementOf(name)) {
    if (await run.ctx.api.getNode(name)) break;
    name = next;
  }
  return name;
}

/** Check, then (only if needed) apply, then journal: one step, safe to repeat. */
export async function runStep(run: RunContext, step: PlanStep, index: number): Promise<StepResult> {
  const { ctx, journal } = run;
  throwIfAborted(ctx.signal);
  const node = await currentNodeName(run, step.node);
  if (journal.isSkipped(node)) {
    ctx.emit({ kind: 'step-skipped', step, reason: `node ${node} was skipped: its drain timed out` });
    return 'node-skipped';
  }
  const check = await checkStep({ ctx, step, node, journalDone: journal.isDone(step.id), drain: run.options.drain, commandTimeoutMs: run.options.commandTimeoutMs });
  if (check.state === 'done') {
    ctx.emit({ kind: 'step-skipped', step, reason: check.reason });
    run.skippedSteps.push(step.id);
    await journal.completeStep(step.id);
    return 'already-done';
  }
  ctx.emit({ kind: 'step-started', step, index });
  const started = ctx.clock.now();
  let outcome;
  try {
    outcome = await applyStep(run, step, node);
  } catch (error) {
    ctx.emit({ kind: 'step-failed', step, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  if (outcome === 'node-skipped') {
    ctx.emit({ kind: 'step-skipped', step, reason: `node ${node} was skipped: its drain timed out` });
    return 'node-skipped';
  }
  const durationMs = ctx.clock.now() - started;
  await journal.completeStep(step.id, { step, seconds: durationMs / 1000 });
  ctx.emit({ kind: 'step-finished', step, durationMs });
  return 'applied';
}
