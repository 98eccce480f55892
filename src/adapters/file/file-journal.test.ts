import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { JournalRecord } from '../../ports/index.js';
import { FileJournal } from './file-journal.js';

const dir = await mkdtemp(join(tmpdir(), 'kubehop-journal-'));
after(() => rm(dir, { recursive: true, force: true }));

const RECORD: JournalRecord = {
  format: 'kubehop.journal/v1',
  planId: 'lab:v1.34.2->v1.35.1:abc',
  startedAt: 1,
  updatedAt: 2,
  completedSteps: ['v1.35/control-plane/cp-1/upgrade-kubeadm'],
  cordonedByRun: ['worker-1'],
  skippedNodes: [],
  overrides: [],
  status: 'running',
};

describe('FileJournal', () => {
  it('reads nothing when no journal exists yet', async () => {
    assert.equal(await new FileJournal(join(dir, 'none.json')).read(), undefined);
  });

  it('reads back what it wrote and leaves no temporary file behind', async () => {
    const journal = new FileJournal(join(dir, 'nested', 'journal.json'));
    await journal.write(RECORD);
    await journal.write({ ...RECORD, status: 'completed', cordonedByRun: [] });
    assert.deepEqual(await journal.read(), { ...RECORD, status: 'completed', cordonedByRun: [] });
    assert.deepEqual(await readdir(join(dir, 'nested')), ['journal.json']);
    assert.match(await readFile(join(dir, 'nested', 'journal.json'), 'utf8'), /"planId": "lab:v1.34.2->v1.35.1:abc"/);
  });

  const broken: { name: string; text: string; message: string }[] = [
    { name: 'refuses a journal that is not JSON', text: '{"format":', message: 'it is not JSON' },
    { name: 'refuses a journal with missing fields, naming each', text: '{"format":"kubehop.journal/v1","planId":"p","startedAt":1,"updatedAt":1,"completedSteps":[],"cordonedByRun":[],"skippedNodes":[],"overrides":[],"status":"paused"}', message: 'status must be one of running, failed, interrupted, completed; pass --start-over to ignore it' },
  ];
  for (const c of broken) {
    it(c.name, async () => {
      const path = join(dir, `${c.name.length}.json`);
      await writeFile(path, c.text);
      await assert.rejects(new FileJournal(path).read(), (error: Error) => error.message.startsWith(`invalid journal ${path}: `) && error.message.includes(c.message));
    });
  }
});
