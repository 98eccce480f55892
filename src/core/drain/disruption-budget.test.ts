import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { PdbEntry, WorkloadEntry } from '../cluster-file/index.js';
import { disruptionBudget, pdbBudget, scaledValue, type BudgetCounts, type BudgetSpec } from './disruption-budget.js';

describe('disruptionBudget', () => {
  const cases: { name: string; spec: BudgetSpec; counts: BudgetCounts; want: { expectedPods: number; desiredHealthy: number; disruptionsAllowed: number; computable: boolean } }[] = [
    { name: 'an integer minAvailable counts the matching pods and needs no scale', spec: { minAvailable: 2 }, counts: { pods: 4, healthy: 4, scale: undefined }, want: { expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 2, computable: true } },
    { name: 'a minAvailable percentage is taken of the controllers scale, rounded up', spec: { minAvailable: '50%' }, counts: { pods: 4, healthy: 4, scale: 5 }, want: { expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 1, computable: true } },
    { name: 'an integer maxUnavailable is taken from the scale', spec: { maxUnavailable: 1 }, counts: { pods: 5, healthy: 5, scale: 5 }, want: { expectedPods: 5, desiredHealthy: 4, disruptionsAllowed: 1, computable: true } },
    { name: 'a maxUnavailable percentage rounds up', spec: { maxUnavailable: '30%' }, counts: { pods: 5, healthy: 5, scale: 5 }, want: { expectedPods: 5, desiredHealthy: 3, disruptionsAllowed: 2, computable: true } },
    { name: 'a maxUnavailable without a scale allows nothing', spec: { maxUnavailable: 1 }, counts: { pods: 3, healthy: 3, scale: undefined }, want: { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0, computable: false } },
    { name: 'a minAvailable percentage without a scale allows nothing', spec: { minAvailable: '10%' }, counts: { pods: 3, healthy: 3, scale: undefined }, want: { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0, computable: false } },
    { name: 'no expected pods allows nothing, even with healthy pods', spec: { maxUnavailable: 1 }, counts: { pods: 2, healthy: 2, scale: 0 }, want: { expectedPods: 0, desiredHealthy: 0, disruptionsAllowed: 0, computable: true } },
    { name: 'unhealthy pods use the budget up', spec: { maxUnavailable: 1 }, counts: { pods: 5, healthy: 4, scale: 5 }, want: { expectedPods: 5, desiredHealthy: 4, disruptionsAllowed: 0, computable: true } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { expectedPods, desiredHealthy, disruptionsAllowed, computable } = disruptionBudget(c.spec, c.counts);
      assert.deepEqual({ expectedPods, desiredHealthy, disruptionsAllowed, computable }, c.want);
    });
  }

  it('scales values up as the disruption controller does', () => {
    assert.deepEqual([scaledValue('10%', 15), scaledValue('50%', 5), scaledValue('100%', 7), scaledValue(2, 100), scaledValue('3', 100)], [2, 3, 7, 2, 3]);
  });
});

describe('pdbBudget', () => {
  const budgetOver = (workload: WorkloadEntry, pdb: Omit<PdbEntry, 'name' | 'selector'>) => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 3)
      .withWorkload(workload)
      .withPdb({ name: 'budget', selector: { matchLabels: { app: workload.name } }, ...pdb })
      .build();
    const b = pdbBudget(cluster.pdbs[0]!, cluster.pods, cluster.workloads);
    return { pods: b.pods.length, expectedPods: b.expectedPods, disruptionsAllowed: b.disruptionsAllowed, neverAllows: b.neverAllows };
  };
  const cases: { name: string; workload: WorkloadEntry; pdb: Omit<PdbEntry, 'name' | 'selector'>; want: ReturnType<typeof budgetOver> }[] = [
    { name: 'counts a Deployment by its replicas', workload: { kind: 'Deployment', name: 'web', replicas: 3 }, pdb: { maxUnavailable: 1 }, want: { pods: 3, expectedPods: 3, disruptionsAllowed: 1, neverAllows: false } },
    { name: 'refuses a maxUnavailable over the pods of a Job, which has no scale', workload: { kind: 'Job', name: 'batch', replicas: 2 }, pdb: { maxUnavailable: 1 }, want: { pods: 2, expectedPods: 0, disruptionsAllowed: 0, neverAllows: true } },
    { name: 'lets an integer minAvailable over the pods of a Job count them', workload: { kind: 'Job', name: 'batch', replicas: 2 }, pdb: { minAvailable: 1 }, want: { pods: 2, expectedPods: 2, disruptionsAllowed: 1, neverAllows: false } },
    { name: 'refuses a percentage over the pods of a DaemonSet', workload: { kind: 'DaemonSet', name: 'agent', tolerations: [{ operator: 'Exists' }] }, pdb: { maxUnavailable: '50%' }, want: { pods: 4, expectedPods: 0, disruptionsAllowed: 0, neverAllows: true } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(budgetOver(c.workload, c.pdb), c.want));
});
