import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulateUpgrade } from '../app/simulate-upgrade.js';
import { planUpgrade } from '../core/planning/index.js';
import { forecastSchedule } from '../core/timing/index.js';
import { parseVersion } from '../core/version/index.js';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import type { UpgradeEvent } from '../ports/index.js';
import { renderProgress } from './render-progress.js';
import { renderRunSummary } from './render-run-summary.js';
import { RunTracker } from './track-run.js';

// Two replicas of one budget on the first worker: its drain meets 429s while the first
// replacement starts, so the counts below are not zero by accident.
const cluster = aCluster()
  .withControlPlane('v1.33.5')
  .withWorkers('v1.33.5', 3)
  .withWorkload({ kind: 'Deployment', name: 'api', replicas: 6, startupSeconds: 20, labels: { app: 'api' } })
  .withPdb({ name: 'api', selector: { matchLabels: { app: 'api' } }, maxUnavailable: 1 })
  .build();
const plan = planUpgrade(cluster, { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });

async function run() {
  const report = await simulateUpgrade({ cluster, plan, seed: 4 });
  const schedule = forecastSchedule(plan, cluster);
  const tracker = new RunTracker(schedule);
  for (const event of report.events) tracker.observe(event);
  return { report, tracker, schedule };
}

test('the tracker counts what the simulator measured: evictions, 429s, steps and the time taken', async () => {
  const { report, tracker } = await run();
  assert.equal(report.status, 'completed', report.error);
  assert.equal(tracker.status, 'completed');
  assert.equal(tracker.evictions, report.evictions);
  assert.ok(report.evictionsRefused429 > 0, 'the cluster was meant to meet a 429');
  assert.equal(tracker.refused429, report.evictionsRefused429);
  assert.equal(tracker.stepsDone, plan.steps.length);
  assert.equal(tracker.durationMs, report.makespanMs);
  assert.equal(tracker.etaMs(), 0);
});

test('the end summary names every node with the version it was brought to, each phase and the pods moved', async () => {
  const { report, tracker, schedule } = await run();
  const text = renderRunSummary(tracker, { expectedSeconds: schedule.forecast.totalSeconds });
  assert.match(text, /^Run completed after \S+ \(expected about \S+\): \d+ of \d+ steps carried out$/m);
  assert.match(text, /^ {2}cp-1: now control plane v1\.34\.11, kubelet v1\.34\.11$/m);
  assert.match(text, /^ {2}worker-\d, worker-\d, worker-\d: now kubelet v1\.34\.11$/m);
  assert.match(text, /^v1\.34\.11 +workers +\S+$/m);
  assert.ok(text.includes(`Pods: ${report.evictions} evicted, 0 deleted, ${report.evictionsRefused429} eviction${report.evictionsRefused429 === 1 ? '' : 's'} refused by a budget (429) and retried`), text);
});

test('on a terminal the end summary wraps at spaces within the width, each list under itself, losing no word', async () => {
  const { tracker, schedule } = await run();
  const options = { expectedSeconds: schedule.forecast.totalSeconds };
  const piped = renderRunSummary(tracker, options);
  // 40: the widest line of the phase table (which has no prose to wrap) still fits.
  const narrow = renderRunSummary(tracker, { ...options, width: 40 });
  assert.ok(narrow.split('\n').every((l) => l.length <= 40), narrow);
  assert.match(narrow, /^ {2}worker-\d, worker-\d, worker-\d: now\n {4}kubelet v1\.34\.11$/m);
  const words = (text: string) => text.split(/\s+/).filter((w) => w !== '');
  assert.deepEqual(words(narrow), words(piped));
  assert.equal(renderRunSummary(tracker, { ...options, width: 500 }), piped, 'a summary that fits is drawn as piped');
});

test('the status area shows the hop, the batch, steps, elapsed time and ETA, and a drain\'s pods left and 429 waits', async () => {
  const { report, schedule } = await run();
  const tracker = new RunTracker(schedule);
  // Stop in the middle of a drain, after its first 429.
  const refused = report.events.findIndex((e) => e.kind === 'drain-progress' && e.refused > 0);
  assert.ok(refused > 0);
  for (const event of report.events.slice(0, refused + 1)) tracker.observe(event);
  const lines = renderProgress(tracker, { width: 200 });
  assert.match(lines[0] ?? '', /^hop v1\.34\.11 workers batch-\d · \d+\/\d+ steps · elapsed \S+ · ETA \S+ · 429 waits 1$/);
  assert.match(lines.join('\n'), /^ {2}worker-\d: drain, pods left \d\/\d, 429 waits 1 \(\S+\)$/m);
  const eta = tracker.etaMs() ?? 0;
  assert.ok(eta > 0 && eta < schedule.forecast.totalSeconds * 1000, String(eta));
});

test('status lines are cut to the terminal width, never wrapped', () => {
  const tracker = new RunTracker();
  const step = plan.steps.find((s) => s.action === 'drain');
  assert.ok(step);
  const events: UpgradeEvent[] = [
    { kind: 'run-started', at: 0, planId: 'p', steps: 40, resumed: false },
    { kind: 'step-started', at: 1000, step, index: 20 },
    { kind: 'drain-progress', at: 1000, node: step.node, podsLeft: 3, pods: 3, refused: 0 },
  ];
  for (const e of events) tracker.observe(e);
  const lines = renderProgress(tracker, { width: 24 });
  for (const line of lines) assert.ok(line.length <= 24, line);
  assert.ok(lines.some((l) => l.endsWith('…')));
});
