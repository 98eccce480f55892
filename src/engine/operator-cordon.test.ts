import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { MemoryEventSink, MemoryJournal, MemoryLock } from '../adapters/memory/index.js';
import { createSimulation } from '../adapters/sim/index.js';
import { planUpgrade, type UpgradePlan } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import { planId } from './plan-id.js';
import { runUpgrade } from './run-upgrade.js';

// A node its operator cordoned before the run is theirs: the run drains and upgrades it but
// leaves it cordoned, whether the run succeeds or fails.

function start(cordoned: string, workload?: { minAvailable: number }) {
  let builder = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 3).withRepository({ era: 'pkgs', minor: 33 }).withNode(cordoned, { cordoned: true });
  if (workload) {
    builder = builder
      .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
      .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: workload.minAvailable });
  }
  const snapshot = builder.build();
  const plan = planUpgrade(snapshot, { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  const sim = createSimulation(snapshot, { seed: 3 });
  const events = new MemoryEventSink();
  const ports = { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events };
  return { sim, plan, events, ports };
}

const cordonedNodes = (sim: ReturnType<typeof createSimulation>) => sim.snapshot({ pods: false }).nodes.filter((n) => n.cordoned).map((n) => n.name);

test('upgrades a node cordoned by hand before the run and leaves it cordoned, saying so', async () => {
  const { sim, plan, events, ports } = start('worker-2');
  const result = await runUpgrade(plan, ports, { holder: 'test' });
  assert.equal(result.status, 'completed', result.error?.message);
  assert.deepEqual(cordonedNodes(sim), ['worker-2']);
  assert.ok(events.ofKind('warning').some((e) => e.message === 'worker-2 was cordoned before this run, so it stays cordoned: uncordon it yourself when it is ready'));
});

test('undoes only its own cordon when a drain fails: the node cordoned by hand stays cordoned', async () => {
  const { sim, plan, ports } = start('worker-1', { minAvailable: 2 });
  const result = await runUpgrade(plan, ports, { holder: 'test', drain: { timeoutMs: 60_000 } });
  assert.equal(result.status, 'failed');
  assert.deepEqual(cordonedNodes(sim), ['worker-1']);
  assert.match(result.error?.message ?? '', /worker-2 is schedulable again$/);
});

test('tells plans apart whose commands differ only in how words are split', () => {
  const { plan } = start('worker-2');
  const step = plan.steps[0];
  assert.ok(step);
  const joined: UpgradePlan = { ...plan, steps: [{ ...step, commands: [['echo', 'a b']] }, ...plan.steps.slice(1)] };
  const split: UpgradePlan = { ...plan, steps: [{ ...step, commands: [['echo', 'a', 'b']] }, ...plan.steps.slice(1)] };
  assert.notEqual(planId(joined), planId(split));
});
