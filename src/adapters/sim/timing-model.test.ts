import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIMING_MODEL, type TimeRange } from '../../core/timing/index.js';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { createSimulation } from './create-simulation.js';

// The simulator's commands take the time the shared timing model gives, so the planner's forecast
// (made from the same model) describes what a simulated run does.

const ROOT = { privileged: true, timeoutMs: 15 * 60_000 };

const cases: readonly { readonly argv: readonly string[]; readonly range: TimeRange }[] = [
  { argv: ['apt-get', 'update'], range: TIMING_MODEL.packageIndexUpdate },
  { argv: ['apt-mark', 'unhold', 'kubeadm'], range: TIMING_MODEL.packageHold },
  { argv: ['systemctl', 'daemon-reload'], range: TIMING_MODEL.systemdReload },
  { argv: ['systemctl', 'restart', 'kubelet'], range: TIMING_MODEL.systemdRestart },
];

for (const { argv, range } of cases) {
  test(`a simulated "${argv.join(' ')}" takes between ${range.min}s and ${range.max}s, as the timing model says`, async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const sim = createSimulation(aCluster().withControlPlane('v1.33.4', 1).withWorkers('v1.32.9', 1).build(), { seed });
      const started = sim.clock.now();
      const result = await sim.shell.run('worker-1', argv, ROOT);
      assert.equal(result.exitCode, 0, result.stderr);
      const seconds = (sim.clock.now() - started) / 1000;
      assert.ok(seconds >= range.min && seconds <= range.max + 0.001, `seed ${seed}: took ${seconds}s`);
    }
  });
}

test('a restarted kubelet makes its node Ready again within the timing model\'s kubeletReady range', async () => {
  const sim = createSimulation(aCluster().withControlPlane('v1.33.4', 1).withWorkers('v1.33.4', 1).build(), { seed: 7 });
  await sim.shell.run('worker-1', ['systemctl', 'restart', 'kubelet'], ROOT);
  const restarted = sim.clock.now();
  assert.equal((await sim.api.getNode('worker-1'))?.ready, false);
  await sim.advance(TIMING_MODEL.kubeletReady.min * 1000 - 1);
  assert.equal((await sim.api.getNode('worker-1'))?.ready, false, 'Ready before the range starts');
  await sim.advance(restarted + TIMING_MODEL.kubeletReady.max * 1000 - sim.clock.now());
  assert.equal((await sim.api.getNode('worker-1'))?.ready, true, 'not Ready when the range ends');
});
