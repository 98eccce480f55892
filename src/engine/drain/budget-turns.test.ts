import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BudgetTurns } from './budget-turns.js';

describe('BudgetTurns', () => {
  it('runs the first request of a budget in the same tick, and the next of that budget only once the earlier one settled, failed or not', async () => {
    const turns = new BudgetTurns();
    const log: string[] = [];
    let release: () => void = () => {};
    const first = turns.inTurn('shop/web', () => {
      log.push('web-a asks');
      return new Promise<void>((_, reject) => (release = () => reject(new Error('refused for good'))));
    });
    const second = turns.inTurn('shop/web', async () => void log.push('web-b asks'));
    const other = turns.inTurn('shop/db', async () => void log.push('db-0 asks'));
    assert.deepEqual(log, ['web-a asks', 'db-0 asks']);
    await other;
    assert.deepEqual(log, ['web-a asks', 'db-0 asks']);
    release();
    await assert.rejects(first, /refused for good/);
    await second;
    assert.deepEqual(log, ['web-a asks', 'db-0 asks', 'web-b asks']);
    // Nothing pending any more: the budget's next request runs at once again.
    void turns.inTurn('shop/web', async () => void log.push('web-c asks'));
    assert.equal(log.at(-1), 'web-c asks');
  });
});
