import type { NodeSnapshot } from '../core/cluster/index.js';
import { InternalError } from '../core/errors.js';
import { nameNewNode, type PlanStep, type StepAction } from '../core/planning/index.js';
import { compareVersions, parseVersion } from '../core/version/index.js';
import { applyDrainStep } from './drain/apply-drain-step.js';
import { cordonNode } from './drain/cordon-node.js';
import { stepsByNode, type StepUnit } from './group-steps.js';
import type { RunContext } from './run-context.js';
import { runConcurrently } from './run-batch.js';
import { throwIfAborted } from './wait-for.js';

/** The steps the provisioner carries out in one call, in plan order. */
export const JOIN_ACTIONS: readonly StepAction[] = ['prepare-host', 'create-join-token', 'join-node', 'copy-node-marks'];
export const REMOVE_ACTIONS: readonly StepAction[] = ['delete-node', 'reset-host'];

/** One worker of the batch and what is left to do for it. */
export interface Replacement {
  readonly planned: string;
  readonly steps: readonly PlanStep[];
  readonly version: string;
  /** The node being replaced, while it still exists. */
  readonly old: NodeSnapshot;
}

/** A worker already replaced whose old machine was not freed yet (a crash during removal). */
interface PendingRemoval {
  readonly steps: readonly PlanStep[];
  readonly old: string;
  readonly like: NodeSnapshot;
}

/**
 * A worker batch under the surge strategy: for each old worker a new machine joins at the round's
 * version (all of the batch at once, so capacity never drops), the old workers are cordoned and
 * drained onto them, then deleted and their machines freed. Resumable at any point: the new node's
 * name is journaled before it joins, so a recorded replacement is reused (or brought up again if
 * it never joined), and an old machine whose removal was cut short is removed again.
 */
export async function runSurgeBatch(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  const { ctx, journal, provisioner } = run;
  if (!provisioner) throw new InternalError('surge batch without a node provisioner');
  const todo: Replacement[] = [];
  const removals: PendingRemoval[] = [];
  for (const [planned, steps] of stepsByNode(unit.steps)) {
    const version = steps[0]?.version ?? '';
    const { current, replaced } = await followReplacements(run, planned);
    const node = await ctx.api.getNode(current);
    const upToDate = node !== undefined && compareVersions(node.kubelet, parseVersion(version)) >= 0;
    const resetStep = steps.find((s) => s.action === 'reset-host');
    if (upToDate && replaced !== undefined && resetStep && !journal.isDone(resetStep.id)) {
      removals.push({ steps, old: replaced, like: node });
      continue;
    }
    if (node && !upToDate) {
      todo.push({ planned, steps, version, old: node });
      continue;
    }
    const reason = node ? `node ${current} already runs kubelet ${version}` : `node ${current} was already replaced`;
    await skipSteps(run, steps, reason);
  }

  for (const item of removals) {
    await removeOld(run, item.old, item.like, item.steps.filter((s) => REMOVE_ACTIONS.includes(s.action)), indexOf);
    await skipSteps(run, item.steps.filter((s) => !REMOVE_ACTIONS.includes(s.action)), `replaced by ${journal.replacementOf(item.old) ?? 'a new node'} before the run was interrupted`);
  }
  if (todo.length === 0) return;

  for (const { old } of todo) await cordonNode(ctx, old.name, (n) => journal.addCordoned(n));
  // New machines come up together: a batch of N takes about as long as one.
  await runConcurrently(
    run,
    todo.map((item) => (scoped: RunContext) => bringUpReplacement(scoped, item, indexOf)),
  );

  await runConcurrently(
    run,
    todo.map((item) => async (scoped: RunContext) => {
      const planned = item.steps.find((s) => s.action === 'drain');
      const replacement = scoped.journal.replacementOf(item.old.name);
      const drainStep = planned && replacement ? nameNewNode(planned, replacement) : planned;
      if (drainStep) {
        const started = scoped.ctx.clock.now();
        scoped.ctx.emit({ kind: 'step-started', step: drainStep, index: indexOf(drainStep) });
        if ((await applyDrainStep(scoped, drainStep, item.old.name)) === 'node-skipped') {
          for (const step of item.steps.filter((s) => REMOVE_ACTIONS.includes(s.action) || s === drainStep)) scoped.ctx.emit({ kind: 'step-skipped', step, reason: `node ${item.old.name} was skipped: its drain timed out` });
          return;
        }
        await finishStep(scoped, drainStep, started);
      }
      throwIfAborted(scoped.ctx.signal);
      await removeOld(scoped, item.old.name, item.old, item.steps.filter((s) => REMOVE_ACTIONS.includes(s.action)), indexOf);
    }),
  );
}

/** Brings up (or finds) the new node for one old worker and journals its steps. */
export async function addReplacement(run: RunContext, item: Replacement, indexOf: (step: PlanStep) => number): Promise<string> {
  const { ctx, journal, provisioner } = run;
  if (!provisioner) throw new InternalError('surge batch without a node provisioner');
  const joinSteps = item.steps.filter((s) => JOIN_ACTIONS.includes(s.action));
  const recorded = journal.replacementOf(item.old.name);
  if (recorded && (await ctx.api.getNode(recorded))) {
    // The join happened before the crash. The labels and taints may not have followed it (seen on
    // a real cluster: a kill between kubeadm join and the kubectl label), and its token outlived
    // it: while any join step is open, the node is adopted (marked again, the token deleted).
    const open = joinSteps.filter((s) => !journal.isDone(s.id));
    const marks = open.filter((s) => s.action === 'copy-node-marks');
    await skipSteps(run, joinSteps.filter((s) => !marks.includes(s)), `${recorded} already joined in place of ${item.old.name}`);
    if (open.length > 0) {
      const started = ctx.clock.now();
      for (const step of marks) ctx.emit({ kind: 'step-started', step: nameNewNode(step, recorded), index: indexOf(step) });
      await provisioner.adoptWorker(recorded, item.old);
      for (const step of marks) await finishStep(run, nameNewNode(step, recorded), started);
    }
    return recorded;
  }
  throwIfAborted(ctx.signal);
  const first = joinSteps[0];
  const started = ctx.clock.now();
  if (first) ctx.emit({ kind: 'step-started', step: first, index: indexOf(first) });
  const batch = item.steps[0]?.batch ?? '';
  const busy = recorded ? [] : await busyMachines(run);
  const added = await provisioner.addWorker(
    { template: item.old, version: parseVersion(item.version), batch, ...(recorded ? { name: recorded } : { busy }) },
    (name) => journal.recordReplacement(item.old.name, name),
  );
  ctx.emit({ kind: 'node-added', node: added, version: item.version });
  for (const step of joinSteps) await finishStep(run, nameNewNode(step, added), started);
  return added;
}

/** Deletes the old node and frees its machine, journaling both steps. */
/**
 * The machines the journal says this run uses: a replacement is busy while the node it replaces
 * is still there (joining or about to) or once it is a node itself. A machine that was replaced in
 * turn and removed is free again.
 */
async function busyMachines(run: RunContext): Promise<string[]> {
  const busy: string[] = [];
  for (const [old, replacement] of Object.entries(run.journal.current.replacedNodes ?? {})) {
    if ((await run.ctx.api.getNode(old)) || (await run.ctx.api.getNode(replacement))) busy.push(replacement);
  }
  return busy;
}

/** A new machine joined for `item`, then held at its wait-ready step until the node is Ready. */
export async function bringUpReplacement(run: RunContext, item: Replacement, indexOf: (step: PlanStep) => number): Promise<void> {
  const added = await addReplacement(run, item, indexOf);
  const planned = item.steps.find((s) => s.action === 'wait-ready');
  const wait = planned && nameNewNode(planned, added);
  const started = run.ctx.clock.now();
  if (wait) run.ctx.emit({ kind: 'step-started', step: wait, index: indexOf(wait) });
  await run.gates.nodeReady(added, item.version);
  if (wait) await finishStep(run, wait, started);
}

export async function removeOld(run: RunContext, old: string, like: NodeSnapshot, steps: readonly PlanStep[], indexOf: (step: PlanStep) => number): Promise<void> {
  const { ctx, journal, provisioner } = run;
  if (!provisioner) throw new InternalError('surge batch without a node provisioner');
  const first = steps[0];
  const started = ctx.clock.now();
  if (first) ctx.emit({ kind: 'step-started', step: first, index: indexOf(first) });
  await provisioner.removeWorker(old, like);
  await journal.removeCordoned(old);
  ctx.emit({ kind: 'node-removed', node: old });
  for (const step of steps) await finishStep(run, step, started);
}

export async function finishStep(run: RunContext, step: PlanStep, started: number): Promise<void> {
  await run.journal.completeStep(step.id);
  run.ctx.emit({ kind: 'step-finished', step, durationMs: run.ctx.clock.now() - started });
}

export async function skipSteps(run: RunContext, steps: readonly PlanStep[], reason: string): Promise<void> {
  for (const step of steps) {
    run.ctx.emit({ kind: 'step-skipped', step, reason });
    run.skippedSteps.push(step.id);
    await run.journal.completeStep(step.id);
  }
}

/**
 * Where a planned worker is now: itself, or the last of the nodes that replaced it, and the node
 * that last one replaced (it may still need its machine freed).
 */
export async function followReplacements(run: RunContext, planned: string): Promise<{ current: string; replaced?: string }> {
  let current = planned;
  let replaced: string | undefined;
  for (let next = run.journal.replacementOf(current); next !== undefined; next = run.journal.replacementOf(current)) {
    if (await run.ctx.api.getNode(current)) break;
    replaced = current;
    current = next;
  }
  return { current, ...(replaced !== undefined ? { replaced } : {}) };
}
