import { setMaxListeners } from 'node:events';
import { ConfigError, LockedError } from '../core/errors.js';
import { replacesWorkers, type UpgradePlan } from '../core/planning/index.js';
import type { UpgradeEvent } from '../ports/index.js';
import { uncordonNode } from './drain/cordon-node.js';
import type { EngineContext, EventDraft } from './engine-context.js';
import { formatDuration } from '../core/format-duration.js';
import { groupSteps } from './group-steps.js';
import { clusterHealthGates } from './health-gates.js';
import { JournalState } from './journal-state.js';
import { adoptMarkedCordons } from './adopt-marked-cordons.js';
import { markCordons } from './mark-cordons.js';
import { openJournal } from './open-journal.js';
import { retryTransient } from './retry-transient.js';
import { runBatch } from './run-batch.js';
import type { RunContext } from './run-context.js';
import { isPrepareUnit, PrepareAhead } from './prepare-ahead.js';
import { runStep } from './run-step.js';
import { blueGreenPart, blueGreenRound, rollBackGreen, runBlueGreenUnit } from './run-blue-green.js';
import { runSurgeBatch } from './run-surge-batch.js';
import type { StepUnit } from './group-steps.js';
import { splitBatch } from './split-batch.js';
import { runBatchParts } from './run-batch-parts.js';
import { resolveOptions, type RunResult, type RunUpgradeOptions, type UpgradePorts } from './upgrade-options.js';
import { pause, throwIfAborted } from './wait-for.js';

/** How often (run clock) the lock is renewed, between steps. */
const RENEW_EVERY_MS = 60_000;

export const SURGE_NEEDS_PROVISIONER = 'surge needs a node provisioner to bring up the new workers (on a real cluster: spare hosts or a provision command) — or use rolling';

/**
 * Carries a plan out: takes the lock, opens the journal, then runs the steps in order (a batch's
 * nodes together), checking each against the cluster first. On failure or interruption it
 * uncordons every node it cordoned, except those skipped on purpose, and says how it ended.
 * Refusals before anything is touched (lock held, journal of another plan) are thrown.
 */
export async function runUpgrade(plan: UpgradePlan, ports: UpgradePorts, options: RunUpgradeOptions): Promise<RunResult> {
  if (replacesWorkers(plan.strategy) && !ports.provisioner) throw new ConfigError(SURGE_NEEDS_PROVISIONER);
  const resolved = resolveOptions(options, plan.drain);
  const clock = ports.clock;
  const emit = (event: EventDraft) => ports.events.emit({ ...event, at: clock.now() } as UpgradeEvent);
  const lock = await ports.lock.acquire(options.holder, { takeOverStale: options.takeOverStaleLock ?? false });
  // The lease is renewed in the background too: one drain, command or gate may outlast it. A
  // renewal that finds the lock taken over stops the run, which then touches nothing more.
  const lost = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
  setMaxListeners(0, signal);
  const stopRenewal = clock.every(RENEW_EVERY_MS, () => {
    lock.renew().catch((error: unknown) => {
      if (error instanceof LockedError) lost.abort(error);
    });
  });
  try {
    const opened = await openJournal({ journal: ports.journal, plan, clock, resume: options.resume ?? false, startOver: options.startOver ?? false, overrides: options.overrides ?? [], ...(options.unverifiedPlan ? { unverifiedPlan: true } : {}), ...(options.journalAsRead ? { asRead: options.journalAsRead } : {}), emit });
    const journal = new JournalState(ports.journal, clock, opened.record);
    const marked = markCordons(ports.api, () => ({ run: opened.record.planId, at: clock.now() }));
    const ctx: EngineContext = { api: retryTransient(marked, { clock, signal, emit }, resolved.apiAttempts), shell: ports.shell, clock, signal, emit };
    const run: RunContext = {
      ctx,
      plan,
      journal,
      gates: options.gates ?? clusterHealthGates(ctx, resolved.gateTimeoutMs),
      options: resolved,
      ...(ports.provisioner ? { provisioner: ports.provisioner } : {}),
      skippedSteps: [],
    };
    const started = clock.now();
    // Kept once per run, after the journal accepted this plan and before it names it: `apply
    // --resume` without a plan file then goes on with it, even where the cluster has moved on so
    // far (a control plane already upgraded) that planning again gives another plan.
    await ports.journal.keepPlan(JSON.stringify(plan)).catch((error: unknown) => {
      emit({ kind: 'warning', message: `the plan could not be kept beside the journal (${(error as Error).message}); should this run stop, resume it with a plan file: "kubehop plan ... -o json > plan.json" now, then "kubehop apply --plan plan.json --resume"` });
    });
    await journal.start();
    emit({ kind: 'run-started', planId: opened.record.planId, steps: plan.steps.length, resumed: opened.resumed });
    let unitNow: StepUnit | undefined;
    try {
      await adoptMarkedCordons(ctx, plan, journal);
      await runUnits(run, () => lock.renew(), (unit) => void (unitNow = unit));
      // Nodes carried over from a discarded journal that no step of this plan uncordoned.
      for (const node of journal.current.cordonedByRun) {
        await uncordonNode(ctx, node);
        await journal.removeCordoned(node);
      }
      const skippedNodes = journal.current.skippedNodes;
      await journal.finish('completed');
      emit({ kind: 'run-finished', status: 'completed', durationMs: clock.now() - started, ...(skippedNodes.length > 0 ? { skippedNodes } : {}) });
      return { status: skippedNodes.length > 0 ? 'completed-with-skipped-nodes' : 'completed', completedSteps: journal.current.completedSteps, skippedSteps: run.skippedSteps, skippedNodes };
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const interrupted = options.signal?.aborted === true;
      // A run that lost its lock must not touch the cluster any more: someone else is upgrading it.
      if (!(error instanceof LockedError)) {
        const part = unitNow && plan.strategy.kind === 'blue-green' ? blueGreenPart(unitNow) : undefined;
        if (unitNow && (part === 'green' || part === 'drain')) await rollBackGreen(run, cleanupContext(run, ports, resolved.apiAttempts), blueGreenRound(unitNow));
        await uncordonAfterFailure(run, ports, resolved.apiAttempts);
      }
      const message = interrupted ? `interrupted: ${error.message}` : error.message;
      await journal.finish(interrupted ? 'interrupted' : 'failed', message).catch(() => undefined);
      emit({ kind: 'run-finished', status: interrupted ? 'interrupted' : 'failed', durationMs: clock.now() - started });
      const skippedNodes = journal.current.skippedNodes;
      return { status: interrupted ? 'interrupted' : 'failed', completedSteps: journal.current.completedSteps, skippedSteps: run.skippedSteps, skippedNodes, error };
    }
  } finally {
    stopRenewal();
    await lock.release().catch(() => undefined);
  }
}

async function runUnits(run: RunContext, renewLock: () => Promise<void>, entering: (unit: StepUnit) => void): Promise<void> {
  const { ctx, plan, options } = run;
  const indexes = new Map(plan.steps.map((step, i) => [step.id, i]));
  const indexOf = (step: { id: string }) => indexes.get(step.id) ?? -1;
  const units = groupSteps(plan.steps);
  const ahead = new PrepareAhead();
  let renewedAt = ctx.clock.now();
  try {
    for (const [i, unit] of units.entries()) {
      throwIfAborted(ctx.signal);
      if (ctx.clock.now() - renewedAt >= RENEW_EVERY_MS) {
        await renewLock();
        renewedAt = ctx.clock.now();
      }
      const first = unit.steps[0];
      if (!first) continue;
      if (isPrepareUnit(unit)) {
        ahead.start(unit, (u) => runBatch(run, u, indexOf));
        continue;
      }
      entering(unit);
      if (unit.batch === undefined) await runStep(run, first, unit.start);
      else if (plan.strategy.kind === 'blue-green' && first.phase === 'workers') {
        await ahead.before(unit);
        await runBlueGreenUnit(run, unit, indexOf);
      } else {
        await ahead.before(unit);
        const parts = await splitBatch(run, unit);
        if (plan.strategy.kind === 'surge' && first.phase === 'workers') for (const part of parts) await runSurgeBatch(run, part, indexOf);
        else await runBatchParts(run, parts, indexOf);
      }
      // Blue-green soaks after each drained batch of the old pool, the last one included, before removal.
      const round = unit.steps.some((s) => s.action === 'uncordon' || s.action === 'delete-node') || (plan.strategy.kind === 'blue-green' && blueGreenPart(unit) === 'drain');
      if (round && options.soakMs > 0 && i < units.length - 1) {
        const nodes = [...new Set(unit.steps.map((s) => s.node))].join(', ');
        ctx.emit({ kind: 'waiting', what: `soak for ${formatDuration(options.soakMs)} after ${nodes} before the next node` });
        await pause(ctx, options.soakMs);
      }
    }
  } finally {
    // Preparation still running in the background ends before the run reports how it ended.
    await ahead.settle().catch(() => undefined);
  }
  await ahead.settle();
}

/** Never leave a node cordoned by mistake: uncordon what this run cordoned, except skipped nodes. */
/** The run's signal may have fired: cleanup gets a context of its own that is not aborted. */
function cleanupContext(run: RunContext, ports: UpgradePorts, attempts: number): EngineContext {
  const { signal: _aborted, ...rest } = run.ctx;
  return { ...rest, api: retryTransient(ports.api, { clock: rest.clock, emit: rest.emit }, attempts) };
}

async function uncordonAfterFailure(run: RunContext, ports: UpgradePorts, attempts: number): Promise<void> {
  const { journal } = run;
  const cleanup = cleanupContext(run, ports, attempts);
  for (const node of journal.current.cordonedByRun) {
    if (journal.isSkipped(node)) continue;
    try {
      await uncordonNode(cleanup, node);
      await journal.removeCordoned(node);
    } catch (error) {
      cleanup.emit({ kind: 'warning', message: `failed to uncordon node ${node} after the run stopped: ${(error as Error).message}; uncordon it by hand (kubectl uncordon ${node}) or run again with --resume` });
    }
  }
}
