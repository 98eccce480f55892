import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { MemoryEventSink, MemoryJournal, MemoryLock } from '../adapters/memory/index.js';
import { createSimulation } from '../adapters/sim/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import { KUBEADM_HEALTH_CHECK_ATTEMPTS } from './apply-step.js';
import { runUpgrade } from './run-upgrade.js';

// kubeadm upgrade apply checks the cluster's health before it changes anything; that check fails
// now and then on its own Job on a busy cluster (seen on a real kubeadm v1.20 cluster). Such a
// failure is run again; any other failure of kubeadm upgrade apply stops the run at once.

const snapshot = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 1).withRepository({ era: 'pkgs', minor: 33 }).build();
const plan = planUpgrade(snapshot, { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
const HEALTH_CHECK_FAILURE =
  '[upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n' +
  '\t[ERROR CreateJob]: could not delete Job "upgrade-health-check" in the namespace "kube-system": jobs.batch "upgrade-health-check" not found\n';

const cases: { name: string; stderr: string; times: number; status: string; attempts: number }[] = [
  { name: 'finishes when kubeadm fails its health check twice, then passes', stderr: HEALTH_CHECK_FAILURE, times: 2, status: 'completed', attempts: 3 },
  { name: `stops after ${KUBEADM_HEALTH_CHECK_ATTEMPTS} failed health checks`, stderr: HEALTH_CHECK_FAILURE, times: KUBEADM_HEALTH_CHECK_ATTEMPTS, status: 'failed', attempts: KUBEADM_HEALTH_CHECK_ATTEMPTS },
  { name: 'stops at once when kubeadm upgrade apply fails otherwise', stderr: '[upgrade/apply] FATAL: couldn\'t upgrade control plane. kubeadm has tried to recover everything into the earlier state\n', times: 1, status: 'failed', attempts: 1 },
];

for (const c of cases) {
  test(`kubeadm upgrade apply: the run ${c.name}`, async () => {
    const cp = snapshot.nodes.find((n) => n.role === 'control-plane')?.name ?? '';
    const sim = createSimulation(snapshot, { seed: 3, faults: { failingCommands: [{ node: cp, argvPrefix: ['kubeadm', 'upgrade', 'apply'], times: c.times, stderr: c.stderr }] } });
    const events = new MemoryEventSink();
    const result = await runUpgrade(plan, { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events }, { holder: 'test' });
    assert.equal(result.status, c.status);
    const applies = events.ofKind('command-finished').filter((e) => e.argv[0] === 'kubeadm' && e.argv[2] === 'apply');
    assert.equal(applies.length, c.attempts);
    const warnings = events.ofKind('warning').filter((e) => /health checks, before changing anything/.test(e.message));
    assert.equal(warnings.length, c.attempts - 1);
  });
}
