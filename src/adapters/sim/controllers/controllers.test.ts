import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterSnapshot } from '../../../core/cluster/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';

const podsOf = (snapshot: ClusterSnapshot, app: string) => snapshot.pods.filter((p) => p.labels.app === app);

test('a Deployment replaces an evicted pod at once and it becomes Ready after its startup time', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'Deployment', name: 'web', replicas: 3, startupSeconds: 10 }).build();
  const sim = createSimulation(cluster, { seed: 5 });
  const [victim] = podsOf(cluster, 'web');
  assert.ok(victim);
  await sim.api.evictPod('default', victim.name);
  await sim.advance(1_000);
  const soon = podsOf(sim.snapshot(), 'web').filter((p) => !p.deleting);
  assert.equal(soon.length, 3);
  assert.equal(soon.filter((p) => !p.ready).length, 1);
  await sim.advance(15_000);
  const later = podsOf(sim.snapshot(), 'web');
  assert.equal(later.length, 3);
  assert.ok(later.every((p) => p.ready && p.phase === 'Running'));
  assert.equal(later.some((p) => p.uid === victim.uid), false);
});

test('controllers do nothing while the API is down and catch up once it is back', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 }).build();
  const sim = createSimulation(cluster, { seed: 5, faults: { controlPlaneOutages: [{ atSeconds: 0.1, forSeconds: 60 }] } });
  const [victim] = podsOf(cluster, 'web');
  assert.ok(victim);
  await sim.api.evictPod('default', victim.name);
  await sim.advance(30_000);
  assert.equal(sim.isApiUp(), false);
  assert.equal(podsOf(sim.snapshot(), 'web').length, 2, 'the evicted pod went and nothing replaced it');
  assert.equal(sim.metrics().workloads.find((w) => w.name === 'web')?.lowestAvailable, 2, 'the other pods kept serving');
  await sim.advance(40_000);
  assert.equal(sim.isApiUp(), true);
  const after = podsOf(sim.snapshot(), 'web');
  assert.equal(after.length, 3);
  assert.ok(after.every((p) => p.node !== undefined), 'the scheduler bound the replacement');
  assert.equal(sim.metrics().controlPlaneDowntimeMs, 60_000);
});

test('a StatefulSet recreates the same name with a new uid only once the old pod is gone', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'StatefulSet', name: 'db', replicas: 3, terminationGraceSeconds: 30, startupSeconds: 20 }).build();
  const sim = createSimulation(cluster, { seed: 5 });
  const before = (await sim.api.getPod('default', 'db-1'))?.uid;
  await sim.api.evictPod('default', 'db-1');
  await sim.advance(20_000);
  const terminating = await sim.api.getPod('default', 'db-1');
  assert.equal(terminating?.uid, before);
  assert.equal(terminating?.deleting, true);
  await sim.advance(11_000);
  const recreated = await sim.api.getPod('default', 'db-1');
  assert.ok(recreated && recreated.uid !== before && !recreated.deleting);
  assert.equal(recreated.ready, false);
  await sim.advance(30_000);
  assert.equal((await sim.api.getPod('default', 'db-1'))?.ready, true);
});

test('a StatefulSet brings missing pods back one at a time, in ordinal order', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'StatefulSet', name: 'db', replicas: 3, startupSeconds: 30 }).build();
  const sim = createSimulation(cluster, { seed: 5 });
  await sim.api.deletePod('default', 'db-2', { gracePeriodSeconds: 0 });
  await sim.api.deletePod('default', 'db-0', { gracePeriodSeconds: 0 });
  const created: string[] = [];
  sim.onTick((tick) => {
    for (const c of tick.changes) if (c.kind === 'pod' && c.what === 'added') created.push(c.name);
  });
  await sim.advance(10_000);
  assert.deepEqual(created, ['db-0']);
  await sim.advance(60_000);
  assert.deepEqual(created, ['db-0', 'db-2']);
  const events = sim.eventLog().filter((e) => e.kind === 'pod-created' || e.kind === 'pod-ready').map((e) => `${e.kind} ${e.subject}`);
  assert.deepEqual(events, ['pod-created default/db-0', 'pod-ready default/db-0', 'pod-created default/db-2', 'pod-ready default/db-2']);
});

test('a DaemonSet keeps its pod on a cordoned node and puts one on every new node', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).withWorkload({ kind: 'DaemonSet', name: 'agent', tolerations: [{ operator: 'Exists' }] }).build();
  const sim = createSimulation(cluster, { seed: 5 });
  await sim.api.cordon('worker-1');
  const [onWorker1] = (await sim.api.listPodsOnNode('worker-1')).filter((p) => p.labels.app === 'agent');
  assert.ok(onWorker1);
  await sim.api.deletePod('default', onWorker1.name);
  const template = cluster.nodes.find((n) => n.name === 'worker-2');
  assert.ok(template);
  const added = await sim.provisioner.addWorker({ template, version: { major: 1, minor: 32, patch: 9 }, batch: 'v1.32/workers/batch-1' }, async () => {});
  await sim.advance(30_000);
  const agents = podsOf(sim.snapshot(), 'agent');
  assert.deepEqual(agents.map((p) => p.node).sort(), ['cp-1', added, 'worker-1', 'worker-2'].sort());
  assert.ok(agents.every((p) => p.ready));
  assert.equal(added, 'worker-surge-1');
  assert.equal(sim.metrics().workloads.find((w) => w.name === 'agent')?.desired, 4);
  await sim.provisioner.removeWorker(added, template);
  const below = sim.metrics().workloads.find((w) => w.name === 'agent')?.belowDesiredMs;
  await sim.advance(60_000);
  const agent = sim.metrics().workloads.find((w) => w.name === 'agent');
  assert.equal(agent?.desired, 3);
  assert.equal(agent?.belowDesiredMs, below, 'a removed node is no longer owed a pod');
});
