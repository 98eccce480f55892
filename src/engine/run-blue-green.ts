import { compareVersions, parseVersion } from '../core/version/index.js';
import { nameNewNode, type PlanStep } from '../core/planning/index.js';
import { applyDrainStep } from './drain/apply-drain-step.js';
import { cordonNode, uncordonNode } from './drain/cordon-node.js';
import { drainNode } from './drain/drain-node.js';
import type { EngineContext } from './engine-context.js';
import { stepsByNode, type StepUnit } from './group-steps.js';
import type { RunContext } from './run-context.js';
import { runConcurrently } from './run-batch.js';
import { bringUpReplacement, finishStep, followReplacements, REMOVE_ACTIONS, removeOld, skipSteps, type Replacement } from './run-surge-batch.js';
import { InternalError } from '../core/errors.js';

/** Which part of a blue-green round a unit is, from its batch id (".../workers/green", "drain-2", "remove"). */
export function blueGreenPart(unit: StepUnit): 'green' | 'drain' | 'remove' | undefined {
  const last = unit.batch?.split('/').pop() ?? '';
  if (last === 'green') return 'green';
  if (last === 'remove') return 'remove';
  return /^drain-\d+$/.test(last) ? 'drain' : undefined;
}

/** The round a blue-green unit belongs to: its batch id without the part. */
export function blueGreenRound(unit: StepUnit): string {
  return (unit.batch ?? '').split('/').slice(0, -1).join('/');
}

/**
 * One unit of a blue-green round: the new pool joins (every machine at once) and the old pool is
 * cordoned; a batch of the old pool is drained onto it; the old pool is removed. Like surge, each
 * part checks the cluster and the journal first, so a resumed run picks up where it stopped.
 */
export async function runBlueGreenUnit(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  switch (blueGreenPart(unit)) {
    case 'green':
      return runGreen(run, unit, indexOf);
    case 'drain':
      return runDrains(run, unit, indexOf);
    case 'remove':
      return runRemoval(run, unit, indexOf);
    case undefined:
      throw new InternalError(`blue-green batch "${unit.batch ?? ''}" is neither green, drain-N nor remove`);
  }
}

async function runGreen(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  const todo: Replacement[] = [];
  for (const [planned, steps] of stepsByNode(unit.steps)) {
    const version = steps[0]?.version ?? '';
    const { current } = await followReplacements(run, planned);
    const node = await run.ctx.api.getNode(current);
    if (node && compareVersions(node.kubelet, parseVersion(version)) < 0) todo.push({ planned, steps, version, old: node });
    else await skipSteps(run, steps, node ? `node ${current} already runs kubelet ${version}` : `node ${current} was already replaced`);
  }
  await runConcurrently(
    run,
    todo.map((item) => (scoped: RunContext) => bringUpReplacement(scoped, item, indexOf)),
  );
  // The whole old pool stops taking pods at once, so what is drained lands on the new pool.
  for (const { old } of todo) await cordonNode(run.ctx, old.name, (n) => run.journal.addCordoned(n));
}

async function runDrains(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  const todo: { node: string; step: PlanStep }[] = [];
  for (const step of unit.steps) {
    const { current } = await followReplacements(run, step.node);
    const node = await run.ctx.api.getNode(current);
    // The old node is still there and its replacement is recorded: that is the one to drain.
    const replacement = run.journal.replacementOf(current);
    if (node && replacement && compareVersions(node.kubelet, parseVersion(step.version)) < 0) todo.push({ node: current, step: nameNewNode(step, replacement) });
    else await skipSteps(run, [step], node ? `node ${current} already runs kubelet ${step.version}` : `node ${current} was already removed`);
  }
  await runConcurrently(
    run,
    todo.map(({ node, step }) => async (scoped: RunContext) => {
      const started = scoped.ctx.clock.now();
      scoped.ctx.emit({ kind: 'step-started', step, index: indexOf(step) });
      if ((await applyDrainStep(scoped, step, node)) === 'node-skipped') return;
      await finishStep(scoped, step, started);
    }),
  );
}

async function runRemoval(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  const items: { old: string; steps: readonly PlanStep[] }[] = [];
  for (const [planned, steps] of stepsByNode(unit.steps)) {
    const reset = steps.find((s) => s.action === 'reset-host');
    const { current, replaced } = await followReplacements(run, planned);
    const currentNode = await run.ctx.api.getNode(current);
    const target = parseVersion(steps[0]?.version ?? '');
    if (currentNode && run.journal.replacementOf(current) && compareVersions(currentNode.kubelet, target) < 0) items.push({ old: current, steps });
    else if (replaced !== undefined && reset && !run.journal.isDone(reset.id)) items.push({ old: replaced, steps });
    else await skipSteps(run, steps, `node ${planned} was already removed`);
  }
  await runConcurrently(
    run,
    items.map((item) => async (scoped: RunContext) => {
      const replacement = scoped.journal.replacementOf(item.old);
      const like = (await scoped.ctx.api.getNode(item.old)) ?? (replacement ? await scoped.ctx.api.getNode(replacement) : undefined);
      if (!like) throw new InternalError(`neither node ${item.old} nor its replacement is in the cluster`);
      if (scoped.journal.isSkipped(item.old)) {
        await skipSteps(scoped, item.steps, `node ${item.old} was skipped: its drain timed out`);
        return;
      }
      await removeOld(scoped, item.old, like, item.steps.filter((s) => REMOVE_ACTIONS.includes(s.action)), indexOf);
    }),
  );
}

/**
 * A blue-green round stopped before its removal: the old pool takes pods again, the new nodes are
 * drained (honouring PodDisruptionBudgets) and removed, and their machines go back to the pool,
 * so the cluster is as it was. A resumed run starts the round over.
 */
export async function rollBackGreen(run: RunContext, cleanup: EngineContext, round: string): Promise<void> {
  const { journal, provisioner } = run;
  if (!provisioner) return;
  const olds = [...new Set(run.plan.steps.filter((s) => s.batch === `${round}/green`).map((s) => s.node))];
  for (const old of olds) {
    const added = journal.replacementOf(old);
    const oldNode = await cleanup.api.getNode(old);
    if (!added || !oldNode) continue;
    try {
      if (journal.current.cordonedByRun.includes(old)) {
        await uncordonNode(cleanup, old);
        await journal.removeCordoned(old);
      }
      const addedNode = await cleanup.api.getNode(added);
      if (addedNode) {
        const drained = await drainNode(cleanup, { node: added, options: run.options.drain });
        if (drained.status !== 'drained') throw new Error(drained.message);
      }
      await provisioner.removeWorker(added, addedNode ?? oldNode);
      await journal.forgetReplacement(old);
      cleanup.emit({ kind: 'node-removed', node: added });
    } catch (error) {
      cleanup.emit({ kind: 'warning', message: `failed to roll back the new node ${added ?? ''} of ${old}: ${(error as Error).message}; drain and delete it by hand, or run again with --resume` });
    }
  }
}
