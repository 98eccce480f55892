import { ConfigError } from '../core/errors.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { Clock, Journal, JournalRecord } from '../ports/index.js';
import type { EventDraft } from './engine-context.js';
import { planDigest, planId } from './plan-id.js';

export interface OpenJournalInput {
  readonly journal: Journal;
  readonly plan: UpgradePlan;
  readonly clock: Clock;
  readonly resume: boolean;
  readonly startOver: boolean;
  readonly overrides: readonly string[];
  /** See RunUpgradeOptions.unverifiedPlan. */
  readonly unverifiedPlan?: boolean;
  /** See RunUpgradeOptions.journalAsRead. */
  readonly asRead?: { readonly record: JournalRecord | undefined };
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
  const digest = planDigest(plan);
  let previous: JournalRecord | undefined;
  try {
    previous = input.asRead ? input.asRead.record : await input.journal.read();
  } catch (error) {
    if (!input.startOver) throw error;
    input.emit({ kind: 'warning', message: `ignoring an unreadable journal (--start-over): ${(error as Error).message}` });
  }
  const fresh = (carried: readonly string[]): JournalRecord => ({
    format: 'kubehop.journal/v1',
    planId: id,
    planDigest: digest,
    startedAt: clock.now(),
    updatedAt: clock.now(),
    completedSteps: [],
    cordonedByRun: carried,
    skippedNodes: [],
    overrides: input.overrides.map((code) => ({ code, at: clock.now() })),
    status: 'running',
  });
  if (input.resume && input.unverifiedPlan && (previous?.planId !== id || previous.planDigest === undefined)) {
    throw new ConfigError(
      previous
        ? `refusing to resume with this plan file: the journal is of another plan (${previous.planId}) or keeps no digest to check the file against; resume with the plan file the run started with, or plan again from the cluster as it is now ("kubehop plan -o json") and apply that with --start-over`
        : 'refusing to resume with this plan file: there is no journal to check it against, and a half-upgraded cluster cannot show what kubehop would have planned; plan again from the cluster as it is now ("kubehop plan -o json") and apply that',
    );
  }
  if (previous && previous.planId === id && previous.planDigest !== undefined && previous.planDigest !== digest && (input.resume || previous.status !== 'completed')) {
    throw new ConfigError(`refusing this plan: it has the steps of the run in the journal (${id}) but differs from the plan that run started with (its probes, drain consent or other fields were changed); use the plan file the run started with`);
  }
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
    return { record: { ...previous, planDigest: digest, cordonedByRun: carried, skippedNodes: [], overrides, status: 'running', updatedAt: clock.now() }, resumed: true };
  }
  if (previous.status !== 'completed' && !input.startOver) {
    const why = previous.lastError ? `: ${previous.lastError}` : '';
    throw new ConfigError(
      `invalid journal: an earlier run of this plan did not finish (status ${previous.status}${why}) after ${previous.completedSteps.length} of ${plan.steps.length} steps; pass --resume to continue from what the cluster shows, or --start-over`,
    );
  }
  return { record: { ...fresh(carried), ...(previous.replacedNodes ? { replacedNodes: previous.replacedNodes } : {}) }, resumed: false };
}
