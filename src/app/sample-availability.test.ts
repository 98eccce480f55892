import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { MemoryCluster, VirtualClock } from '../adapters/memory/index.js';
import { ClusterApiError } from '../core/errors.js';
import type { ClusterApi } from '../ports/index.js';
import { sampleAvailability } from './sample-availability.js';

// worker-1 holds web-a and web-b of Deployment web (3 replicas, web-c on worker-2), under a
// budget of 2; node-exporter runs on both workers.
function setUp() {
  const snapshot = aCluster()
    .withControlPlane('v1.34.2')
    .withWorkers('v1.34.2', 2)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
    .withPod({ name: 'web-a', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
    .withPod({ name: 'web-b', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
    .withPod({ name: 'web-c', node: 'worker-2', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 })
    .build();
  const clock = new VirtualClock({ startMs: 0 });
  const cluster = new MemoryCluster(snapshot, clock, { terminationMs: 1_000, replacementReadyMs: 10_000 });
  return { clock, cluster };
}

/** The API with its calls counted by method. */
function counting(api: ClusterApi): { api: ClusterApi; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counted = new Proxy(api, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api: counted, calls };
}

const numbers = (points: readonly { available: number; desired: number; budgetMin?: number }[]) => points.map((p) => [p.available, p.desired, p.budgetMin]);

describe('sampleAvailability', () => {
  it('charts an eviction as a dip to 2 of 3 and back, beside the budget minimum, at the sampled times', async () => {
    const { clock, cluster } = setUp();
    const sampler = sampleAvailability(cluster, clock, 1_000);
    await clock.sleep(2_500);
    await cluster.evictPod('default', 'web-a');
    await clock.sleep(20_000);
    const sampled = await sampler.stop();
    const web = sampled.series.find((s) => s.name === 'web');
    assert.ok(web);
    assert.deepEqual([web.kind, web.namespace, web.pdb], ['Deployment', 'default', 'web']);
    assert.deepEqual(numbers(web.points), [[3, 3, 2], [2, 3, 2], [3, 3, 2]]);
    // Sampled at 0, 1 s, 2 s, 3 s ...: the dip shows at the first sample after the eviction (2.5 s),
    // the recovery at the first after the pod's 1 s to go and its replacement's 10 s to Ready.
    assert.deepEqual(web.points.map((p) => p.at), [0, 3_000, 14_000]);
    assert.deepEqual(sampled.apiOutages, []);
    assert.equal(sampled.everyMs, 1_000);
  });

  it('records the time /readyz failed as an outage and samples no workload meanwhile', async () => {
    const { clock, cluster } = setUp();
    const { api, calls } = counting(cluster);
    const sampler = sampleAvailability(api, clock, 1_000);
    await clock.sleep(1_500);
    cluster.apiDown = true;
    const listedBefore = calls.get('listWorkloadReadiness');
    await clock.sleep(3_000);
    assert.equal(calls.get('listWorkloadReadiness'), listedBefore, 'no list while /readyz fails');
    cluster.apiDown = false;
    await clock.sleep(1_000);
    const sampled = await sampler.stop();
    assert.deepEqual(sampled.apiOutages, [{ from: 2_000, to: 5_000 }]);
    assert.equal(sampled.unread, 0);
  });

  it('keeps an outage open when the API is still down at the end', async () => {
    const { clock, cluster } = setUp();
    const sampler = sampleAvailability(cluster, clock, 1_000);
    await clock.sleep(1_500);
    cluster.apiDown = true;
    await clock.sleep(2_000);
    assert.deepEqual((await sampler.stop()).apiOutages, [{ from: 2_000 }]);
  });

  it('counts a sample whose lists fail while /readyz answers as unread, and goes on sampling', async () => {
    const { clock, cluster } = setUp();
    cluster.failNext('listPdbs', () => new ClusterApiError('failed to list poddisruptionbudgets: forbidden', 403), { times: 2 });
    const sampler = sampleAvailability(cluster, clock, 1_000);
    await clock.sleep(3_500);
    const sampled = await sampler.stop();
    assert.equal(sampled.unread, 2);
    assert.deepEqual(sampled.apiOutages, []);
    assert.deepEqual(sampled.series.find((s) => s.name === 'web')?.points.map((p) => p.at), [2_000]);
  });

  it('stops asking the cluster once stopped, and stopping twice is harmless', async () => {
    const { clock, cluster } = setUp();
    const { api, calls } = counting(cluster);
    const sampler = sampleAvailability(api, clock, 1_000);
    await clock.sleep(4_500);
    const first = await sampler.stop();
    const asked = [...calls.values()].reduce((a, b) => a + b, 0);
    assert.equal(calls.get('isApiReady'), 5, 'one probe at 0 and one a second after');
    await clock.sleep(60_000);
    assert.equal([...calls.values()].reduce((a, b) => a + b, 0), asked, 'no call after stop');
    assert.deepEqual(await sampler.stop(), first);
  });

  it('waits for a sample under way before it gives the series', async () => {
    const { clock, cluster } = setUp();
    let release: () => void = () => {};
    const slow = new Proxy(cluster as ClusterApi, {
      get(target, property) {
        if (property === 'listPdbs') return () => new Promise((resolve) => (release = () => resolve(target.listPdbs())));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const sampler = sampleAvailability(slow, clock, 1_000);
    await Promise.resolve();
    const stopping = sampler.stop();
    let done = false;
    void stopping.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, false, 'stop waits for the sample under way');
    release();
    assert.equal((await stopping).series.find((s) => s.name === 'web')?.points.length, 1);
  });

  it('counts a DaemonSet against the nodes it should run on, and a pod that is not Ready as missing', async () => {
    const { clock } = setUp();
    // The control-plane node is tainted: the DaemonSet runs on the two workers.
    const snapshot = aCluster().withWorkers('v1.34.2', 2).withWorkload({ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter' }).build();
    const cluster = new MemoryCluster(snapshot, clock);
    const sampler = sampleAvailability(cluster, clock, 1_000);
    await clock.sleep(1_500);
    const pod = [...cluster.pods.values()].find((p) => p.owner?.name === 'node-exporter');
    assert.ok(pod);
    cluster.updatePod({ ...pod, ready: false });
    await clock.sleep(1_000);
    const exporter = (await sampler.stop()).series.find((s) => s.name === 'node-exporter');
    assert.deepEqual(exporter && [exporter.kind, exporter.pdb, numbers(exporter.points)], ['DaemonSet', undefined, [[2, 2, undefined], [1, 2, undefined]]]);
  });
});
