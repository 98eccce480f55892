import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abortable } from './wait-for.js';

describe('abortable', () => {
  it('rejects every wait still pending on a signal when it aborts, and leaves settled ones alone', async () => {
    const controller = new AbortController();
    const settled = Array.from({ length: 3 }, (_, i) => abortable(Promise.resolve(i), controller.signal));
    assert.deepEqual(await Promise.all(settled), [0, 1, 2]);
    const pending = Array.from({ length: 1000 }, () => abortable(new Promise<never>(() => undefined), controller.signal));
    controller.abort(new Error('stop'));
    const results = await Promise.allSettled(pending);
    assert.deepEqual(new Set(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'fulfilled'))), new Set(['stop']));
  });

  it('refuses to start on a signal that has already aborted, and passes a rejection through', async () => {
    const controller = new AbortController();
    await assert.rejects(abortable(Promise.reject(new Error('boom')), controller.signal), /boom/);
    controller.abort();
    assert.throws(() => abortable(Promise.resolve(1), controller.signal), /interrupted|abort/i);
  });
});
