import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { simulateUpgrade } from '../app/simulate-upgrade.js';
import type { PodEntry } from '../core/cluster-file/index.js';
import { DEFAULT_WORKLOAD_UNAVAILABLE } from '../core/batching/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import { replicasReady } from './wait-until-settled.js';
import { fewestParts } from './split-batch.js';

// The plan chooses batches on the cluster as observed; the engine judges each batch again just
// before its cordon. Here the plan is made while web's two pods run on worker-1 and worker-2, and
// carried out on the same cluster where they have moved to worker-3 and worker-4.

const webPod = (name: string, node: string): PodEntry => ({ name, node, owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } });

const withWebOn = (a: string, b: string) =>
  aCluster()
    .withWorkers('v1.32.9', 4)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
    .withPod(webPod('web-a', a))
    .withPod(webPod('web-b', b))
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 })
    .build();

const cordonedTogether = (events: Awaited<ReturnType<typeof simulateUpgrade>>['events']) => {
  const groups: string[][] = [];
  let at = -1;
  for (const e of events) {
    if (e.kind !== 'node-cordoned' || !e.node.startsWith('worker')) continue;
    if (e.at !== at) groups.push([]);
    groups[groups.length - 1]?.push(e.node);
    at = e.at;
  }
  return groups;
};

describe('batches judged again before their cordon', () => {
  const planned = withWebOn('worker-1', 'worker-2');
  const plan = planUpgrade(planned, { target: parseVersion('1.33.13'), strategy: { kind: 'rolling', maxUnavailable: 4 }, workersEveryHop: false, latestPatch });

  it('plans the workers of one budget apart', () => {
    const batches = new Map<string, Set<string>>();
    for (const s of plan.steps) if (s.action === 'drain' && s.phase === 'workers' && s.batch) batches.set(s.batch, (batches.get(s.batch) ?? new Set()).add(s.node));
    assert.deepEqual([...batches.values()].map((b) => [...b]), [['worker-1', 'worker-3', 'worker-4'], ['worker-2']]);
  });

  it('drains a batch in parts when its pods have moved so it would ask a budget for more than it allows', async () => {
    const report = await simulateUpgrade({ cluster: withWebOn('worker-3', 'worker-4'), plan, seed: 1 });
    assert.equal(report.status, 'completed', report.error);
    const split = report.events.filter((e) => e.kind === 'batch-split');
    assert.deepEqual(split.map((e) => (e.kind === 'batch-split' ? e.parts : [])), [[['worker-1', 'worker-3'], ['worker-4']]]);
    assert.deepEqual(cordonedTogether(report.events), [['worker-1', 'worker-3'], ['worker-4'], ['worker-2']]);
    // No part asks the budget for more than it allows. (The parts are down together, as planned:
    // both web pods then run on worker-2, the next batch, whose lone drain waits for the budget.)
    assert.deepEqual(report.events.filter((e) => e.kind === 'eviction-blocked' && e.node !== 'worker-2'), []);
    assert.deepEqual(report.pdbViolations, []);
  });

  it('cordons the next part once the part before is drained and its pods run again, while that part is still being upgraded', async () => {
    const report = await simulateUpgrade({ cluster: withWebOn('worker-3', 'worker-4'), plan, seed: 1 });
    const at = (kind: string, node: string) => report.events.find((e) => e.kind === kind && 'node' in e && e.node === node)?.at ?? NaN;
    const drained = report.events.find((e) => e.kind === 'step-finished' && e.step.node === 'worker-3' && e.step.action === 'drain')?.at ?? NaN;
    assert.ok(at('node-cordoned', 'worker-4') > drained, 'worker-4 waits for worker-3 to be drained');
    assert.ok(at('node-cordoned', 'worker-4') < at('node-uncordoned', 'worker-3'), 'worker-4 is drained while worker-3 is still down');
  });

  it('keeps a batch whole when nothing has moved', async () => {
    const report = await simulateUpgrade({ cluster: planned, plan, seed: 1 });
    assert.equal(report.status, 'completed', report.error);
    assert.deepEqual(report.events.filter((e) => e.kind === 'batch-split'), []);
    assert.deepEqual(cordonedTogether(report.events), [['worker-1', 'worker-3', 'worker-4'], ['worker-2']]);
  });
});

describe('parts of a split batch and a workload without a budget', () => {
  // api has two replicas and no budget: at most one pod may be down at once. The plan is made
  // while they run on worker-1 and worker-2, the run finds them on worker-3 and worker-4.
  const apiPod = (name: string, node: string): PodEntry => ({ name, node, owner: { kind: 'Deployment', name: 'api' }, labels: { app: 'api' } });
  const withApiOn = (a: string, b: string) =>
    aCluster().withWorkers('v1.32.9', 6).withWorkload({ kind: 'Deployment', name: 'api', replicas: 2 }).withPod(apiPod('api-a', a)).withPod(apiPod('api-b', b)).build();
  const plan = planUpgrade(withApiOn('worker-1', 'worker-2'), { target: parseVersion('1.33.13'), strategy: { kind: 'rolling', maxUnavailable: 4 }, workersEveryHop: false, latestPatch });

  it('drains the next part only once the pod evicted by the part before runs Ready again', async () => {
    const report = await simulateUpgrade({ cluster: withApiOn('worker-3', 'worker-4'), plan, seed: 1 });
    assert.equal(report.status, 'completed', report.error);
    // Both batches are split: [worker-1, worker-3, worker-5] then [worker-4]; [worker-2] then [worker-6].
    assert.deepEqual(report.events.flatMap((e) => (e.kind === 'batch-split' ? [e.parts.length] : [])), [2, 2]);
    assert.equal(report.workloads.find((w) => w.name === 'api')?.lowestAvailable, 1);
  });
});

describe('a batch split at run time', () => {
  // Budgets allowing one eviction each, over pairs of workers: 1-4, 2-3, 3-4. Taken in order,
  // 1 and 2 go first, 3 and 4 each conflict with one of them and with each other: three parts;
  // 2 with 4 and 1 with 3 make two.
  const pair = (name: string, a: string, b: string) => (builder: ReturnType<typeof aCluster>) =>
    builder
      .withWorkload({ kind: 'Deployment', name, replicas: 2 })
      .withPod({ name: `${name}-a`, node: a, owner: { kind: 'Deployment', name }, labels: { app: name } })
      .withPod({ name: `${name}-b`, node: b, owner: { kind: 'Deployment', name }, labels: { app: name } })
      .withPdb({ name, selector: { matchLabels: { app: name } }, maxUnavailable: 1 });
  const cluster = [pair('a', 'worker-1', 'worker-4'), pair('b', 'worker-2', 'worker-3'), pair('c', 'worker-3', 'worker-4')].reduce((b, add) => add(b), aCluster().withWorkers('v1.32.9', 4)).build();
  const limits = { maxNodes: 4, maxWorkloadUnavailable: DEFAULT_WORKLOAD_UNAVAILABLE, capacity: false };

  it('is drained in as few parts as its limits allow, not in as many as the planned order gives', () => {
    assert.deepEqual(fewestParts(cluster, ['worker-1', 'worker-2', 'worker-3', 'worker-4'], limits), [['worker-4', 'worker-2'], ['worker-3', 'worker-1']]);
  });

  it('keeps the planned order when it needs no more parts than another', () => {
    assert.deepEqual(fewestParts(cluster, ['worker-1', 'worker-3', 'worker-2', 'worker-4'], limits), [['worker-1', 'worker-3'], ['worker-2', 'worker-4']]);
  });
});

describe('replicasReady', () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 }).withPod(webPod('web-a', 'worker-1')).withPod(webPod('web-b', 'worker-2')).build();
  const unready = { ...cluster, pods: cluster.pods.map((p) => (p.name === 'web-b' ? { ...p, ready: false } : p)) };
  // As a live cluster reports a DaemonSet (desiredNumberScheduled), with one of its pods restarting elsewhere.
  const daemons = cluster.pods.filter((p) => p.owner?.kind === 'DaemonSet').length;
  const daemonUnready = {
    ...cluster,
    workloads: cluster.workloads.map((w) => (w.kind === 'DaemonSet' ? { ...w, replicas: daemons } : w)),
    pods: cluster.pods.map((p) => (p.owner?.kind === 'DaemonSet' && p.node === 'worker-2' ? { ...p, ready: false } : p)),
  };
  const cases = [
    { name: 'holds when every workload on the nodes runs all its replicas Ready', cluster, want: true },
    { name: 'does not hold while a replica of a workload on the nodes is not Ready', cluster: unready, want: false },
    { name: 'leaves DaemonSets out: drains do not evict their pods', cluster: daemonUnready, want: true },
  ];
  it('has DaemonSet pods to judge', () => assert.ok(daemons > 0));
  for (const c of cases) it(c.name, () => assert.equal(replicasReady(c.cluster, ['worker-1']), c.want));
});
