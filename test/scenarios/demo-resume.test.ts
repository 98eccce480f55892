import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCluster } from '../../src/adapters/file/read-cluster-file.js';
import { killOnRecord, MemoryEventSink, MemoryJournal, MemoryLock, recordCalls } from '../../src/adapters/memory/index.js';
import { createSimulation, type Simulation } from '../../src/adapters/sim/index.js';
import { planUpgrade } from '../../src/core/planning/index.js';
import { formatVersion, parseVersion } from '../../src/core/version/index.js';
import { runUpgrade } from '../../src/engine/index.js';
import type { Journal } from '../../src/ports/index.js';
import { latestPatch } from '../builders/release-patches.js';

// kubehop killed after every step of a demo upgrade, then started again with --resume: the same
// end state, no node left cordoned, and no node command run twice.

const cluster = await readCluster('demo');
// prepareAhead 0: one step at a time, so after each kill nothing else was in flight.
const plan = planUpgrade(cluster, { target: parseVersion('1.33.13'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch, prepareAhead: 0 });
// The default layout: workers' kubeadm steps run in the background while earlier workers drain.
const ahead = planUpgrade(cluster, { target: parseVersion('1.33.13'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch, prepareAhead: 2 });
const OPTIONS = { holder: 'resume-test' };

function start(journalWrap?: (journal: MemoryJournal) => Journal) {
  const sim = createSimulation(cluster, { seed: 11, eventLog: false });
  const recorder = recordCalls(sim.api, sim.shell);
  const memory = new MemoryJournal();
  const lock = new MemoryLock(() => sim.clock.now());
  const ports = { api: recorder.api, shell: recorder.shell, clock: sim.clock, journal: journalWrap?.(memory) ?? memory, lock, events: new MemoryEventSink(), provisioner: sim.provisioner };
  return { sim, recorder, memory, lock, ports };
}

const state = (sim: Simulation) => sim.snapshot({ pods: false }).nodes.map((n) => `${n.name} ${formatVersion(n.kubelet)}${n.controlPlane ? `/${formatVersion(n.controlPlane.apiserver)}` : ''}${n.cordoned ? ' cordoned' : ''}`);
const commands = (list: readonly string[]) => list.filter((c) => c.startsWith('run ')).sort();

describe(`the demo upgrade to v1.33 (${plan.steps.length} steps) killed after every step and resumed`, async () => {
  const baseline = start();
  const done = await runUpgrade(plan, baseline.ports, OPTIONS);
  assert.equal(done.status, 'completed', done.error?.message);

  for (let k = 1; k < plan.steps.length; k++) {
    it(`reaches the same end after a kill following step ${k} (${plan.steps[k - 1]?.id})`, async () => {
      const kill = killOnRecord((record) => record.completedSteps.length === k);
      const run = start(kill.journal);
      kill.attach(run.recorder);
      await runUpgrade(plan, run.ports, { ...OPTIONS, signal: kill.signal });
      const again = recordCalls(run.sim.api, run.sim.shell);
      run.lock.stale = true;
      const resumed = await runUpgrade(plan, { ...run.ports, api: again.api, shell: again.shell, journal: run.memory }, { ...OPTIONS, resume: true, takeOverStaleLock: true });
      assert.equal(resumed.status, 'completed', resumed.error?.message);
      assert.deepEqual(state(run.sim), state(baseline.sim));
      assert.ok(state(run.sim).every((n) => !n.endsWith('cordoned')));
      assert.deepEqual(commands([...run.recorder.mutations, ...again.mutations]), commands(baseline.recorder.mutations));
      assert.deepEqual(run.sim.metrics().pdbViolations, []);
    });
  }
});

describe(`the demo upgrade to v1.33 with preparation ahead (${ahead.steps.length} steps) killed after every step and resumed`, async () => {
  const baseline = start();
  const done = await runUpgrade(ahead, baseline.ports, OPTIONS);
  assert.equal(done.status, 'completed', done.error?.message);

  for (let k = 1; k < ahead.steps.length; k++) {
    it(`reaches the same end after a kill following ${k} steps`, async () => {
      const kill = killOnRecord((record) => record.completedSteps.length === k);
      const run = start(kill.journal);
      kill.attach(run.recorder);
      await runUpgrade(ahead, run.ports, { ...OPTIONS, signal: kill.signal });
      const again = recordCalls(run.sim.api, run.sim.shell);
      run.lock.stale = true;
      const resumed = await runUpgrade(ahead, { ...run.ports, api: again.api, shell: again.shell, journal: run.memory }, { ...OPTIONS, resume: true, takeOverStaleLock: true });
      // A preparation command in flight at the kill may run again (they are idempotent); the end is the same.
      assert.equal(resumed.status, 'completed', resumed.error?.message);
      assert.deepEqual(state(run.sim), state(baseline.sim));
      assert.ok(state(run.sim).every((n) => !n.endsWith('cordoned')));
      assert.deepEqual(run.sim.metrics().pdbViolations, []);
    });
  }
});
