import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { createMemoryPorts, type MemoryCluster } from '../adapters/memory/index.js';
import { batchLimitsOf } from '../core/batching/index.js';
import type { PodEntry } from '../core/cluster-file/index.js';
import type { ClusterApi, WorkloadReadiness } from '../ports/index.js';
import { mayBeReady, SETTLE_RECHECK_MS, waitUntilSettled } from './wait-until-settled.js';

// A part waits on worker-1 while web's other pod, evicted by the part before, runs again on
// worker-2. Every look at the cluster is noted with its second on the clock: a full read
// ('full') or the controllers' status ('status').

const pod = (name: string, node: string, owner: string, more: Partial<PodEntry> = {}): PodEntry => ({ name, node, owner: { kind: 'Deployment', name: owner }, labels: { app: owner }, ...more });

const base = (webBReady = false) =>
  aCluster()
    .withWorkers('v1.32.9', 3)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
    .withPod(pod('web-a', 'worker-1', 'web'))
    .withPod(pod('web-b', 'worker-2', 'web', { ready: webBReady }));

interface Scenario {
  readonly cluster: MemoryCluster;
  /** Things that happen to the cluster, at seconds after the wait starts. */
  readonly at: (seconds: number, change: () => void) => void;
}

interface Case {
  readonly name: string;
  readonly build?: ReturnType<typeof base>;
  readonly arrange: (s: Scenario) => void;
  /** What the controllers' status says instead of the cluster's own numbers (a status that lags). */
  readonly status?: (real: WorkloadReadiness[]) => WorkloadReadiness[];
  /** The part before finishes at this second. */
  readonly beforeDoneAt?: number;
  readonly withLimits?: boolean;
  readonly endsAt: number;
  readonly fullReads: number;
  /** The look the wait ended on. */
  readonly lastLook: string;
}

const readyAt = (seconds: number, name: string) => (s: Scenario) =>
  s.at(seconds, () => {
    const p = [...s.cluster.pods.values()].find((q) => q.name === name);
    if (p) s.cluster.updatePod({ ...p, ready: true });
  });

async function run(c: Case): Promise<{ endedAt: number; looks: string[] }> {
  const m = createMemoryPorts((c.build ?? base()).build());
  const { cluster, clock } = m;
  const start = clock.now();
  const second = () => (clock.now() - start) / 1000;
  const looks: string[] = [];
  const api: ClusterApi = new Proxy(cluster, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'readSnapshot') {
        return () => {
          looks.push(`full ${second()}`);
          return target.readSnapshot();
        };
      }
      if (prop === 'listWorkloadReadiness') {
        return async () => {
          looks.push(`status ${second()}`);
          const real = await target.listWorkloadReadiness();
          return c.status ? c.status(real) : real;
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  c.arrange({ cluster, at: (seconds, change) => void clock.schedule(seconds * 1000, change) });
  const before = { done: false, promise: new Promise<void>(() => undefined) };
  if (c.beforeDoneAt !== undefined) {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((res) => (resolve = res));
    Object.assign(before, { promise });
    clock.schedule(c.beforeDoneAt * 1000, () => {
      before.done = true;
      resolve();
    });
  }
  const limits = c.withLimits ? batchLimitsOf({ kind: 'rolling', maxUnavailable: 'auto' }, 1) : undefined;
  await waitUntilSettled({ api, clock }, ['worker-1'], limits, before);
  return { endedAt: second(), looks };
}

const fullReadsEvery2s = (endedAt: number) => 1 + endedAt / (SETTLE_RECHECK_MS / 1000);

describe('a part waiting for the cluster to settle', () => {
  const cases: Case[] = [
    { name: 'takes one full read and goes at once when the cluster has settled already', build: base(true), arrange: () => undefined, endsAt: 0, fullReads: 1, lastLook: 'full 0' },
    { name: 'reads only the controllers\' status while the pod runs again, then confirms with a full read', arrange: readyAt(9, 'web-b'), endsAt: 10, fullReads: 2, lastLook: 'full 10' },
    { name: 'takes a full read every 30 s however long the status says the pod is not Ready', arrange: readyAt(45, 'web-b'), endsAt: 46, fullReads: 3, lastLook: 'full 46' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { endedAt, looks } = await run(c);
      assert.equal(endedAt, c.endsAt);
      assert.equal(looks.filter((l) => l.startsWith('full')).length, c.fullReads, looks.join(', '));
      assert.equal(looks.at(-1), c.lastLook);
      assert.ok(c.fullReads <= fullReadsEvery2s(endedAt));
    });
  }

  it('reads the whole cluster fewer times than once every 2 s while a pod runs again', async () => {
    const { endedAt, looks } = await run({ name: '', arrange: readyAt(19, 'web-b'), endsAt: 20, fullReads: 2, lastLook: 'full 20' });
    assert.deepEqual(looks, ['full 0', ...[2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((s) => `status ${s}`), 'full 20']);
    assert.equal(fullReadsEvery2s(endedAt), 11);
  });
});

describe('a part is cordoned only on a full read that holds', () => {
  const lagging = (real: WorkloadReadiness[]) => real.map((r) => ({ ...r, ready: r.desired }));
  const cases: Case[] = [
    {
      name: 'a controller\'s status that still counts the pod being replaced lets the part go only once the pods say so',
      arrange: readyAt(9, 'web-b'),
      status: lagging,
      endsAt: 10,
      fullReads: 6,
      lastLook: 'full 10',
    },
    {
      name: 'a pod of another workload that lands on the part\'s node while it waits holds it back until Ready',
      // api's other pod, evicted by the part before, waits to be scheduled; it lands on worker-1.
      build: base()
        .withWorkload({ kind: 'Deployment', name: 'api', replicas: 2 })
        .withPod(pod('api-y', 'worker-3', 'api'))
        .withPod({ name: 'api-x', owner: { kind: 'Deployment', name: 'api' }, labels: { app: 'api' }, phase: 'Pending', ready: false }),
      arrange: (s) => {
        readyAt(9, 'web-b')(s);
        s.at(5, () => {
          const p = s.cluster.pods.get('default/api-x');
          if (p) s.cluster.updatePod({ ...p, node: 'worker-1', phase: 'Running' });
        });
        readyAt(19, 'api-x')(s);
      },
      endsAt: 20,
      fullReads: 3,
      lastLook: 'full 20',
    },
    {
      name: 'a budget the part would break holds it back although its workloads run all their replicas Ready',
      build: aCluster()
        .withWorkers('v1.32.9', 3)
        .withWorkload({ kind: 'Deployment', name: 'db', replicas: 1 })
        .withWorkload({ kind: 'Deployment', name: 'other', replicas: 1 })
        .withPod(pod('db-a', 'worker-1', 'db', { labels: { tier: 'back' } }))
        .withPod(pod('other-b', 'worker-2', 'other', { labels: { tier: 'back' }, ready: false }))
        .withPdb({ name: 'back', selector: { matchLabels: { tier: 'back' } }, maxUnavailable: 1 }),
      arrange: readyAt(9, 'other-b'),
      withLimits: true,
      endsAt: 10,
      fullReads: 6,
      lastLook: 'full 10',
    },
    {
      name: 'a workload deleted while the part waits holds it back no more',
      arrange: (s) => s.at(5, () => s.cluster.workloads.splice(s.cluster.workloads.findIndex((w) => w.name === 'web'), 1)),
      endsAt: 6,
      fullReads: 2,
      lastLook: 'full 6',
    },
    {
      name: 'the part before finishing ends the wait without another read, as a batch waits for the one before',
      arrange: () => undefined,
      beforeDoneAt: 7,
      endsAt: 7,
      fullReads: 1,
      lastLook: 'status 6',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { endedAt, looks } = await run(c);
      assert.equal(endedAt, c.endsAt, looks.join(', '));
      assert.equal(looks.filter((l) => l.startsWith('full')).length, c.fullReads, looks.join(', '));
      assert.equal(looks.at(-1), c.lastLook);
    });
  }
});

describe('mayBeReady', () => {
  const status = (kind: WorkloadReadiness['kind'], name: string, ready: number, desired = 2): WorkloadReadiness => ({ kind, namespace: 'default', name, labels: {}, desired, ready });
  const web = { namespace: 'default', kind: 'Deployment', name: 'web' } as const;
  const cases = [
    { name: 'holds when the status says every replica is Ready', readiness: [status('Deployment', 'web', 2)], carried: [web], want: true },
    { name: 'does not hold while the status says a replica is not Ready', readiness: [status('Deployment', 'web', 1)], carried: [web], want: false },
    { name: 'does not hold for a StatefulSet short of a replica', readiness: [status('StatefulSet', 'db', 1)], carried: [{ namespace: 'default', kind: 'StatefulSet', name: 'db' } as const], want: false },
    { name: 'holds for a workload no longer listed: it was deleted', readiness: [], carried: [web], want: true },
    { name: 'holds for a ReplicaSet of its own, which only a full read can judge', readiness: [], carried: [{ namespace: 'default', kind: 'ReplicaSet', name: 'rs' } as const], want: true },
    { name: 'tells workloads of the same name in other namespaces apart', readiness: [status('Deployment', 'web', 2), { ...status('Deployment', 'web', 0), namespace: 'shop' }], carried: [{ ...web, namespace: 'shop' }], want: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(mayBeReady(c.readiness, c.carried), c.want));
});
