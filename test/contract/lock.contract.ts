import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LockedError } from '../../src/core/errors.js';
import type { Lock } from '../../src/ports/index.js';

// The Lock contract, run against every lock adapter (a file next to the operator, a Lease in the
// cluster). A subject is one fresh lock store; `lockFor` is the lock as one run (pid on a host)
// sees it. Locks count as stale once not renewed for STALE_AFTER_MS on the shared clock.

export const STALE_AFTER_MS = 60_000;
/** A pid whose process has ended: factories answer isProcessAlive with false for it alone. */
export const DEAD_PID = 4_000_000;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

export interface LockRun {
  readonly pid: number;
  readonly host: string;
}

export interface LockSubject {
  lockFor(run: LockRun): Lock;
}

/** A fresh, empty lock store whose locks read time from `now`. */
export type LockFactory = (now: () => number) => Promise<LockSubject>;

const ALICE: LockRun = { pid: 100, host: 'ops-1' };
const BOB: LockRun = { pid: 200, host: 'ops-2' };

async function locked(promise: Promise<unknown>): Promise<LockedError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LockedError, `expected a LockedError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected LockedError');
}

export function lockContract(name: string, factory: LockFactory): void {
  describe(`Lock contract (${name})`, () => {
    it('refuses a second run with a message naming the holder, where and since when', async () => {
      const clock = { t: T0 };
      const subject = await factory(() => clock.t);
      const first = await subject.lockFor(ALICE).acquire('alice');
      const error = await locked(subject.lockFor(BOB).acquire('bob'));
      assert.equal(error.holder, 'alice');
      assert.match(error.message, /^another kubehop run holds the upgrade lock: alice \(pid 100 on ops-1\) since 2026-03-01T10:00:00\.000(000)?Z; wait for it to finish, or pass --take-over-stale-lock if that run is dead$/);
      await first.release();
      const second = await subject.lockFor(BOB).acquire('bob');
      assert.equal(second.holder, 'bob');
      await second.release();
    });

    it('takes over a stale lock only when asked, and the old run then loses it', async () => {
      const clock = { t: T0 };
      const subject = await factory(() => clock.t);
      const old = await subject.lockFor(ALICE).acquire('alice');
      clock.t += STALE_AFTER_MS + 5_000;
      await locked(subject.lockFor(BOB).acquire('bob'));
      const taken = await subject.lockFor(BOB).acquire('bob', { takeOverStale: true });
      assert.equal(taken.holder, 'bob');
      const lost = await locked(old.renew());
      assert.equal(lost.holder, 'bob');
      // The old run's release leaves the new holder's lock alone.
      await old.release();
      assert.equal((await locked(subject.lockFor(ALICE).acquire('alice'))).holder, 'bob');
      await taken.release();
    });

    it('takes over at once, without being asked, the lock of a run on this host whose process has ended', async () => {
      const subject = await factory(() => T0);
      await subject.lockFor({ pid: DEAD_PID, host: 'ops-1' }).acquire('killed');
      const taken = await subject.lockFor(ALICE).acquire('alice');
      assert.equal(taken.holder, 'alice');
      await taken.release();
    });

    it('does not take over unasked the lock of a run on another host, which it cannot see', async () => {
      const subject = await factory(() => T0);
      const theirs = await subject.lockFor({ pid: DEAD_PID, host: 'ops-2' }).acquire('elsewhere');
      assert.equal((await locked(subject.lockFor(ALICE).acquire('alice'))).holder, 'elsewhere');
      await theirs.release();
    });

    it('will not take over a lock its holder renewed recently', async () => {
      const clock = { t: T0 };
      const subject = await factory(() => clock.t);
      const handle = await subject.lockFor(ALICE).acquire('alice');
      clock.t += STALE_AFTER_MS - 10_000;
      await handle.renew();
      clock.t += STALE_AFTER_MS - 10_000;
      const error = await locked(subject.lockFor(BOB).acquire('bob', { takeOverStale: true }));
      assert.match(error.message, /alice .* it renewed the lock 50s ago, so it looks alive; stop it before taking the lock over$/);
      await handle.renew();
      await handle.release();
    });

    it('releases idempotently', async () => {
      const subject = await factory(() => T0);
      const handle = await subject.lockFor(ALICE).acquire('alice');
      await handle.release();
      await handle.release();
      const again = await subject.lockFor(ALICE).acquire('alice');
      await again.release();
    });
  });
}
