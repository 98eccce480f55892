import type { PlanStep } from '../core/planning/index.js';
import { recordStepTime, stepKind } from '../core/timing/index.js';
import type { Clock, Journal, JournalRecord } from '../ports/index.js';

type RecordFields = Omit<JournalRecord, 'completedSteps'>;

/**
 * A record whose completedSteps are the first `count` of `steps` (which only grows), copied the
 * first time something reads them: a record per step must not copy every earlier step (a run of
 * 13,000 steps spent most of its time there), and most records are only kept until the next one.
 * Readers (JSON, structuredClone, spreads) see a plain array, in the usual place among the fields.
 */
function recordOf(fields: RecordFields, steps: readonly string[], count: number): JournalRecord {
  let copy: readonly string[] | undefined;
  const { format, planId, planDigest, startedAt, updatedAt, ...rest } = fields;
  return {
    format,
    planId,
    ...(planDigest !== undefined ? { planDigest } : {}),
    startedAt,
    updatedAt,
    get completedSteps() {
      return (copy ??= steps.slice(0, count));
    },
    ...rest,
  };
}

/**
 * The run's journal record, kept in memory and written through after every change. Writes are
 * chained, so nodes of a batch finishing at once cannot interleave half-updated records.
 */
export class JournalState {
  private fields: RecordFields;
  /** Completed step ids in order; only appended to (records read a prefix of it). */
  private readonly steps: string[];
  private record: JournalRecord;
  private pending: Promise<void> = Promise.resolve();
  /** completedSteps as a set: runs of thousands of steps ask it before every step. */
  private done = new Set<string>();

  constructor(
    private readonly journal: Journal,
    private readonly clock: Clock,
    initial: JournalRecord,
  ) {
    const { completedSteps, ...fields } = initial;
    this.fields = fields;
    this.steps = [...completedSteps];
    this.record = recordOf(fields, this.steps, this.steps.length);
    this.done = new Set(completedSteps);
  }

  get current(): JournalRecord {
    return this.record;
  }

  isDone(stepId: string): boolean {
    return this.done.has(stepId);
  }

  isSkipped(node: string): boolean {
    return this.fields.skippedNodes.includes(node);
  }

  replacementOf(node: string): string | undefined {
    return this.fields.replacedNodes?.[node];
  }

  start(): Promise<void> {
    return this.update({ status: 'running' });
  }

  /** `took`: the step was carried out (not found done), in this many seconds; recorded to calibrate forecasts. */
  completeStep(stepId: string, took?: { readonly step: Pick<PlanStep, 'phase' | 'action'>; readonly seconds: number }): Promise<void> {
    const stepTimes = took ? { stepTimes: recordStepTime(this.fields.stepTimes, stepKind(took.step), took.seconds) } : {};
    if (this.isDone(stepId)) return this.update(stepTimes);
    this.done.add(stepId);
    this.steps.push(stepId);
    return this.update(stepTimes);
  }

  /** Written before the cordon itself: a crash in between must not lose track of the node. */
  addCordoned(node: string): Promise<void> {
    if (this.fields.cordonedByRun.includes(node)) return this.pending;
    return this.update({ cordonedByRun: [...this.fields.cordonedByRun, node] });
  }

  removeCordoned(node: string): Promise<void> {
    if (!this.fields.cordonedByRun.includes(node)) return this.pending;
    return this.update({ cordonedByRun: this.fields.cordonedByRun.filter((n) => n !== node) });
  }

  /** Left cordoned on purpose: cleanup leaves it alone. */
  skipNode(node: string): Promise<void> {
    return this.update({
      cordonedByRun: this.fields.cordonedByRun.filter((n) => n !== node),
      skippedNodes: this.isSkipped(node) ? this.fields.skippedNodes : [...this.fields.skippedNodes, node],
    });
  }

  recordReplacement(oldNode: string, newNode: string): Promise<void> {
    return this.update({ replacedNodes: { ...this.fields.replacedNodes, [oldNode]: newNode } });
  }

  /** A replacement rolled back: the old node serves again and the new one is gone. */
  forgetReplacement(oldNode: string): Promise<void> {
    const { [oldNode]: _gone, ...rest } = this.fields.replacedNodes ?? {};
    return this.update({ replacedNodes: rest });
  }

  finish(status: JournalRecord['status'], lastError?: string): Promise<void> {
    const { lastError: _previous, ...rest } = this.fields;
    this.fields = { ...rest, status, updatedAt: this.clock.now(), ...(lastError !== undefined ? { lastError } : {}) };
    return this.flush();
  }

  private update(change: Partial<RecordFields>): Promise<void> {
    this.fields = { ...this.fields, ...change, updatedAt: this.clock.now() };
    return this.flush();
  }

  private flush(): Promise<void> {
    const snapshot = (this.record = recordOf(this.fields, this.steps, this.steps.length));
    this.pending = this.pending.catch(() => undefined).then(() => this.journal.write(snapshot));
    return this.pending;
  }
}
