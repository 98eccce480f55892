import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import type { Journal, JournalRecord } from '../../src/ports/index.js';

// The Journal contract, run against every journal adapter (a file, a ConfigMap). A subject is one
// fresh, empty store; `open` is the journal as one run sees it; `corrupt` stores text that is
// not a journal, as a damaged or hand-edited store would hold.

export interface JournalSubject {
  open(): Journal;
  corrupt(text: string): Promise<void>;
}

export type JournalFactory = () => Promise<JournalSubject>;

function aRecord(steps: number, extra: Partial<JournalRecord> = {}): JournalRecord {
  return {
    format: 'kubehop.journal/v1',
    planId: 'test/v1.20.2-v1.21.14/0123abcd',
    startedAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    completedSteps: Array.from({ length: steps }, (_, i) => `v1.21/worker/worker-${i}/upgrade-kubelet`),
    cordonedByRun: ['worker-3'],
    skippedNodes: [],
    overrides: [{ code: 'SKEW_KUBECTL', at: 1_700_000_000_000 }],
    status: 'running',
    ...extra,
  };
}

export function journalContract(name: string, factory: JournalFactory): void {
  describe(`Journal contract (${name})`, () => {
    it('reads nothing before the first write, then what was written last', async () => {
      const subject = await factory();
      const journal = subject.open();
      assert.equal(await journal.read(), undefined);
      await journal.write(aRecord(2));
      await journal.write(aRecord(3, { replacedNodes: { 'worker-1': 'worker-9' } }));
      assert.deepEqual(await journal.read(), aRecord(3, { replacedNodes: { 'worker-1': 'worker-9' } }));
      assert.deepEqual(await subject.open().read(), aRecord(3, { replacedNodes: { 'worker-1': 'worker-9' } }));
    });

    it('lets a later run read and carry on with the record of an earlier one', async () => {
      const subject = await factory();
      await subject.open().write(aRecord(1, { status: 'failed', lastError: 'failed to drain node worker-1' }));
      const later = subject.open();
      const found = await later.read();
      assert.equal(found?.lastError, 'failed to drain node worker-1');
      await later.write(aRecord(2));
      assert.deepEqual(await subject.open().read(), aRecord(2));
    });

    it('keeps the plan a run starts with beside its records, the last one kept replacing the one before', async () => {
      const subject = await factory();
      const journal = subject.open();
      assert.equal(await journal.keptPlan(), undefined);
      // Large enough that a store has to compress it (a ConfigMap holds 1 MiB).
      const plan = JSON.stringify({ format: 'kubehop.plan/v1', steps: Array.from({ length: 20_000 }, (_, i) => ({ id: `v1.21/worker/worker-${i}/upgrade-kubelet`, argv: ['apt-get', 'install', '-y', 'kubelet=1.21.0-00'] })) });
      await journal.keepPlan('{"steps":[]}');
      await journal.keepPlan(plan);
      await journal.write(aRecord(3));
      assert.equal(await subject.open().keptPlan(), plan);
      assert.deepEqual(await subject.open().read(), aRecord(3));
    });

    it('keeps the record of a 5,000-node upgrade', async () => {
      const subject = await factory();
      const big = aRecord(30_000);
      await subject.open().write(big);
      assert.deepEqual(await subject.open().read(), big);
    });

    it('refuses a store that is not a journal, pointing at --start-over', async () => {
      const subject = await factory();
      await subject.corrupt('{"format":"kubehop.journal/v0"}');
      await assert.rejects(subject.open().read(), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^invalid journal .*: format must be "kubehop\.journal\/v1", found "kubehop\.journal\/v0"; .*; pass --start-over to ignore it$/);
        return true;
      });
      await subject.corrupt('not json');
      await assert.rejects(subject.open().read(), /^ConfigError: invalid journal .*: it is not JSON/);
    });
  });
}
