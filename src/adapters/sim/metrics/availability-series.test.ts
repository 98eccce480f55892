import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';
import { coarsenSeries, MAX_AVAILABILITY_POINTS } from '../../../core/report/availability-series.js';

test('an evicted pod shows in its workload series as a dip to 2 of 3 and back, with the budget minimum beside it', async () => {
  const cluster = aCluster()
    .withWorkers('v1.32.9', 3)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3, startupSeconds: 10 })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 })
    .build();
  const sim = createSimulation(cluster, { seed: 5 });
  const victim = sim.snapshot().pods.find((p) => p.labels.app === 'web');
  assert.ok(victim);
  await sim.advance(5_000);
  await sim.api.evictPod('default', victim.name);
  await sim.advance(30_000);
  const web = sim.metrics().availability.find((s) => s.name === 'web');
  assert.ok(web);
  assert.equal(web.pdb, 'web');
  assert.deepEqual(web.points.map((p) => [p.available, p.desired, p.budgetMin]), [[3, 3, 2], [2, 3, 2], [3, 3, 2]]);
  assert.equal(web.points[0]?.at, 0);
  assert.ok((web.points[1]?.at ?? 0) >= 5_000, 'the dip is when the eviction happened');
  assert.ok((web.points[2]?.at ?? 0) - (web.points[1]?.at ?? 0) >= 10_000, 'the replacement took its startup time');
});

test('a workload that never changes keeps one point: only change points are recorded', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).withWorkload({ kind: 'Deployment', name: 'quiet', replicas: 2 }).build();
  const sim = createSimulation(cluster, { seed: 1 });
  await sim.advance(60_000);
  assert.equal(sim.metrics().availability.find((s) => s.name === 'quiet')?.points.length, 1);
});

test('coarsening halves a series and keeps its first point, its last point and its deepest dip', () => {
  const points = Array.from({ length: 11 }, (_, i) => ({ at: i * 1000, available: i === 6 ? 0 : 3, desired: 3 }));
  const coarse = coarsenSeries(points);
  assert.equal(coarse.length, 7);
  assert.deepEqual(coarse[0], points[0]);
  assert.deepEqual(coarse.at(-1), points.at(-1));
  assert.equal(Math.min(...coarse.map((p) => p.available)), 0);
});

test(`a series never holds more than ${MAX_AVAILABILITY_POINTS} points, however often a workload changes`, async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'Deployment', name: 'busy', replicas: 3, startupSeconds: 1 }).build();
  const sim = createSimulation(cluster, { seed: 3 });
  for (let i = 0; i < MAX_AVAILABILITY_POINTS; i++) {
    const pod = sim.snapshot().pods.find((p) => p.labels.app === 'busy' && p.ready);
    if (pod) await sim.api.evictPod('default', pod.name);
    await sim.advance(5_000);
  }
  const busy = sim.metrics().availability.find((s) => s.name === 'busy');
  assert.ok(busy);
  assert.equal(busy.coarsened, true);
  assert.ok(busy.points.length <= MAX_AVAILABILITY_POINTS, `${busy.points.length} points`);
  assert.equal(Math.min(...busy.points.map((p) => p.available)), 2);
});
