import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCluster } from '../../src/adapters/file/read-cluster-file.js';
import { killOnRecord, MemoryEventSink, MemoryJournal, MemoryLock } from '../../src/adapters/memory/index.js';
import { createSimulation, restoreSimulation, SeededRandom, validateSavedSimulation, type Simulation } from '../../src/adapters/sim/index.js';
import { planUpgrade } from '../../src/core/planning/index.js';
import { formatVersion, parseVersion } from '../../src/core/version/index.js';
import { runUpgrade } from '../../src/engine/index.js';
import type { Journal, JournalRecord } from '../../src/ports/index.js';
import { latestPatch } from '../builders/release-patches.js';

// A simulated cluster saved after every journal write, as `apply` saves it beside its journal,
// and restored in a "new process" (a new simulation from the JSON alone): the resumed run ends
// where an uninterrupted one ends, after a kill at any step or a stop at any moment, with or
// without its journal.

const cluster = await readCluster('classic');
const plan = planUpgrade(cluster, { target: parseVersion('1.12.10'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
const OPTIONS = { holder: 'saved-simulation-test' };

const state = (sim: Simulation) => sim.snapshot({ pods: false }).nodes.map((n) => `${n.name} ${formatVersion(n.kubelet)}${n.controlPlane ? `/${formatVersion(n.controlPlane.apiserver)}` : ''}${n.ready ? '' : ' NotReady'}${n.cordoned ? ' cordoned' : ''}`);

/** A journal that saves the simulation (through JSON, as on disk) after every write. */
function savingJournal(inner: Journal, sim: Simulation, saved: { text: string }): Journal {
  return {
    read: () => inner.read(),
    write: async (record: JournalRecord) => {
      await inner.write(record);
      saved.text = JSON.stringify(sim.save());
    },
    keepPlan: (document) => inner.keepPlan(document),
    keptPlan: () => inner.keptPlan(),
  };
}

async function resumeFrom(saved: { text: string }, journal: MemoryJournal | undefined) {
  const checked = validateSavedSimulation(JSON.parse(saved.text));
  assert.ok(checked.ok, checked.ok ? '' : checked.error);
  const sim = restoreSimulation(checked.value, { seed: 5, eventLog: false });
  const ports = { api: sim.api, shell: sim.shell, clock: sim.clock, journal: journal ?? new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events: new MemoryEventSink(), provisioner: sim.provisioner };
  const result = await runUpgrade(plan, ports, { ...OPTIONS, resume: true });
  return { sim, result };
}

describe(`the classic upgrade (${plan.steps.length} steps) on a simulation saved and restored between processes`, async () => {
  const baselineSim = createSimulation(cluster, { seed: 5, eventLog: false });
  const baseline = await runUpgrade(plan, { api: baselineSim.api, shell: baselineSim.shell, clock: baselineSim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => baselineSim.clock.now()), events: new MemoryEventSink(), provisioner: baselineSim.provisioner }, OPTIONS);
  assert.equal(baseline.status, 'completed', baseline.error?.message);
  const makespan = baselineSim.clock.now() - createSimulation(cluster, { seed: 5, eventLog: false }).clock.now();

  for (let k = 1; k < plan.steps.length; k += 2) {
    for (const lose of [false, true]) {
      it(`reaches the same end after a kill following step ${k} (${plan.steps[k - 1]?.id})${lose ? ' and the loss of the journal' : ''}`, async () => {
        const sim = createSimulation(cluster, { seed: 5, eventLog: false });
        const memory = new MemoryJournal();
        const saved = { text: '' };
        const kill = killOnRecord((record) => record.completedSteps.length === k);
        const ports = { api: sim.api, shell: sim.shell, clock: sim.clock, journal: kill.journal(savingJournal(memory, sim, saved)), lock: new MemoryLock(() => sim.clock.now()), events: new MemoryEventSink(), provisioner: sim.provisioner };
        await runUpgrade(plan, ports, { ...OPTIONS, signal: kill.signal });
        const again = await resumeFrom(saved, lose ? undefined : memory);
        assert.equal(again.result.status, 'completed', again.result.error?.message);
        assert.deepEqual(state(again.sim), state(baselineSim));
      });
    }
  }

  const rng = new SeededRandom(21);
  for (let i = 0; i < 8; i++) {
    const atMs = rng.int(makespan);
    it(`reaches the same end after a stop ${Math.round(atMs / 1000)} s into the run (seed 21, #${i + 1}), nothing left cordoned in between`, async () => {
      const sim = createSimulation(cluster, { seed: 5, eventLog: false });
      const memory = new MemoryJournal();
      const saved = { text: '' };
      const stop = new AbortController();
      sim.clock.schedule(atMs, () => stop.abort(new Error('stopped by SIGTERM')));
      const ports = { api: sim.api, shell: sim.shell, clock: sim.clock, journal: savingJournal(memory, sim, saved), lock: new MemoryLock(() => sim.clock.now()), events: new MemoryEventSink(), provisioner: sim.provisioner };
      const first = await runUpgrade(plan, ports, { ...OPTIONS, signal: stop.signal });
      if (first.status === 'interrupted') {
        assert.equal((await memory.read())?.status, 'interrupted');
        assert.deepEqual(state(sim).filter((n) => n.endsWith('cordoned')), []);
      }
      const again = await resumeFrom(saved, memory);
      assert.equal(again.result.status, 'completed', again.result.error?.message);
      assert.deepEqual(state(again.sim), state(baselineSim));
    });
  }
});
