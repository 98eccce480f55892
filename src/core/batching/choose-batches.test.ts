import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { ClusterSnapshot, PodSnapshot } from '../cluster/index.js';
import type { WorkloadEntry } from '../cluster-file/index.js';
import { classifyPods, hasScale, pdbBudget, pdbSelects } from '../drain/index.js';
import { chooseBatches, DEFAULT_WORKLOAD_UNAVAILABLE, keepsLimits, type BatchLimits } from './choose-batches.js';
import { batchModel, DrainForecast } from './drain-forecast.js';
import { placeEvictedPods, roomIndex } from './place-evicted-pods.js';

const LIMITS: BatchLimits = { maxNodes: 100, maxWorkloadUnavailable: DEFAULT_WORKLOAD_UNAVAILABLE, capacity: true };

const workers = (cluster: ClusterSnapshot) => cluster.nodes.filter((n) => n.role === 'worker').map((n) => n.name);

/** Why a batch breaks a limit, judged from scratch on the cluster (not through the chooser's tallies). */
function violations(cluster: ClusterSnapshot, batch: readonly string[], limits: BatchLimits): string[] {
  if (batch.length <= 1) return [];
  const problems: string[] = [];
  if (batch.length > limits.maxNodes) problems.push(`${batch.length} nodes`);
  const onBatch = cluster.pods.filter((p) => p.node !== undefined && batch.includes(p.node) && !p.deleting);
  const evicted = classifyPods(onBatch, { deleteEmptyDirData: true, force: true, ignoreDaemonSets: true }).pods.filter((d) => d.disposition === 'evict').map((d) => d.pod);
  for (const pdb of cluster.pdbs) {
    const asked = evicted.filter((p) => pdbSelects(pdb, p)).length;
    const allowed = pdbBudget(pdb, cluster.pods, cluster.workloads).disruptionsAllowed;
    if (asked > allowed) problems.push(`budget ${pdb.name}: ${asked} > ${allowed}`);
  }
  for (const w of cluster.workloads.filter((w) => hasScale(w.kind))) {
    const pods = evicted.filter((p) => p.owner?.kind === w.kind && p.owner.name === w.name && p.namespace === w.namespace && !cluster.pdbs.some((pdb) => pdbSelects(pdb, p)));
    const bound = Math.max(1, Math.floor(w.replicas * limits.maxWorkloadUnavailable));
    if (pods.length > bound) problems.push(`workload ${w.name}: ${pods.length} > ${bound}`);
  }
  if (limits.capacity) {
    const byNode = new Map<string, PodSnapshot[]>();
    for (const p of cluster.pods) if (p.node !== undefined) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
    const movers = evicted.filter((p) => p.owner !== undefined && p.owner.kind !== 'Node');
    const { unplaced } = placeEvictedPods(roomIndex(cluster, byNode), new Set(batch), movers);
    if (unplaced.length > 0) problems.push(`${unplaced.length} pods without room`);
  }
  return problems;
}

/** The cluster with the pods the forecast has moved on their new nodes. */
function movedBy(cluster: ClusterSnapshot, moved: ReadonlyMap<string, string>): ClusterSnapshot {
  return { ...cluster, pods: cluster.pods.map((p) => (moved.has(p.uid) ? { ...p, node: moved.get(p.uid) } : p)) };
}

/** A small deterministic generator, so a failing case can be replayed by its seed. */
function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 4294967296) * n);
  };
}

function randomCluster(seed: number): ClusterSnapshot {
  const rnd = lcg(seed);
  const count = 3 + rnd(10);
  const builder = aCluster().withName(`random-${seed}`).withWorkers('v1.32.9', count);
  for (let i = 1; i <= count; i++) {
    const cpu = 2 + rnd(6);
    builder.withNode(`worker-${i}`, {
      allocatable: { cpu: String(cpu), memory: `${4 + rnd(12)}Gi`, pods: 110 },
      labels: { zone: `z${rnd(2)}` },
      ...(rnd(5) === 0 ? { taints: [{ key: 'gpu', effect: 'NoSchedule' as const }] } : {}),
    });
  }
  const workloads = 1 + rnd(6);
  for (let w = 0; w < workloads; w++) {
    const name = `app-${w}`;
    const entry: WorkloadEntry = {
      kind: (['Deployment', 'Deployment', 'StatefulSet', 'DaemonSet'] as const)[rnd(4)] ?? 'Deployment',
      name,
      replicas: 1 + rnd(2 * count),
      requests: { cpu: `${100 + 100 * rnd(8)}m`, memory: `${128 * (1 + rnd(8))}Mi` },
      ...(rnd(4) === 0 ? { nodeSelector: { zone: 'z0' } } : {}),
      ...(rnd(4) === 0 ? { tolerations: [{ key: 'gpu', operator: 'Exists' as const }] } : {}),
    };
    builder.withWorkload(entry);
    const budget = rnd(4);
    if (budget === 1) builder.withPdb({ name, selector: { matchLabels: { app: name } }, maxUnavailable: 1 + rnd(2) });
    if (budget === 2) builder.withPdb({ name, selector: { matchLabels: { app: name } }, minAvailable: `${50 + 10 * rnd(5)}%` });
  }
  return builder.build();
}

describe('chooseBatches', () => {
  it('keeps every batch of random clusters within every budget, the workload bound and the room left', () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      let cluster: ClusterSnapshot;
      try {
        cluster = randomCluster(seed);
      } catch {
        continue; // the generator asked for pods the nodes cannot hold: not a cluster
      }
      const nodes = workers(cluster);
      for (const maxNodes of [2, 100]) {
        const limits = { ...LIMITS, maxNodes };
        const batches = chooseBatches(cluster, nodes, limits);
        assert.deepEqual(batches.flat().sort(), [...nodes].sort(), `seed ${seed}: every node once`);
        assert.ok(batches.every((b) => b.length > 0), `seed ${seed}: no empty batch`);
        // Each batch is judged where the pods are forecast to run when it is cordoned.
        const forecast = new DrainForecast(batchModel(cluster, limits.maxWorkloadUnavailable));
        for (const batch of batches) {
          assert.deepEqual(violations(movedBy(cluster, forecast.moved), batch, limits), [], `seed ${seed}, batch ${batch.join(' ')}`);
          forecast.drain(batch);
        }
      }
      checked += 1;
    }
    assert.ok(checked >= 100, `only ${checked} random clusters were valid`);
  });

  const web = (replicas: number) => ({ kind: 'Deployment', name: 'web', replicas } as const);
  const cases: { name: string; cluster: () => ClusterSnapshot; limits?: Partial<BatchLimits>; want: string[][] }[] = [
    {
      name: 'takes workers whose pods no budget or bound holds back all at once',
      cluster: () => aCluster().withWorkers('v1.32.9', 4).build(),
      want: [['worker-1', 'worker-2', 'worker-3', 'worker-4']],
    },
    {
      name: 'keeps two workers holding pods of a budget that allows one eviction apart',
      cluster: () => aCluster().withWorkers('v1.32.9', 3).withWorkload(web(3)).withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 }).build(),
      want: [['worker-1'], ['worker-2'], ['worker-3']],
    },
    {
      name: 'lets a budget that allows two evictions take two workers at once',
      cluster: () => aCluster().withWorkers('v1.32.9', 4).withWorkload(web(4)).withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 2 }).build(),
      want: [['worker-1', 'worker-2'], ['worker-3', 'worker-4']],
    },
    {
      name: 'bounds a workload without a budget to a quarter of its replicas, at least one',
      cluster: () => aCluster().withWorkers('v1.32.9', 8).withWorkload(web(8)).build(),
      want: [['worker-1', 'worker-2'], ['worker-3', 'worker-4'], ['worker-5', 'worker-6'], ['worker-7', 'worker-8']],
    },
    {
      name: 'follows a higher --max-workload-unavailable',
      cluster: () => aCluster().withWorkers('v1.32.9', 8).withWorkload(web(8)).build(),
      limits: { maxWorkloadUnavailable: 0.5 },
      want: [['worker-1', 'worker-2', 'worker-3', 'worker-4'], ['worker-5', 'worker-6', 'worker-7', 'worker-8']],
    },
    {
      name: 'stops at the batch size limit',
      cluster: () => aCluster().withWorkers('v1.32.9', 5).build(),
      limits: { maxNodes: 2 },
      want: [['worker-1', 'worker-2'], ['worker-3', 'worker-4'], ['worker-5']],
    },
    {
      name: 'leaves room for the evicted pods on the workers still schedulable',
      cluster: () =>
        aCluster()
          .withWorkers('v1.32.9', 4)
          .withNode('worker-1', { allocatable: { cpu: '2', memory: '4Gi', pods: 110 } })
          .withNode('worker-2', { allocatable: { cpu: '2', memory: '4Gi', pods: 110 } })
          .withNode('worker-3', { allocatable: { cpu: '2', memory: '4Gi', pods: 110 } })
          .withNode('worker-4', { allocatable: { cpu: '2', memory: '4Gi', pods: 110 } })
          .withWorkload({ kind: 'Deployment', name: 'big', replicas: 4, requests: { cpu: '1200m' } })
          .withWorkload({ kind: 'Deployment', name: 'small', replicas: 4, requests: { cpu: '100m' } })
          .build(),
      limits: { maxWorkloadUnavailable: 1 },
      want: [['worker-1'], ['worker-2'], ['worker-3'], ['worker-4']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cluster = c.cluster();
      assert.deepEqual(chooseBatches(cluster, workers(cluster), { ...LIMITS, ...c.limits }), c.want);
    });
  }
});

describe('keepsLimits', () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).withWorkload({ kind: 'Deployment', name: 'web', replicas: 4 }).withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 }).build();
  const cases = [
    { name: 'judges a lone node too: two pods of a budget that allows one eviction break it', nodes: [cluster.pods.find((p) => p.owner?.name === 'web')?.node ?? ''], want: false },
    { name: 'holds for nodes that ask no budget for more than it allows', nodes: [] as string[], want: true },
  ];
  for (const c of cases) it(c.name, () => assert.equal(keepsLimits(cluster, c.nodes, LIMITS), c.want));
});
