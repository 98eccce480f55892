import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionLimit } from './session-limit.js';

describe('SessionLimit', () => {
  it('never lets more than max holders in at once and serves waiters in order', async () => {
    const limit = new SessionLimit(2);
    const order: number[] = [];
    let inside = 0;
    let most = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const release = await limit.acquire();
        inside++;
        most = Math.max(most, inside);
        order.push(n);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        release();
      }),
    );
    assert.equal(most, 2);
    assert.equal(limit.peak, 2);
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
  });

  it('ignores a second release of the same slot', async () => {
    const limit = new SessionLimit(1);
    const release = await limit.acquire();
    release();
    release();
    const a = await limit.acquire();
    let second = false;
    void limit.acquire().then(() => (second = true));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(second, false);
    a();
  });

  it('refuses a limit below one', () => {
    assert.throws(() => new SessionLimit(0), /invalid session limit 0: expected a whole number of at least 1/);
  });
});
