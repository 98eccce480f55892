import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import type { UpgradeEvent } from '../ports/index.js';
import { reportOfRun } from './build-upgrade-report.js';
import { mergeIntervals } from './upgrade-timeline.js';

const cluster = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 1).build();
const plan = planUpgrade(cluster, { target: parseVersion('v1.34.2'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
const T0 = 1_700_000_000_000;
// A live run on the wall clock: started at T0, one call unanswered at +20 s, answered again at +26 s.
const events: UpgradeEvent[] = [
  { kind: 'run-started', at: T0, planId: 'p', steps: plan.steps.length, resumed: false },
  { kind: 'retry', at: T0 + 20_000, what: 'get node cp-1', attempt: 2, reason: 'failed to reach the API server: connection refused' },
  { kind: 'waiting', at: T0 + 26_000, what: 'cp-1 Ready' },
  { kind: 'run-finished', at: T0 + 60_000, status: 'completed', durationMs: 60_000 },
];
const web = (at: number, available: number) => ({ at, available, desired: 3, budgetMin: 2 });

describe('reportOfRun', () => {
  it('charts a live run\'s sampled workloads on the run\'s time, a sample taken just before its start at 0', () => {
    const report = reportOfRun({
      cluster, plan, events, status: 'completed', findings: [],
      availability: {
        series: [{ kind: 'Deployment', namespace: 'default', name: 'web', pdb: 'web', points: [web(T0 - 3_000, 3), web(T0 - 1_000, 2), web(T0 + 30_000, 3)] }],
        offset: -T0,
        apiOutages: [{ from: T0 + 24_000, to: T0 + 40_000 }],
        sampledEveryMs: 5_000,
      },
    });
    assert.deepEqual(report.timeline.workloads, [{ kind: 'Deployment', namespace: 'default', name: 'web', pdb: 'web', points: [web(0, 2), web(30_000, 3)] }]);
    // The retry's outage (20-26 s) and the samples' (24-40 s) are one.
    assert.deepEqual(report.timeline.apiOutages, [{ from: 20_000, to: 40_000 }]);
    assert.match(report.notes.join(' '), /sampled from the cluster every 5s/);
  });

  it('says when samples could not be read', () => {
    const report = reportOfRun({ cluster, plan, events, status: 'completed', findings: [], availability: { series: [], offset: -T0, apiOutages: [], sampledEveryMs: 5_000, unread: 2 } });
    assert.match(report.notes.join(' '), /2 samples could not be read and are missing/);
  });

  it('draws no workload chart and the retries\' outages for a live run that sampled nothing', () => {
    const report = reportOfRun({ cluster, plan, events, status: 'completed', findings: [] });
    assert.deepEqual(report.timeline.workloads, []);
    assert.deepEqual(report.timeline.apiOutages, [{ from: 20_000, to: 26_000 }]);
  });
});

describe('mergeIntervals', () => {
  const cases: { name: string; lists: { from: number; to?: number }[][]; expected: { from: number; to?: number }[] }[] = [
    { name: 'keeps apart intervals that do not meet, in time order', lists: [[{ from: 50, to: 60 }], [{ from: 0, to: 10 }]], expected: [{ from: 0, to: 10 }, { from: 50, to: 60 }] },
    { name: 'joins intervals that overlap or touch', lists: [[{ from: 0, to: 10 }, { from: 30, to: 40 }], [{ from: 10, to: 20 }, { from: 35, to: 50 }]], expected: [{ from: 0, to: 20 }, { from: 30, to: 50 }] },
    { name: 'lets an open interval swallow what comes after it', lists: [[{ from: 5 }], [{ from: 0, to: 8 }, { from: 20, to: 30 }]], expected: [{ from: 0 }] },
    { name: 'gives nothing for nothing', lists: [[], []], expected: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(mergeIntervals(...c.lists), c.expected));
});
