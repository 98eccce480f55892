import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCluster } from '../../src/adapters/file/read-cluster-file.js';
import { simulateUpgrade, type SimulationReport } from '../../src/app/simulate-upgrade.js';
import { autoBatchCap, DEFAULT_WORKLOAD_UNAVAILABLE } from '../../src/core/batching/index.js';
import { planUpgrade, type WorkerStrategy } from '../../src/core/planning/index.js';
import { parseVersion } from '../../src/core/version/index.js';
import { latestPatch } from '../builders/release-patches.js';
import { assertGolden, transcript } from './scenario-support.js';

// Whole upgrades of the built-in clusters on the simulator, with invariants checked at every tick
// of the simulation and the story compared with a golden transcript.

async function run(clusterName: string, to: string, strategy: WorkerStrategy, seed: number) {
  const cluster = await readCluster(clusterName);
  const plan = planUpgrade(cluster, { target: parseVersion(to), strategy, workersEveryHop: false, latestPatch });
  const broken: string[] = [];
  let ticks = 0;
  const workers = new Set(cluster.nodes.filter((n) => n.role === 'worker').map((n) => n.name));
  const report = await simulateUpgrade({
    cluster,
    plan,
    seed,
    onTick: (sim, tick) => {
      ticks++;
      if (!tick.changes.some((c) => c.kind === 'node' || c.kind === 'pod')) return;
      // At most max-unavailable of the original workers out of service at any moment.
      const limit = strategy.kind === 'rolling' ? (strategy.maxUnavailable === 'auto' ? autoBatchCap(workers.size) : strategy.maxUnavailable) : strategy.kind === 'surge' ? strategy.maxSurge : workers.size;
      const out = sim.snapshot({ pods: false }).nodes.filter((n) => workers.has(n.name) && (n.cordoned || !n.ready));
      if (out.length > limit) broken.push(`${new Date(tick.at).toISOString()}: ${out.map((n) => n.name).join(', ')} unschedulable at once (limit ${limit})`);
      for (const p of sim.pdbStatuses()) {
        if (p.currentHealthy < p.desiredHealthy && tick.changes.some((c) => c.kind === 'pod' && c.what === 'deleting')) {
          broken.push(`${new Date(tick.at).toISOString()}: PDB ${p.namespace}/${p.name} at ${p.currentHealthy}/${p.desiredHealthy} while a pod was being removed`);
        }
      }
    },
  });
  return { report, broken: [...new Set(broken)], ticks };
}

/**
 * Completed at the target, no PDB or skew violation, and nobody cut off: a workload a PDB guards
 * never drops to zero; one node at a time, no workload of two or more replicas does either.
 * (Two nodes at a time may take both pods of an unguarded two-replica workload: that is what
 * a missing PDB allows, and the reason preflight asks for one.)
 */
function assertHealthy(report: SimulationReport, strategy: WorkerStrategy): void {
  assert.equal(report.status, 'completed', report.error);
  assert.equal(report.allAtTarget, true, report.finalVersions.join('\n'));
  assert.deepEqual(report.pdbViolations, []);
  assert.deepEqual(report.skewViolations, []);
  const oneAtATime = strategy.kind === 'rolling' && strategy.maxUnavailable === 1;
  const cutOff = report.workloads.filter((w) => w.lowestAvailable === 0 && (w.pdb !== undefined || (oneAtATime && w.desired >= 2)));
  assert.deepEqual(cutOff.map((w) => `${w.namespace}/${w.name}`), []);
  if (strategy.kind === 'rolling' && strategy.maxUnavailable === 'auto') {
    // Batches chosen by the workload bound: an unguarded workload keeps all but its bounded share.
    const below = report.workloads.filter((w) => w.pdb === undefined && w.kind !== 'DaemonSet' && w.lowestAvailable < w.desired - Math.max(1, Math.floor(w.desired * DEFAULT_WORKLOAD_UNAVAILABLE)));
    assert.deepEqual(below.map((w) => `${w.namespace}/${w.name}: ${w.lowestAvailable} of ${w.desired}`), []);
  }
}

describe('the demo cluster upgraded v1.32 -> v1.37 on the simulator', () => {
  for (const seed of [1, 2, 3]) {
    for (const strategy of [{ kind: 'rolling', maxUnavailable: 1 }, { kind: 'rolling', maxUnavailable: 2 }, { kind: 'rolling', maxUnavailable: 'auto' }, { kind: 'surge', maxSurge: 2 }] as WorkerStrategy[]) {
      it(`keeps every invariant at every tick with ${strategy.kind} ${JSON.stringify(strategy)} and seed ${seed}`, async () => {
        const { report, broken, ticks } = await run('demo', '1.37.1', strategy, seed);
        assertHealthy(report, strategy);
        assert.ok(ticks > 100, `only ${ticks} ticks observed`);
        assert.deepEqual(broken, []);
      });
    }
  }

  it('keeps every invariant at every tick with blue-green, the old pool drained two at a time', async () => {
    const strategy: WorkerStrategy = { kind: 'blue-green', batch: 2 };
    const { report, broken } = await run('demo', '1.37.1', strategy, 1);
    assertHealthy(report, strategy);
    assert.deepEqual(broken, []);
  });

  it('tells the same story as the golden transcript (rolling, seed 1)', async () => {
    const { report } = await run('demo', '1.37.1', { kind: 'rolling', maxUnavailable: 1 }, 1);
    await assertGolden('demo-v1.37-rolling-seed1.txt', transcript(report));
  });

  it('says plainly what all-at-once costs: downtime and PDBs broken by deletion', async () => {
    const { report } = await run('demo', '1.37.1', { kind: 'all-at-once' }, 1);
    assert.equal(report.status, 'completed');
    assert.ok(report.pdbViolations.length > 0);
    assert.ok(report.pdbViolations.every((v) => v.via === 'delete'));
    assert.ok(report.workloads.some((w) => w.namespace === 'default' && w.lowestAvailable === 0), 'no workload went down');
  });
});

describe('the classic lab cluster upgraded v1.11 -> v1.13 on the simulator', () => {
  it('shows the textbook story: API down while kubeadm upgrades it, workloads serving, workers one at a time', async () => {
    const { report, broken } = await run('classic', '1.13.12', { kind: 'rolling', maxUnavailable: 1 }, 1);
    assertHealthy(report, { kind: 'rolling', maxUnavailable: 1 });
    assert.deepEqual(broken, []);
    assert.ok(report.controlPlaneDowntimeMs > 0, 'a single control-plane node must take the API down');
    const outages = report.story.filter((l) => l.text.startsWith('API server down'));
    assert.ok(outages.length >= 2 && outages.every((l) => /kept serving \(at worst (\d+)\/\1 pods ready\)/.test(l.text)), outages.map((l) => l.text).join('\n'));
    await assertGolden('classic-v1.13-rolling-seed1.txt', transcript(report));
  });
});

describe('an HA cluster in the kubeadm era before v1.28', () => {
  it('upgrades v1.26 -> v1.27 with kube-proxy briefly ahead, as kubeadm does, and nothing else broken', async () => {
    const { aCluster } = await import('../builders/cluster-builder.js');
    const cluster = aCluster().withName('ha-126').withControlPlane('v1.26.15', 3).withWorkers('v1.26.15', 3)
      .withRepository({ era: 'pkgs', minor: 26 })
      .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
      .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 })
      .build();
    const plan = planUpgrade(cluster, { target: parseVersion('1.27.16'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    const report = await simulateUpgrade({ cluster, plan, seed: 5 });
    assertHealthy(report, plan.strategy);
    assert.ok(plan.notes.some((n) => n.code === 'KUBEADM_UPGRADES_KUBE_PROXY_EARLY'));
  });
});
