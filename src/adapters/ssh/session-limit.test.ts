import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionLimit } from './session-limit.js';

// No test waits on the clock: a holder gives its slot back when the test says so, and "not yet"
// is checked once every pending promise callback has run (one turn of the event loop).
const settle = () => new Promise((done) => setImmediate(done));

describe('SessionLimit', () => {
  it('never lets more than max holders in at once and serves waiters in order', async () => {
    const limit = new SessionLimit(2);
    const inside = new Map<number, () => void>();
    const entered: number[] = [];
    const holders = [1, 2, 3, 4, 5].map(async (n) => {
      const release = await limit.acquire();
      entered.push(n);
      inside.set(n, release);
    });
    await settle();
    assert.deepEqual(entered, [1, 2]);
    // Whoever leaves, the longest waiter comes in next.
    for (const [leaving, expected] of [[2, [1, 2, 3]], [1, [1, 2, 3, 4]], [3, [1, 2, 3, 4, 5]]] as const) {
      const release = inside.get(leaving);
      inside.delete(leaving);
      release?.();
      await settle();
      assert.deepEqual(entered, expected);
      assert.equal(inside.size, 2);
    }
    await Promise.all(holders);
    assert.equal(limit.peak, 2);
  });

  it('ignores a second release of the same slot', async () => {
    const limit = new SessionLimit(1);
    const release = await limit.acquire();
    release();
    release();
    const a = await limit.acquire();
    let second = false;
    const b = limit.acquire().then(() => (second = true));
    await settle();
    assert.equal(second, false, 'the slot was given twice');
    a();
    await b;
    assert.equal(second, true);
  });

  it('refuses a limit below one', () => {
    assert.throws(() => new SessionLimit(0), /invalid session limit 0: expected a whole number of at least 1/);
  });
});
