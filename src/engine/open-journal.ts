import { ConfigError } from '../core/errors.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { Clock, Journal, JournalRecord } from '../ports/index.js';
import type { EventDraft } from './engine-context.js';
import { planId } from './plan-id.js';

export interface OpenJournalInput {
  readonly journal: Journal;
  readonly plan: UpgradePlan;
  readonly clock: Clock;
  readonly resume: boolean;
  readonly startOver: boolean;
  readonly overrides: readonly string[];
  readonly emit: (event: EventDraft) => void;
}

/**
 * Reads the journal and decides what this run starts from. A journal of another plan, or an
 * unfinished run of this one, is refused unless the operator says --start-over or --resume.
 * Nodes an earlier run cordoned (or skipped) are always carried over, so they are never forgotten.
 */
export async function openJournal(input: OpenJournalInput): Promise<{ record: JournalRecord; resumed: boolean }> {
  const { plan, clock } = input;
  const id = planId(plan);
  let previous: JournalRecord | undefined;
  try {
    previous = await input.journal.read();
  } catch (error) {
    if (!input.startOver) throw error;
    input.emit({ kind: 'warning', message: `ignoring an unreadable journal (--start-over): ${(error as Error).message}` });
  }
  const fresh = (carried: readonly string[]): JournalRecord => ({
    format: 'kubehop.journal/v1',
    planId: id,
    startedAt: clock.now(),
    updatedAt: clock.now(),
    completedSteps: [],
    cordonedByRun: carried,
    skippedNodes: [],
    overrides: input.overrides.map((code) => ({ code, at: clock.now() })),
    status: 'running',
  });
  if (!previous) {
    if (input.resume) input.emit({ kind: 'warning', message: 'no journal to resume from; continuing from what the cluster shows' });
    return { record: fresh([]), resumed: input.resume };
  }
  const carried = [...new Set([...previous.cordonedByRun, ...previous.skippedNodes])];
  // A finished run's journal is history: a new plan simply starts a new one.
  if (previous.planId !== id && previous.status === 'completed' && carried.length === 0) {
    return { record: fresh([]), resumed: false };
  }
  if (previous.planId !== id) {
    if (!input.startOver) {
      throw new ConfigError(
        `invalid journal: it belongs to another plan (${previous.planId}, status ${previous.status}), not this one (${id}); finish that upgrade with its own plan (apply --plan FILE --resume), or pass --start-over to plan from the cluster as it is now — steps already done are found done and skipped`,
      );
    }
    if (carried.length > 0) {
      input.emit({ kind: 'warning', message: `the discarded journal lists nodes its run cordoned: ${carried.join(', ')}; this run uncordons them when it ends` });
    }
    return { record: fresh(carried), resumed: false };
  }
  if (input.resume) {
    // Skipped nodes get another chance: whatever blocked their drain may be fixed by now.
    const known = new Set(previous.overrides.map((o) => o.code));
    const overrides = [...previous.overrides, ...input.overrides.filter((code) => !known.has(code)).map((code) => ({ code, at: clock.now() }))];
    return { record: { ...previous, cordonedByRun: carried, skippedNodes: [], overrides, status: 'running', updatedAt: clock.now() }, resumed: true };
  }
  if (previous.status !== 'completed' && !input.startOver) {
    const why = previous.lastError ? `: ${previous.lastError}` : '';
    throw new ConfigError(
      `invalid journal: an earlier run of this plan did not finish (status ${previous.status}${why}) after ${previous.completedSteps.length} of ${plan.steps.length} steps; pass --resume to continue from what the cluster shows, or --start-over`,
    );
  }
  return { record: { ...fresh(carried), ...(previous.replacedNodes ? { replacedNodes: previous.replacedNodes } : {}) }, resumed: false };
}
