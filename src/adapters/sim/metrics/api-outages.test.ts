import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';

// The simulator measures each API outage once: when it began and ended, and how many workload
// pods kept serving meanwhile (the story of `simulate` tells it from these figures).
const cases: readonly { name: string; outages: { atSeconds: number; forSeconds: number }[]; evictAtSeconds?: number; expected: { from: number; to: number; serving: { lowest: number; total: number } }[] }[] = [
  { name: 'no outage, nothing measured', outages: [], expected: [] },
  {
    name: 'one outage: its span, and every pod serving through it',
    outages: [{ atSeconds: 60, forSeconds: 30 }],
    expected: [{ from: 60_000, to: 90_000, serving: { lowest: 3, total: 3 } }],
  },
  {
    name: 'two outages are measured apart',
    outages: [
      { atSeconds: 60, forSeconds: 30 },
      { atSeconds: 200, forSeconds: 10 },
    ],
    expected: [
      { from: 60_000, to: 90_000, serving: { lowest: 3, total: 3 } },
      { from: 200_000, to: 210_000, serving: { lowest: 3, total: 3 } },
    ],
  },
  {
    name: 'a pod going away during an outage counts as not serving, at the worst moment',
    outages: [{ atSeconds: 60, forSeconds: 60 }],
    evictAtSeconds: 58,
    expected: [{ from: 60_000, to: 120_000, serving: { lowest: 2, total: 4 } }],
  },
];

for (const { name, outages, evictAtSeconds, expected } of cases) {
  test(name, async () => {
    const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 3).withWorkload({ kind: 'Deployment', name: 'web', replicas: 3, startupSeconds: 10 }).build();
    const sim = createSimulation(cluster, { seed: 4, faults: { controlPlaneOutages: outages } });
    await sim.advance(20_000);
    if (evictAtSeconds !== undefined) {
      await sim.advance(evictAtSeconds * 1000 - 20_000);
      const pod = sim.snapshot().pods.find((p) => p.labels.app === 'web');
      assert.ok(pod);
      // Its replacement needs its startup time, so at the outage's start one pod of three is not serving.
      await sim.api.deletePod('default', pod.name);
    }
    await sim.advance(300_000);
    const metrics = sim.metrics();
    assert.deepEqual(metrics.apiOutages, expected);
    assert.equal(metrics.controlPlaneDowntimeMs, expected.reduce((sum, o) => sum + o.to - o.from, 0));
  });
}
