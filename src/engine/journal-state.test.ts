import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryJournal, VirtualClock } from '../adapters/memory/index.js';
import type { JournalRecord } from '../ports/index.js';
import { JournalState } from './journal-state.js';

const initial: JournalRecord = { format: 'kubehop.journal/v1', planId: 'p', planDigest: 'd', startedAt: 1, updatedAt: 1, completedSteps: ['a'], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'running' };

describe('JournalState', () => {
  it('writes after every step a record listing exactly the steps completed by then', async () => {
    const journal = new MemoryJournal();
    const state = new JournalState(journal, new VirtualClock({ startMs: 5 }), initial);
    // Steps of a batch finishing at once: every write is queued before the first one runs.
    await Promise.all([state.completeStep('b'), state.completeStep('c'), state.addCordoned('n1'), state.completeStep('d')]);
    await state.completeStep('c');
    assert.deepEqual(
      journal.writes.map((w) => w.completedSteps),
      [['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']],
    );
    assert.deepEqual(journal.writes.map((w) => w.cordonedByRun), [[], [], ['n1'], ['n1'], ['n1']]);
  });

  it('keeps a record read before later steps as it was, even when its steps are first read afterwards', async () => {
    const state = new JournalState(new MemoryJournal(undefined, { keepHistory: false }), new VirtualClock({ startMs: 5 }), initial);
    await state.completeStep('b');
    const early = state.current;
    await state.completeStep('c');
    await state.finish('completed');
    assert.deepEqual(early.completedSteps, ['a', 'b']);
    assert.deepEqual(state.current.completedSteps, ['a', 'b', 'c']);
    assert.equal(state.current.status, 'completed');
    assert.equal(state.isDone('c'), true);
  });

  it('serializes a record as plain data with its fields in the usual order', async () => {
    const state = new JournalState(new MemoryJournal(), new VirtualClock({ startMs: 5 }), initial);
    await state.completeStep('b');
    const parsed = JSON.parse(JSON.stringify(state.current)) as JournalRecord;
    assert.deepEqual(Object.keys(parsed), ['format', 'planId', 'planDigest', 'startedAt', 'updatedAt', 'completedSteps', 'cordonedByRun', 'skippedNodes', 'overrides', 'status']);
    assert.deepEqual(parsed, { ...initial, updatedAt: 5, completedSteps: ['a', 'b'] });
    assert.deepEqual(structuredClone(state.current), parsed);
  });
});
