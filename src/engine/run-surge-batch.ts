import { InternalError } from '../core/errors.js';
import type { PlanStep } from '../core/planning/index.js';
import { compareVersions, parseVersion } from '../core/version/index.js';
import { cordonNode } from './drain/cordon-node.js';
import { applyDrainStep } from './drain/apply-drain-step.js';
import { stepsByNode, type StepUnit } from './group-steps.js';
import type { RunContext } from './run-context.js';
import { runConcurrently } from './run-batch.js';
import { currentNodeName } from './run-step.js';
import { throwIfAborted } from './wait-for.js';

/**
 * A worker batch under the surge strategy: new workers at the round's version join first (one per
 * old worker, so capacity never drops), the old workers are cordoned and drained onto them, then
 * removed. The old workers' package steps are not needed: the new machines come at the version.
 * Resumable: a replacement already recorded in the journal is reused, a removed worker is done.
 */
export async function runSurgeBatch(run: RunContext, unit: StepUnit, indexOf: (step: PlanStep) => number): Promise<void> {
  const { ctx, journal, provisioner } = run;
  if (!provisioner) throw new InternalError('surge batch without a node provisioner');
  const todo: { planned: string; old: string; version: string; steps: readonly PlanStep[] }[] = [];
  for (const [planned, steps] of stepsByNode(unit.steps)) {
    const version = steps.find((s) => s.action === 'upgrade-kubelet')?.version ?? steps[steps.length - 1]?.version ?? '';
    const old = await currentNodeName(run, planned);
    const node = await ctx.api.getNode(old);
    const reason = !node ? `node ${old} was already replaced` : compareVersions(node.kubelet, parseVersion(version)) >= 0 ? `node ${old} already runs kubelet ${version}` : undefined;
    if (reason === undefined) {
      todo.push({ planned, old, version, steps });
      continue;
    }
    for (const step of steps) {
      ctx.emit({ kind: 'step-skipped', step, reason });
      run.skippedSteps.push(step.id);
      await journal.completeStep(step.id);
    }
  }
  if (todo.length === 0) return;

  for (const { old } of todo) await cordonNode(ctx, old, (n) => journal.addCordoned(n));
  for (const item of todo) {
    throwIfAborted(ctx.signal);
    const recorded = journal.replacementOf(item.old);
    if (recorded && (await ctx.api.getNode(recorded))) continue;
    const added = await provisioner.addWorker(item.old, parseVersion(item.version));
    await journal.recordReplacement(item.old, added);
    ctx.emit({ kind: 'node-added', node: added, version: item.version });
  }
  for (const item of todo) {
    const added = journal.replacementOf(item.old);
    if (added) await run.gates.nodeReady(added, item.version);
  }

  await runConcurrently(
    run,
    todo.map((item) => async (scoped: RunContext) => {
      const drainStep = item.steps.find((s) => s.action === 'drain');
      const started = scoped.ctx.clock.now();
      if (drainStep) {
        scoped.ctx.emit({ kind: 'step-started', step: drainStep, index: indexOf(drainStep) });
        if ((await applyDrainStep(scoped, drainStep, item.old)) === 'node-skipped') {
          for (const step of item.steps) scoped.ctx.emit({ kind: 'step-skipped', step, reason: `node ${item.old} was skipped: its drain timed out` });
          return;
        }
      }
      throwIfAborted(scoped.ctx.signal);
      await provisioner.removeWorker(item.old);
      await journal.removeCordoned(item.old);
      scoped.ctx.emit({ kind: 'node-removed', node: item.old });
      const replacement = journal.replacementOf(item.old) ?? '';
      for (const step of item.steps) {
        await journal.completeStep(step.id);
        if (step === drainStep) scoped.ctx.emit({ kind: 'step-finished', step, durationMs: scoped.ctx.clock.now() - started });
        else scoped.ctx.emit({ kind: 'step-skipped', step, reason: `replaced by ${replacement}, which joined at ${item.version}` });
      }
    }),
  );
}
