import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { MemoryEventSink, MemoryJournal, MemoryLock } from '../adapters/memory/index.js';
import { createSimulation } from '../adapters/sim/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import type { EventSink, UpgradeEvent } from '../ports/index.js';
import { runUpgrade } from './run-upgrade.js';

// A step lifts the package holds around an install (`apt-mark unhold`, install, `apt-mark hold`).
// However it ends — the install fails, or the run is stopped in the middle — the holds are set
// again, so no later `apt-get upgrade` can move kubelet or kubeadm behind the operator's back.

const snapshot = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 2).withRepository({ era: 'pkgs', minor: 33 }).build();
const plan = planUpgrade(snapshot, { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });

const cases: { name: string; failInstall: boolean; stopAfter?: string }[] = [
  { name: 'the install of kubeadm fails on worker-1', failInstall: true },
  { name: 'the run is stopped right after apt-get update on worker-1', failInstall: false, stopAfter: 'update' },
];

for (const c of cases) {
  test(`holds the packages on worker-1 again when ${c.name}`, async () => {
    const sim = createSimulation(snapshot, {
      seed: 4,
      ...(c.failInstall ? { faults: { failingCommands: [{ node: 'worker-1', argvPrefix: ['apt-get', 'install'], stderr: 'E: Unable to fetch some archives' }] } } : {}),
    });
    const showHold = async () => (await sim.shell.run('worker-1', ['apt-mark', 'showhold'], { privileged: true, timeoutMs: 60_000, readOnly: true })).stdout.trim().split('\n').sort();
    const before = await showHold();
    assert.ok(before.includes('kubeadm'));
    const stop = new AbortController();
    const memory = new MemoryEventSink();
    const events: EventSink = {
      emit: (event: UpgradeEvent) => {
        memory.emit(event);
        if (c.stopAfter && event.kind === 'command-finished' && event.node === 'worker-1' && event.argv[1] === c.stopAfter) stop.abort(new Error('stopped by SIGTERM'));
      },
    };
    const result = await runUpgrade(plan, { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events }, { holder: 'test', signal: stop.signal });
    assert.equal(result.status, c.failInstall ? 'failed' : 'interrupted');
    const lifted = memory.ofKind('command-finished').filter((e) => e.node === 'worker-1' && e.argv[0] === 'apt-mark');
    assert.deepEqual(lifted.map((e) => e.argv[1]), ['unhold', 'hold'], 'the hold was lifted, then set again');
    assert.deepEqual(await showHold(), before);
  });
}
