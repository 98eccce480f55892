import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { killOnRecord, MemoryEventSink, MemoryJournal, MemoryLock, recordCalls } from '../adapters/memory/index.js';
import { createSimulation, type SimFaults, type Simulation } from '../adapters/sim/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { planUpgrade, type UpgradePlan, type WorkerStrategy } from '../core/planning/index.js';
import { formatVersion, parseVersion } from '../core/version/index.js';
import type { Journal } from '../ports/index.js';
import { runUpgrade } from './run-upgrade.js';
import type { RunUpgradeOptions } from './upgrade-options.js';

// The engine against the simulator: real eviction semantics, controllers, scheduler, kubeadm and
// package commands, on virtual time.

const snapshot: ClusterSnapshot = aCluster()
  .withName('lab')
  .withControlPlane('v1.33.5')
  .withWorkers('v1.33.5', 3)
  .withRepository({ era: 'pkgs', minor: 33 })
  .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
  .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 })
  .build();

// prepareAhead 0: steps in plan order (the tests read the journal's order and kill at every step).
const planWith = (strategy: WorkerStrategy, prepareAhead = 0): UpgradePlan => planUpgrade(snapshot, { target: parseVersion('v1.35.9'), strategy, workersEveryHop: false, latestPatch, prepareAhead });

function start(options: { journal?: (journal: MemoryJournal) => Journal; faults?: SimFaults } = {}) {
  const sim = createSimulation(snapshot, { seed: 7, ...(options.faults ? { faults: options.faults } : {}) });
  const recorder = recordCalls(sim.api, sim.shell);
  const memory = new MemoryJournal();
  const events = new MemoryEventSink();
  const lock = new MemoryLock(() => sim.clock.now());
  const ports = { api: recorder.api, shell: recorder.shell, clock: sim.clock, journal: options.journal?.(memory) ?? memory, lock, events, provisioner: sim.provisioner };
  return { sim, recorder, memory, events, lock, ports };
}

function nodes(sim: Simulation): string[] {
  return sim.snapshot().nodes.map((n) => `${n.name} ${formatVersion(n.kubelet)}${n.cordoned ? ' cordoned' : ''}`);
}

const OPTIONS: RunUpgradeOptions = { holder: 'alice@ops-1' };

describe('runUpgrade on the simulator', () => {
  it('rolls two hops through the workers one at a time without a PDB violation', async () => {
    const { sim, ports } = start();
    const result = await runUpgrade(planWith({ kind: 'rolling', maxUnavailable: 1 }), ports, OPTIONS);
    assert.equal(result.status, 'completed', result.error?.message);
    assert.deepEqual(nodes(sim), ['cp-1 v1.35.9', 'worker-1 v1.35.9', 'worker-2 v1.35.9', 'worker-3 v1.35.9']);
    const metrics = sim.metrics();
    assert.deepEqual(metrics.pdbViolations, []);
    assert.deepEqual(metrics.cordons, { 'cp-1': 1, 'worker-1': 1, 'worker-2': 1, 'worker-3': 1 });
    assert.ok(sim.snapshot().nodes.every((n) => n.controlPlane === undefined || formatVersion(n.controlPlane.apiserver) === 'v1.35.9'));
  });

  it('prepares the next worker\'s kubeadm steps while the one before it is drained', async () => {
    const { sim, ports, events } = start();
    const result = await runUpgrade(planWith({ kind: 'rolling', maxUnavailable: 1 }, 1), ports, OPTIONS);
    assert.equal(result.status, 'completed', result.error?.message);
    assert.deepEqual(nodes(sim), ['cp-1 v1.35.9', 'worker-1 v1.35.9', 'worker-2 v1.35.9', 'worker-3 v1.35.9']);
    const finished = (id: string) => events.ofKind('step-finished').find((e) => e.step.id === id)?.at ?? Infinity;
    const started = (id: string) => events.ofKind('step-started').find((e) => e.step.id === id)?.at ?? -Infinity;
    // worker-2's preparation (kubeadm stepping through v1.34 first) starts inside worker-1's drain window, not after it.
    const prepared = started('v1.35/workers/worker-2/switch-repository-v1.34');
    assert.ok(prepared >= started('v1.35/workers/worker-1/drain') && prepared < finished('v1.35/workers/worker-1/uncordon'));
    assert.ok(finished('v1.35/workers/worker-2/kubeadm-upgrade-node-v1.34') < started('v1.35/workers/worker-2/drain'));
    assert.deepEqual(sim.metrics().pdbViolations, []);
  });

  it('replaces the workers under surge: new ones join at the target, old ones are drained onto them and removed', async () => {
    const { sim, ports, events } = start();
    const result = await runUpgrade(planWith({ kind: 'surge', maxSurge: 1 }), ports, OPTIONS);
    assert.equal(result.status, 'completed', result.error?.message);
    assert.deepEqual(nodes(sim), ['cp-1 v1.35.9', 'worker-surge-1 v1.35.9', 'worker-surge-2 v1.35.9', 'worker-surge-3 v1.35.9']);
    assert.deepEqual(events.ofKind('node-removed').map((e) => e.node), ['worker-1', 'worker-2', 'worker-3']);
    assert.deepEqual(sim.metrics().pdbViolations, []);
  });

  it('takes the workers down together under all-at-once, violating PDBs by deletion as documented', async () => {
    const { sim, ports, events } = start();
    const result = await runUpgrade(planWith({ kind: 'all-at-once' }), ports, OPTIONS);
    assert.equal(result.status, 'completed', result.error?.message);
    assert.deepEqual(nodes(sim), ['cp-1 v1.35.9', 'worker-1 v1.35.9', 'worker-2 v1.35.9', 'worker-3 v1.35.9']);
    assert.ok(sim.metrics().pdbViolations.every((v) => v.via === 'delete'));
    assert.equal(events.ofKind('warning').filter((e) => e.message.startsWith('all-at-once:')).length, 1);
  });

  it('fails a health gate that times out, naming what it saw, and uncordons the node', async () => {
    const { sim, ports } = start({ faults: { nodesNeverReadyAfterRestart: ['worker-2'] } });
    const result = await runUpgrade(planWith({ kind: 'rolling', maxUnavailable: 1 }), ports, { ...OPTIONS, gateTimeoutMs: 120_000 });
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.message, 'failed to wait for node worker-2 to be Ready with kubelet v1.35.9 within 2m0s: it is NotReady with kubelet v1.33.5');
    assert.deepEqual(nodes(sim), ['cp-1 v1.35.9', 'worker-1 v1.35.9', 'worker-2 v1.33.5', 'worker-3 v1.33.5']);
  });

  it('does not add a second surge worker when resumed after the first joined', async () => {
    const kill = killOnRecord((record) => record.replacedNodes?.['worker-1'] !== undefined);
    const run = start({ journal: kill.journal });
    kill.attach(run.recorder);
    const plan = planWith({ kind: 'surge', maxSurge: 1 });
    const first = await runUpgrade(plan, run.ports, { ...OPTIONS, signal: kill.signal });
    assert.equal(first.status, 'interrupted');
    const again = recordCalls(run.sim.api, run.sim.shell);
    const second = await runUpgrade(plan, { ...run.ports, api: again.api, shell: again.shell, journal: run.memory }, { ...OPTIONS, resume: true });
    assert.equal(second.status, 'completed', second.error?.message);
    assert.deepEqual(run.events.ofKind('node-added').map((e) => e.node), ['worker-surge-1', 'worker-surge-2', 'worker-surge-3']);
    assert.deepEqual(nodes(run.sim), ['cp-1 v1.35.9', 'worker-surge-1 v1.35.9', 'worker-surge-2 v1.35.9', 'worker-surge-3 v1.35.9']);
  });

  describe('resume after a kill at every step', async () => {
    const plan = planWith({ kind: 'rolling', maxUnavailable: 1 });
    const baseline = start();
    assert.equal((await runUpgrade(plan, baseline.ports, OPTIONS)).status, 'completed');
    const commands = (list: readonly string[]) => list.filter((c) => c.startsWith('run ')).sort();

    for (let k = 1; k < plan.steps.length; k++) {
      it(`finishes after a kill following step ${k} (${plan.steps[k - 1]?.id}) with every node command run once`, async () => {
        const kill = killOnRecord((record) => record.completedSteps.length === k);
        const run = start({ journal: kill.journal });
        kill.attach(run.recorder);
        await runUpgrade(plan, run.ports, { ...OPTIONS, signal: kill.signal });
        const again = recordCalls(run.sim.api, run.sim.shell);
        run.lock.stale = true;
        const second = await runUpgrade(plan, { ...run.ports, api: again.api, shell: again.shell, journal: run.memory }, { ...OPTIONS, resume: true, takeOverStaleLock: true });
        assert.equal(second.status, 'completed', second.error?.message);
        assert.deepEqual(nodes(run.sim), nodes(baseline.sim));
        assert.deepEqual(commands([...run.recorder.mutations, ...again.mutations]), commands(baseline.recorder.mutations));
        assert.deepEqual(run.sim.metrics().cordons, baseline.sim.metrics().cordons);
        assert.deepEqual(run.sim.metrics().pdbViolations, []);
      });
    }
  });
});

describe('the journal records what each kind of step took', () => {
  it('keeps the seconds of every step carried out, under its part and action, for plan --timings-from', async () => {
    const { memory, ports } = start();
    const plan = planWith({ kind: 'rolling', maxUnavailable: 1 });
    const result = await runUpgrade(plan, ports, { holder: 'test' });
    assert.equal(result.status, 'completed', result.error?.message);
    const times = (await memory.read())?.stepTimes ?? {};
    const drains = times['workers/drain'] ?? [];
    assert.equal(drains.length, plan.steps.filter((s) => s.phase === 'workers' && s.action === 'drain').length);
    assert.ok((times['control-plane/kubeadm-apply']?.[0] ?? 0) > 60, JSON.stringify(times));
  });
});
