import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PdbEntry, PodEntry } from '../../../core/cluster-file/index.js';
import { ClusterApiError } from '../../../core/errors.js';
import { checkSkew } from '../../../core/skew/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';

// The eviction decision, case by case, as EvictionREST.Create makes it.

const web = { kind: 'Deployment', name: 'web', replicas: 3 } as const;
const pod = (name: string, extra: Partial<PodEntry>): PodEntry => ({
  name,
  node: 'worker-1',
  owner: { kind: 'Deployment', name: 'web' },
  labels: { app: 'web' },
  ...extra,
});
const budget = (extra: Partial<PdbEntry>, name = 'web'): PdbEntry => ({ name, selector: { matchLabels: { app: 'web' } }, ...extra });

interface EvictionCase {
  readonly name: string;
  readonly replicas?: number;
  readonly pods?: readonly PodEntry[];
  readonly pdbs: readonly PdbEntry[];
  /** The pod to evict; the first web pod when absent. */
  readonly target?: string;
  /** Evict this one first (it must succeed). */
  readonly before?: string;
  readonly want: { status: 200 } | { status: number; message: string; cause?: string };
}

const cases: EvictionCase[] = [
  { name: 'a pod no budget covers is evicted', pdbs: [], want: { status: 200 } },
  { name: 'a healthy pod is evicted while its budget allows a disruption', pdbs: [budget({ minAvailable: 2 })], want: { status: 200 } },
  {
    name: 'a healthy pod is refused with 429 when its budget allows no disruption',
    pdbs: [budget({ minAvailable: 3 })],
    target: 'web-a',
    pods: [pod('web-a', {})],
    want: {
      status: 429,
      message: "failed to evict pod default/web-a: Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 3 healthy pods and has 3 currently",
      cause: 'The disruption budget web needs 3 healthy pods and has 3 currently',
    },
  },
  {
    name: 'a pod under two budgets is refused with 500',
    pdbs: [budget({ minAvailable: 1 }), budget({ maxUnavailable: 1 }, 'web-too')],
    target: 'web-a',
    pods: [pod('web-a', {})],
    want: { status: 500, message: 'failed to evict pod default/web-a: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' },
  },
  { name: 'a Pending pod ignores its budget', pdbs: [budget({ minAvailable: 3 })], target: 'web-p', pods: [pod('web-p', { phase: 'Pending', ready: false })], want: { status: 200 } },
  { name: 'a Succeeded pod ignores its budget', pdbs: [budget({ minAvailable: 3 })], target: 'web-s', pods: [pod('web-s', { phase: 'Succeeded', ready: false })], want: { status: 200 } },
  { name: 'a Failed pod ignores its budget', pdbs: [budget({ minAvailable: 3 })], target: 'web-f', pods: [pod('web-f', { phase: 'Failed', ready: false })], want: { status: 200 } },
  {
    name: 'a pod already being deleted is evicted again though the budget is spent',
    pdbs: [budget({ minAvailable: 2 })],
    pods: [pod('web-a', {}), pod('web-b', { node: 'worker-2' })],
    before: 'web-a',
    target: 'web-a',
    want: { status: 200 },
  },
  {
    name: 'an unready pod is evicted under AlwaysAllow even when the budget is short',
    pdbs: [budget({ minAvailable: 3, unhealthyPodEvictionPolicy: 'AlwaysAllow' })],
    target: 'web-u',
    pods: [pod('web-u', { ready: false })],
    want: { status: 200 },
  },
  {
    name: 'an unready pod is evicted under IfHealthyBudget while the budget is met',
    replicas: 4,
    pdbs: [budget({ minAvailable: 3 })],
    target: 'web-u',
    pods: [pod('web-u', { ready: false })],
    want: { status: 200 },
  },
  {
    name: 'an unready pod is refused under IfHealthyBudget while the budget is short',
    pdbs: [budget({ minAvailable: 3 })],
    target: 'web-u',
    pods: [pod('web-u', { ready: false })],
    want: {
      status: 429,
      message: "failed to evict pod default/web-u: Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 3 healthy pods and has 2 currently",
      cause: 'The disruption budget web needs 3 healthy pods and has 2 currently',
    },
  },
];

for (const c of cases) {
  test(`eviction: ${c.name}`, async () => {
    let builder = aCluster().withWorkers('v1.32.9', 3).withWorkload({ ...web, replicas: c.replicas ?? web.replicas });
    for (const p of c.pods ?? []) builder = builder.withPod(p);
    for (const p of c.pdbs) builder = builder.withPdb(p);
    const cluster = builder.build();
    const sim = createSimulation(cluster, { seed: 3 });
    const target = c.target ?? cluster.pods.find((p) => p.labels.app === 'web')?.name ?? '';
    if (c.before) await sim.api.evictPod('default', c.before);
    const outcome = await sim.api.evictPod('default', target).then(
      () => ({ status: 200 }),
      (error: unknown) => {
        assert.ok(error instanceof ClusterApiError);
        const cause = error.cause instanceof Error ? { cause: error.cause.message } : {};
        return { status: error.status ?? -1, message: error.message, ...cause };
      },
    );
    assert.deepEqual(outcome, c.want);
    if (outcome.status === 200) {
      const after = await sim.api.getPod('default', target);
      assert.ok(after === undefined || after.deleting === true, 'an evicted pod is being deleted or gone');
    }
  });
}

test('an eviction or delete of a pod that does not exist is a 404 naming it', async () => {
  const sim = createSimulation(aCluster().withWorkers('v1.32.9', 1).build(), { seed: 1 });
  await assert.rejects(sim.api.evictPod('default', 'nope'), (e: unknown) => e instanceof ClusterApiError && e.isNotFound() && e.message === 'failed to evict pod default/nope: pods "nope" not found');
  await assert.rejects(sim.api.deletePod('default', 'nope'), /failed to delete pod default\/nope: pods "nope" not found/);
  await assert.rejects(sim.api.cordon('ghost'), /failed to cordon node ghost: nodes "ghost" not found/);
});

test('a plain delete goes around the budget and is counted as a violation', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload(web).withPdb(budget({ minAvailable: 3 })).build();
  const sim = createSimulation(cluster, { seed: 1 });
  const victim = cluster.pods.find((p) => p.labels.app === 'web');
  assert.ok(victim);
  await sim.api.deletePod('default', victim.name);
  const { pdbViolations, podsDeleted } = sim.metrics();
  assert.equal(podsDeleted, 1);
  assert.deepEqual(pdbViolations.map((v) => ({ pdb: v.pdb, pod: v.pod, via: v.via, currentHealthy: v.currentHealthy, desiredHealthy: v.desiredHealthy })), [
    { pdb: 'default/web', pod: `default/${victim.name}`, via: 'delete', currentHealthy: 2, desiredHealthy: 3 },
  ]);
});

test('cordon and uncordon are idempotent and counted once per drain', async () => {
  const sim = createSimulation(aCluster().withWorkers('v1.32.9', 2).build(), { seed: 1 });
  await sim.api.cordon('worker-1');
  await sim.api.cordon('worker-1');
  assert.equal((await sim.api.getNode('worker-1'))?.cordoned, true);
  await sim.api.uncordon('worker-1');
  await sim.api.uncordon('worker-1');
  assert.equal((await sim.api.getNode('worker-1'))?.cordoned, false);
  assert.deepEqual(sim.metrics().cordons, { 'worker-1': 1 });
});

test('waitForChange resolves on the next change of its pod, or times out in virtual time', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).withWorkload(web).build();
  const sim = createSimulation(cluster, { seed: 1 });
  const victim = cluster.pods.find((p) => p.labels.app === 'web');
  assert.ok(victim);
  const start = sim.clock.now();
  assert.equal(await sim.api.waitForChange({ kind: 'pod', namespace: 'default', name: victim.name }, 30_000), 'timeout');
  assert.equal(sim.clock.now() - start, 30_000);
  const waiting = sim.api.waitForChange({ kind: 'pod', namespace: 'default', name: victim.name }, 30_000);
  await sim.api.evictPod('default', victim.name);
  assert.equal(await waiting, 'changed');
});

test('a budget watch wakes only when the budget\'s status changes', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ ...web, startupSeconds: 20 }).withPdb(budget({ maxUnavailable: 1 })).build();
  const sim = createSimulation(cluster, { seed: 1 });
  const [first] = cluster.pods.filter((p) => p.labels.app === 'web');
  assert.ok(first);
  await sim.api.evictPod('default', first.name);
  const start = sim.clock.now();
  // The replacement is created, scheduled and started (no status change) before it is Ready.
  assert.equal(await sim.api.waitForChange({ kind: 'pdb', namespace: 'default', name: 'web' }, 120_000), 'changed');
  const status = (await sim.api.listPdbs()).find((p) => p.name === 'web');
  assert.ok(sim.clock.now() - start >= 15_000, `woke after ${sim.clock.now() - start} ms`);
  assert.equal(status?.currentHealthy, 3);
});

test('readSnapshot gives a cluster that the skew checks and the planner accept', async () => {
  const cluster = aCluster().withControlPlane('v1.33.4', 3).withWorkers('v1.32.9', 4).build();
  const sim = createSimulation(cluster, { seed: 1 });
  const snapshot = await sim.api.readSnapshot();
  assert.deepEqual(checkSkew(snapshot).filter((f) => f.severity === 'blocking'), []);
  assert.deepEqual(
    snapshot.nodes.map((n) => [n.name, n.kubelet.minor, n.kubeProxy?.minor, n.controlPlane?.apiserver.minor]),
    [['cp-1', 33, 33, 33], ['cp-2', 33, 33, 33], ['cp-3', 33, 33, 33], ['worker-1', 32, 33, undefined], ['worker-2', 32, 33, undefined], ['worker-3', 32, 33, undefined], ['worker-4', 32, 33, undefined]],
  );
  assert.equal(snapshot.pods.length, cluster.pods.length);
});
