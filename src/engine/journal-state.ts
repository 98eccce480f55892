import type { Clock, Journal, JournalRecord } from '../ports/index.js';

/**
 * The run's journal record, kept in memory and written through after every change. Writes are
 * chained, so nodes of a batch finishing at once cannot interleave half-updated records.
 */
export class JournalState {
  private record: JournalRecord;
  private pending: Promise<void> = Promise.resolve();
  /** completedSteps as a set: runs of thousands of steps ask it before every step. */
  private done = new Set<string>();

  constructor(
    private readonly journal: Journal,
    private readonly clock: Clock,
    initial: JournalRecord,
  ) {
    this.record = initial;
    this.done = new Set(initial.completedSteps);
  }

  get current(): JournalRecord {
    return this.record;
  }

  isDone(stepId: string): boolean {
    return this.done.has(stepId);
  }

  isSkipped(node: string): boolean {
    return this.record.skippedNodes.includes(node);
  }

  replacementOf(node: string): string | undefined {
    return this.record.replacedNodes?.[node];
  }

  start(): Promise<void> {
    return this.update({ status: 'running' });
  }

  completeStep(stepId: string): Promise<void> {
    if (this.isDone(stepId)) return this.update({});
    this.done.add(stepId);
    return this.update({ completedSteps: [...this.record.completedSteps, stepId] });
  }

  /** Written before the cordon itself: a crash in between must not lose track of the node. */
  addCordoned(node: string): Promise<void> {
    if (this.record.cordonedByRun.includes(node)) return this.pending;
    return this.update({ cordonedByRun: [...this.record.cordonedByRun, node] });
  }

  removeCordoned(node: string): Promise<void> {
    if (!this.record.cordonedByRun.includes(node)) return this.pending;
    return this.update({ cordonedByRun: this.record.cordonedByRun.filter((n) => n !== node) });
  }

  /** Left cordoned on purpose: cleanup leaves it alone. */
  skipNode(node: string): Promise<void> {
    return this.update({
      cordonedByRun: this.record.cordonedByRun.filter((n) => n !== node),
      skippedNodes: this.isSkipped(node) ? this.record.skippedNodes : [...this.record.skippedNodes, node],
    });
  }

  recordReplacement(oldNode: string, newNode: string): Promise<void> {
    return this.update({ replacedNodes: { ...this.record.replacedNodes, [oldNode]: newNode } });
  }

  /** A replacement rolled back: the old node serves again and the new one is gone. */
  forgetReplacement(oldNode: string): Promise<void> {
    const { [oldNode]: _gone, ...rest } = this.record.replacedNodes ?? {};
    return this.update({ replacedNodes: rest });
  }

  finish(status: JournalRecord['status'], lastError?: string): Promise<void> {
    const { lastError: _previous, ...rest } = this.record;
    this.record = { ...rest, status, updatedAt: this.clock.now(), ...(lastError !== undefined ? { lastError } : {}) };
    return this.flush();
  }

  private update(change: Partial<JournalRecord>): Promise<void> {
    this.record = { ...this.record, ...change, updatedAt: this.clock.now() };
    return this.flush();
  }

  private flush(): Promise<void> {
    const snapshot = this.record;
    this.pending = this.pending.catch(() => undefined).then(() => this.journal.write(snapshot));
    return this.pending;
  }
}
