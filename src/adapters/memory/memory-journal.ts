import type { Journal, JournalRecord } from '../../ports/index.js';

/**
 * A journal kept in memory; `writes` lets tests see the record after every step. Long runs (the
 * simulator at scale) pass keepHistory: false, since every record holds every completed step.
 */
export class MemoryJournal implements Journal {
  readonly writes: JournalRecord[] = [];
  private plan: string | undefined;

  constructor(
    private record?: JournalRecord,
    private readonly options: { keepHistory: boolean } = { keepHistory: true },
  ) {}

  async read(): Promise<JournalRecord | undefined> {
    return this.record;
  }

  async write(record: JournalRecord): Promise<void> {
    if (!this.options.keepHistory) {
      this.record = record;
      return;
    }
    // A deep copy, so later changes by the writer cannot rewrite history.
    this.record = structuredClone(record);
    this.writes.push(this.record);
  }

  async keepPlan(document: string): Promise<void> {
    this.plan = document;
  }

  async keptPlan(): Promise<string | undefined> {
    return this.plan;
  }
}
