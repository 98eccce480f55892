import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FileJournal } from '../../src/adapters/file/file-journal.js';
import { FileLock } from '../../src/adapters/file/file-lock.js';
import { journalContract } from './journal.contract.js';
import { DEAD_PID, lockContract, STALE_AFTER_MS } from './lock.contract.js';

// The Lock and Journal contracts on the local adapters the simulator and file-based runs use.

const dir = await mkdtemp(join(tmpdir(), 'kubehop-contract-'));
after(() => rm(dir, { recursive: true, force: true }));
let n = 0;

lockContract('file', async (now) => {
  const path = join(dir, `upgrade-${++n}.lock`);
  return { lockFor: (run) => new FileLock(path, { now, pid: run.pid, host: run.host, staleAfterMs: STALE_AFTER_MS, isProcessAlive: (pid) => pid !== DEAD_PID }) };
});

journalContract('file', async () => {
  const path = join(dir, `journal-${++n}.json`);
  return { open: () => new FileJournal(path), corrupt: (text) => writeFile(path, text) };
});
