import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeEntry, WorkloadEntry } from '../../../core/cluster-file/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';
import { feasibleNodesToFind } from './scheduler.js';

// Where the replacement of an evicted pod goes: the scheduler's filters, one at a time. Two
// workers; worker-1 holds the pod and is cordoned; worker-2 is changed by each case.

interface PlacementCase {
  readonly name: string;
  readonly worker2?: Partial<NodeEntry>;
  readonly workload?: Partial<WorkloadEntry>;
  /** Where the replacement is bound; undefined = it stays Pending. */
  readonly want: string | undefined;
}

const cases: PlacementCase[] = [
  { name: 'goes to the uncordoned node', want: 'worker-2' },
  { name: 'stays Pending when the only other node is cordoned', worker2: { cordoned: true }, want: undefined },
  { name: 'stays Pending when the only other node is NotReady', worker2: { ready: false }, want: undefined },
  { name: 'stays Pending when the other node lacks the cpu', worker2: { allocatable: { cpu: '500m' } }, workload: { requests: { cpu: 1 } }, want: undefined },
  { name: 'stays Pending when the other node lacks the memory', worker2: { allocatable: { memory: '512Mi' } }, workload: { requests: { memory: '1Gi' } }, want: undefined },
  { name: 'stays Pending when the other node has no pod slot left', worker2: { allocatable: { pods: 1 } }, want: undefined },
  { name: 'stays Pending when the other node has a taint it does not tolerate', worker2: { taints: ['dedicated=gpu:NoSchedule'] }, want: undefined },
  { name: 'goes to a tainted node it tolerates', worker2: { taints: ['dedicated=gpu:NoSchedule'] }, workload: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }, want: 'worker-2' },
  { name: 'ignores a PreferNoSchedule taint', worker2: { taints: ['dedicated=gpu:PreferNoSchedule'] }, want: 'worker-2' },
  { name: 'stays Pending when no node matches its nodeSelector', workload: { nodeSelector: { disk: 'ssd' } }, want: undefined },
  { name: 'goes to the node its nodeSelector matches', worker2: { labels: { disk: 'ssd' } }, workload: { nodeSelector: { disk: 'ssd' } }, want: 'worker-2' },
];

for (const c of cases) {
  test(`the replacement pod ${c.name}`, async () => {
    const cluster = aCluster()
      .withControlPlane('v1.32.9', 1)
      .withNode('worker-1', { kubelet: 'v1.32.9', labels: { disk: 'ssd' } })
      .withNode('worker-2', { kubelet: 'v1.32.9', ...c.worker2 })
      .withPod({ name: 'app-0', node: 'worker-1', owner: { kind: 'Deployment', name: 'app' }, labels: { app: 'app' } })
      .withWorkload({ kind: 'Deployment', name: 'app', replicas: 1, ...c.workload })
      .build();
    const sim = createSimulation(cluster, { seed: 9 });
    await sim.api.cordon('worker-1');
    await sim.api.evictPod('default', 'app-0');
    await sim.advance(30_000);
    const pods = sim.snapshot().pods.filter((p) => p.labels.app === 'app');
    assert.equal(pods.length, 1);
    assert.equal(pods[0]?.node, c.want);
    assert.equal(pods[0]?.phase, c.want === undefined ? 'Pending' : 'Running');
  });
}

test('a Pending pod is scheduled as soon as a node makes room for it', async () => {
  const cluster = aCluster()
    .withControlPlane('v1.32.9', 1)
    .withWorkers('v1.32.9', 2)
    .withPod({ name: 'app-0', node: 'worker-1', owner: { kind: 'Deployment', name: 'app' }, labels: { app: 'app' } })
    .withWorkload({ kind: 'Deployment', name: 'app', replicas: 1 })
    .build();
  const sim = createSimulation(cluster, { seed: 9 });
  await sim.api.cordon('worker-1');
  await sim.api.cordon('worker-2');
  await sim.api.evictPod('default', 'app-0');
  await sim.advance(60_000);
  assert.equal(sim.snapshot().pods.find((p) => p.labels.app === 'app')?.node, undefined);
  await sim.api.uncordon('worker-2');
  await sim.advance(10_000);
  assert.equal(sim.snapshot().pods.find((p) => p.labels.app === 'app')?.node, 'worker-2');
});

test('replicas spread over nodes rather than pile on the emptiest one', async () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 4).withWorkload({ kind: 'Deployment', name: 'app', replicas: 4 }).build();
  const sim = createSimulation(cluster, { seed: 9 });
  for (const pod of sim.snapshot().pods.filter((p) => p.labels.app === 'app')) await sim.api.deletePod('default', pod.name, { gracePeriodSeconds: 0 });
  await sim.advance(30_000);
  const nodes = sim.snapshot().pods.filter((p) => p.labels.app === 'app').map((p) => p.node);
  assert.equal(new Set(nodes).size, 4, `placed on ${nodes.join(', ')}`);
});

test('a large cluster is searched for a share of its nodes, as percentageOfNodesToScore does', () => {
  assert.deepEqual([10, 99, 100, 1000, 5000].map(feasibleNodesToFind), [10, 99, 100, 420, 500]);
});
