import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LockedError } from '../../core/errors.js';
import { FileLock } from './file-lock.js';

const dir = await mkdtemp(join(tmpdir(), 'kubehop-lock-'));
after(() => rm(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-03-01T10:00:00.000Z');

function lockAt(path: string, pid: number, now: { t: number }, alive = true) {
  return new FileLock(path, { now: () => now.t, pid, host: 'ops-1', isProcessAlive: () => alive });
}

describe('FileLock', () => {
  it('refuses a second run with a message naming the holder and the time', async () => {
    const path = join(dir, 'a.lock');
    const now = { t: T0 };
    const first = await lockAt(path, 100, now).acquire('alice');
    await assert.rejects(lockAt(path, 200, now).acquire('bob'), (error: unknown) => {
      assert.ok(error instanceof LockedError);
      assert.equal(error.holder, 'alice');
      assert.equal(error.message, 'another kubehop run holds the upgrade lock: alice (pid 100 on ops-1) since 2026-03-01T10:00:00.000Z; wait for it to finish, or pass --take-over-stale-lock if that run is dead');
      return true;
    });
    await first.release();
    await assert.rejects(stat(path), /ENOENT/);
  });

  it('writes holder, pid, host, acquiredAt and renewedAt, and renews the time', async () => {
    const path = join(dir, 'b.lock');
    const now = { t: T0 };
    const handle = await lockAt(path, 100, now).acquire('alice');
    now.t += 60_000;
    await handle.renew();
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), {
      format: 'kubehop.lock/v1',
      holder: 'alice',
      pid: 100,
      host: 'ops-1',
      acquiredAt: '2026-03-01T10:00:00.000Z',
      renewedAt: '2026-03-01T10:01:00.000Z',
    });
    await handle.release();
  });

  it('takes over without being asked a lock whose process on this host is dead (a run killed with SIGKILL)', async () => {
    const path = join(dir, 'c.lock');
    const now = { t: T0 };
    await lockAt(path, 100, now).acquire('alice');
    await assert.rejects(lockAt(path, 200, now, true).acquire('bob'), LockedError);
    const handle = await lockAt(path, 200, now, false).acquire('bob');
    assert.equal(handle.holder, 'bob');
    await handle.release();
  });

  it('will not take over a lock that was renewed recently by a live run', async () => {
    const path = join(dir, 'd.lock');
    const now = { t: T0 };
    await lockAt(path, 100, now).acquire('alice');
    now.t += 5 * 60_000;
    await assert.rejects(lockAt(path, 200, now).acquire('bob', { takeOverStale: true }), /it renewed the lock 300s ago, so it looks alive; stop it before taking the lock over$/);
    now.t += 60 * 60_000;
    const handle = await lockAt(path, 200, now).acquire('bob', { takeOverStale: true });
    await handle.release();
  });

  it('tells the old run it lost the lock when it renews after a takeover', async () => {
    const path = join(dir, 'e.lock');
    const now = { t: T0 };
    const old = await lockAt(path, 100, now).acquire('alice');
    const taken = await lockAt(path, 200, now, false).acquire('bob', { takeOverStale: true });
    await assert.rejects(old.renew(), /holds the upgrade lock: bob .*this run lost the upgrade lock/);
    await old.release();
    await stat(path);
    await taken.release();
  });
});
