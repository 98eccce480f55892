import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PdbEntry, WorkloadEntry } from '../../../core/cluster-file/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';
import { pdbBudget } from '../../../core/drain/index.js';

const cases: { name: string; workload: WorkloadEntry; pdb: Omit<PdbEntry, 'name' | 'selector'>; want: { expectedPods: number; desiredHealthy: number; disruptionsAllowed: number } }[] = [
  { name: 'an integer minAvailable counts the matching pods', workload: { kind: 'Deployment', name: 'web', replicas: 5 }, pdb: { minAvailable: 3 }, want: { expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 2 } },
  { name: 'a minAvailable percentage rounds up', workload: { kind: 'Deployment', name: 'web', replicas: 5 }, pdb: { minAvailable: '50%' }, want: { expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 2 } },
  { name: 'an integer maxUnavailable is taken from the scale', workload: { kind: 'Deployment', name: 'web', replicas: 5 }, pdb: { maxUnavailable: 1 }, want: { expectedPods: 5, desiredHealthy: 4, disruptionsAllowed: 1 } },
  { name: 'a maxUnavailable percentage rounds up too', workload: { kind: 'Deployment', name: 'web', replicas: 5 }, pdb: { maxUnavailable: '30%' }, want: { expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 2 } },
  { name: 'maxUnavailable 0 allows nothing', workload: { kind: 'StatefulSet', name: 'db', replicas: 3 }, pdb: { maxUnavailable: 0 }, want: { expectedPods: 3, desiredHealthy: 3, disruptionsAllowed: 0 } },
  { name: 'minAvailable 100% allows nothing', workload: { kind: 'Deployment', name: 'web', replicas: 3 }, pdb: { minAvailable: '100%' }, want: { expectedPods: 3, desiredHealthy: 3, disruptionsAllowed: 0 } },
  { name: 'a Job has no scale, so a maxUnavailable over its pods allows nothing', workload: { kind: 'Job', name: 'report', replicas: 2 }, pdb: { maxUnavailable: 1 }, want: { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0 } },
  { name: 'an integer minAvailable over a Job counts its pods', workload: { kind: 'Job', name: 'report', replicas: 2 }, pdb: { minAvailable: 1 }, want: { expectedPods: 2, desiredHealthy: 1, disruptionsAllowed: 1 } },
  { name: 'a DaemonSet has no scale, so a percentage budget over it allows nothing', workload: { kind: 'DaemonSet', name: 'agent', tolerations: [{ operator: 'Exists' }] }, pdb: { maxUnavailable: '50%' }, want: { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0 } },
];

for (const c of cases) {
  test(`pdb status: ${c.name}`, () => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 3)
      .withWorkload(c.workload)
      .withPdb({ name: 'budget', selector: { matchLabels: { app: c.workload.name } }, ...c.pdb })
      .build();
    const sim = createSimulation(cluster, { seed: 1 });
    const status = sim.pdbStatuses().find((p) => p.name === 'budget');
    const healthy = cluster.pods.filter((p) => p.labels.app === c.workload.name).length;
    assert.deepEqual(
      { expectedPods: status?.expectedPods, desiredHealthy: status?.desiredHealthy, disruptionsAllowed: status?.disruptionsAllowed, currentHealthy: status?.currentHealthy },
      { ...c.want, currentHealthy: healthy },
    );
  });

  test(`pdb status: preflight's budget agrees with the simulator's when ${c.name}`, () => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 3)
      .withWorkload(c.workload)
      .withPdb({ name: 'budget', selector: { matchLabels: { app: c.workload.name } }, ...c.pdb })
      .build();
    const sim = createSimulation(cluster, { seed: 1 });
    const status = sim.pdbStatuses().find((p) => p.name === 'budget');
    const core = pdbBudget(cluster.pdbs[0]!, cluster.pods, cluster.workloads);
    assert.deepEqual(
      { expectedPods: core.expectedPods, desiredHealthy: core.desiredHealthy, disruptionsAllowed: core.disruptionsAllowed, currentHealthy: core.currentHealthy },
      { expectedPods: status?.expectedPods, desiredHealthy: status?.desiredHealthy, disruptionsAllowed: status?.disruptionsAllowed, currentHealthy: status?.currentHealthy },
    );
  });
}

