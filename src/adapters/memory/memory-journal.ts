import type { Journal, JournalRecord } from '../../ports/index.js';

/** A journal kept in memory; `writes` lets tests see the record after every step. */
export class MemoryJournal implements Journal {
  readonly writes: JournalRecord[] = [];

  constructor(private record?: JournalRecord) {}

  async read(): Promise<JournalRecord | undefined> {
    return this.record;
  }

  async write(record: JournalRecord): Promise<void> {
    // A deep copy, so later changes by the writer cannot rewrite history.
    this.record = structuredClone(record);
    this.writes.push(this.record);
  }
}
