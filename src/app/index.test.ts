import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyUpgrade, checkCluster, defaultPlanOptions, planClusterUpgrade, simulateCluster, type UpgradeEvent } from './index.js';

const DATE = '2026-11-25';

test('a full upgrade of a simulated cluster is planned, applied and found done through the library API alone', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-app-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const source = { cluster: 'classic', env: { KUBEHOP_STATE_DIR: dir } };

  const checked = await checkCluster({ source, date: DATE });
  assert.equal(checked.blocking, false);
  const planned = await planClusterUpgrade({ source, date: DATE, options: defaultPlanOptions('1.12') });
  assert.equal(planned.kind, 'planned');
  if (planned.kind !== 'planned') return;

  const events: UpgradeEvent[] = [];
  const notices: string[] = [];
  const request = {
    source,
    date: DATE,
    plan: { options: defaultPlanOptions('1.12') },
    seed: 1,
    speed: 0,
    holder: 'library test',
    yes: true,
    events: { emit: (e: UpgradeEvent) => void events.push(e) },
    notify: (n: { kind: string }) => void notices.push(n.kind),
  };
  const outcome = await applyUpgrade(request);
  assert.deepEqual(outcome, { kind: 'ran', status: 'completed', skippedNodes: [], leftCordoned: [] });
  assert.deepEqual(notices, ['simulated-target']);
  const done = new Set(events.flatMap((e) => (e.kind === 'step-finished' ? [e.step.id] : [])));
  assert.deepEqual(planned.plan.steps.filter((s) => !done.has(s.id)).map((s) => s.id), [], 'every planned step finished');

  // The simulated cluster is kept between calls, as a real one would be: now at the target.
  assert.deepEqual(await applyUpgrade(request), { kind: 'up-to-date', cluster: 'classic', to: planned.plan.to });
});

test('apply through the library changes nothing without yes or a way to confirm', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-app-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const events: UpgradeEvent[] = [];
  const outcome = await applyUpgrade({
    source: { cluster: 'classic', env: { KUBEHOP_STATE_DIR: dir } },
    date: DATE,
    plan: { options: defaultPlanOptions('1.12') },
    seed: 1,
    speed: 0,
    holder: 'library test',
    events: { emit: (e) => void events.push(e) },
  });
  assert.equal(outcome.kind, 'unconfirmed');
  assert.deepEqual(events, []);
});

test('a simulation through the library reports each strategy it was asked for', async () => {
  const result = await simulateCluster({
    source: { cluster: 'classic', env: {} },
    date: DATE,
    options: defaultPlanOptions('1.12'),
    strategies: [{ kind: 'rolling', maxUnavailable: 1 }, { kind: 'all-at-once' }],
    seed: 1,
  });
  assert.equal(result.kind, 'simulated');
  if (result.kind !== 'simulated') return;
  assert.deepEqual(result.reports.map((r) => [r.strategy.kind, r.status, r.allAtTarget]), [['rolling', 'completed', true], ['all-at-once', 'completed', true]]);
  assert.equal(result.allCompleted, true);
});
