import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { Journal, JournalRecord } from '../../ports/index.js';
import { validateJournalRecord } from '../shared/validate-journal-record.js';

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
    const temp = `${this.path}.${randomUUID()}.tmp`;
    await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temp, this.path);
  }
}
