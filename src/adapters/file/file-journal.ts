import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { Journal, JournalRecord } from '../../ports/index.js';
import { validateJournalRecord } from '../shared/validate-journal-record.js';
import { writeAtomically } from './write-atomically.js';

// The journal on disk: one JSON file rewritten after every step. Written to a temporary file and
// renamed over the old one, so a crash mid-write leaves the previous record, never half of one.

export class FileJournal implements Journal {
  constructor(readonly path: string) {}

  async read(): Promise<JournalRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ConfigError(`failed to read the journal ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`invalid journal ${this.path}: it is not JSON (${(error as Error).message}); pass --start-over to ignore it`, { cause: error });
    }
    const result = validateJournalRecord(parsed);
    if (!result.ok) throw new ConfigError(`invalid journal ${this.path}: ${result.errors.join('; ')}; pass --start-over to ignore it`);
    return result.value;
  }

  async write(record: JournalRecord): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeAtomically(this.path, `${JSON.stringify(record, null, 2)}\n`);
  }

  /** The plan is kept in a file beside the journal: JOURNAL.plan.json. */
  get planPath(): string {
    return `${this.path}.plan.json`;
  }

  async keepPlan(document: string): Promise<void> {
    await mkdir(dirname(this.planPath), { recursive: true });
    await writeAtomically(this.planPath, document);
  }

  async keptPlan(): Promise<string | undefined> {
    try {
      return await readFile(this.planPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ConfigError(`failed to read the plan kept beside the journal, ${this.planPath}: ${(error as Error).message}`, { cause: error });
    }
  }
}

