import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { MemoryJournal, VirtualClock } from '../adapters/memory/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import type { JournalRecord } from '../ports/index.js';
import type { EventDraft } from './engine-context.js';
import { openJournal } from './open-journal.js';
import { planDigest, planId } from './plan-id.js';

const snapshot = aCluster().withName('lab').withControlPlane('v1.34.2').withWorkers('v1.34.2', 1).build();
const plan = planUpgrade(snapshot, { target: parseVersion('v1.35.9'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });

function previous(extra: Partial<JournalRecord>): JournalRecord {
  return { format: 'kubehop.journal/v1', planId: planId(plan), startedAt: 1, updatedAt: 2, completedSteps: ['a'], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'failed', ...extra };
}

async function open(record: JournalRecord | undefined, flags: { resume?: boolean; startOver?: boolean; overrides?: string[]; unverifiedPlan?: boolean }, openedPlan = plan) {
  const events: EventDraft[] = [];
  const opened = await openJournal({ journal: new MemoryJournal(record), plan: openedPlan, clock: new VirtualClock({ startMs: 100 }), resume: flags.resume ?? false, startOver: flags.startOver ?? false, overrides: flags.overrides ?? [], ...(flags.unverifiedPlan ? { unverifiedPlan: true } : {}), emit: (e) => events.push(e) });
  return { ...opened, warnings: events.flatMap((e) => (e.kind === 'warning' ? [e.message] : [])) };
}

describe('openJournal', () => {
  it('starts a fresh record when there is no journal', async () => {
    const { record, resumed } = await open(undefined, { overrides: ['SKEW'] });
    assert.deepEqual(record, { format: 'kubehop.journal/v1', planId: planId(plan), planDigest: planDigest(plan), startedAt: 100, updatedAt: 100, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [{ code: 'SKEW', at: 100 }], status: 'running' });
    assert.equal(resumed, false);
  });

  it('resumes with the completed steps, and gives skipped nodes another chance', async () => {
    const { record, resumed } = await open(previous({ cordonedByRun: ['worker-1'], skippedNodes: ['worker-2'], overrides: [{ code: 'A', at: 1 }] }), { resume: true, overrides: ['A', 'B'] });
    assert.equal(resumed, true);
    assert.deepEqual([record.completedSteps, record.cordonedByRun, record.skippedNodes, record.overrides, record.status], [['a'], ['worker-1', 'worker-2'], [], [{ code: 'A', at: 1 }, { code: 'B', at: 100 }], 'running']);
  });

  it('carries the cordoned nodes of a discarded journal over, with a warning', async () => {
    const { record, warnings } = await open(previous({ planId: 'other', cordonedByRun: ['worker-1'] }), { startOver: true });
    assert.deepEqual([record.completedSteps, record.cordonedByRun], [[], ['worker-1']]);
    assert.deepEqual(warnings, ['the discarded journal lists nodes its run cordoned: worker-1; this run uncordons them when it ends']);
  });

  it('resumes from the journal as the caller read it, without reading it again', async () => {
    const journal = new MemoryJournal(previous({ completedSteps: ['stale'] }));
    let reads = 0;
    const counted = Object.assign(Object.create(journal) as MemoryJournal, { read: async () => (reads++, journal.read()) });
    const asRead = { record: previous({ completedSteps: ['a', 'b'], cordonedByRun: ['worker-1'] }) };
    const opened = await openJournal({ journal: counted, plan, clock: new VirtualClock({ startMs: 100 }), resume: true, startOver: false, overrides: [], asRead, emit: () => undefined });
    assert.equal(reads, 0, 'the journal was read again');
    assert.deepEqual([opened.resumed, opened.record.completedSteps, opened.record.cordonedByRun], [true, ['a', 'b'], ['worker-1']]);
  });

  it('runs a completed plan again from a fresh record without --resume', async () => {
    const { record } = await open(previous({ status: 'completed' }), {});
    assert.deepEqual(record.completedSteps, []);
  });

  it('warns when asked to resume without a journal', async () => {
    const { warnings, resumed } = await open(undefined, { resume: true });
    assert.equal(resumed, true);
    assert.deepEqual(warnings, ['no journal to resume from; continuing from what the cluster shows']);
  });

  const edited = { ...plan, steps: plan.steps.map((s, i) => (i === 0 ? { ...s, doneIf: ['true'] } : s)) };
  const refusals: { name: string; record: JournalRecord | undefined; flags: { resume?: boolean; unverifiedPlan?: boolean }; message: RegExp }[] = [
    { name: 'a plan file whose probes changed since the run started', record: previous({ planDigest: planDigest(plan) }), flags: { resume: true }, message: /differs from the plan that run started with/ },
    { name: 'an unchecked plan file with no journal to check it against', record: undefined, flags: { resume: true, unverifiedPlan: true }, message: /there is no journal to check it against/ },
    { name: 'an unchecked plan file and a journal that keeps no digest', record: previous({}), flags: { resume: true, unverifiedPlan: true }, message: /keeps no digest to check the file against/ },
  ];
  for (const r of refusals) {
    it(`refuses to resume with ${r.name}`, async () => {
      await assert.rejects(open(r.record, r.flags, edited), r.message);
    });
  }

  it('resumes with an unchecked plan file that is the very plan the journal started with', async () => {
    const { resumed } = await open(previous({ planDigest: planDigest(plan) }), { resume: true, unverifiedPlan: true });
    assert.equal(resumed, true);
  });
});
