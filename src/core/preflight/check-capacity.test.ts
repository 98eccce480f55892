import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { planUpgrade, type WorkerStrategy } from '../planning/index.js';
import { parseVersion } from '../version/index.js';
import { checkCapacity } from './check-capacity.js';

/** Three 4-core workers, each running one 3-core replica of `big`: no worker has room for another. */
const tight = () =>
  aCluster()
    .withWorkers('v1.32.9', 3)
    .withWorkload({ kind: 'Deployment', name: 'big', replicas: 3, requests: { cpu: 3, memory: '1Gi' } })
    .withPdb({ name: 'big', selector: { matchLabels: { app: 'big' } }, maxUnavailable: 1 })
    .build();

const planFor = (cluster: ReturnType<typeof tight>, strategy: WorkerStrategy) =>
  planUpgrade(cluster, { target: parseVersion('1.33.13'), strategy, workersEveryHop: false, latestPatch });

const pending = (node: string, batch: number) =>
  `draining ${node} (v1.33/workers/batch-${batch}) leaves 1 pod Pending until it is back: 1 of Deployment default/big (no room on the other schedulable nodes) — add capacity, lower the requests, or drain fewer nodes at once`;

describe('checkCapacity', () => {
  const cases: { name: string; strategy: WorkerStrategy; join?: boolean; findings: { severity: string; subject: string; message: string }[] }[] = [
    {
      name: 'names every node whose drain leaves a pod with nowhere to go',
      strategy: { kind: 'rolling', maxUnavailable: 1 },
      findings: [
        { severity: 'overridable', subject: 'drain of worker-1', message: pending('worker-1', 1) },
        { severity: 'overridable', subject: 'drain of worker-2', message: pending('worker-2', 2) },
        { severity: 'overridable', subject: 'drain of worker-3', message: pending('worker-3', 3) },
      ],
    },
    {
      name: 'keeps workers whose pods share a budget allowing one eviction out of one batch, even when two may go',
      strategy: { kind: 'rolling', maxUnavailable: 2 },
      findings: [
        { severity: 'overridable', subject: 'drain of worker-1', message: pending('worker-1', 1) },
        { severity: 'overridable', subject: 'drain of worker-2', message: pending('worker-2', 2) },
        { severity: 'overridable', subject: 'drain of worker-3', message: pending('worker-3', 3) },
      ],
    },
    {
      name: 'blocks a batch whose budget then refuses the evictions it still needs (a plan file joining two workers)',
      strategy: { kind: 'rolling', maxUnavailable: 1 },
      join: true,
      findings: [
        {
          severity: 'blocking',
          subject: 'drain of worker-1, worker-2',
          message: 'draining worker-1, worker-2 together (v1.33/workers/batch-1) leaves 2 pods Pending until they are back: 2 of Deployment default/big (no room on the other schedulable nodes); PodDisruptionBudget default/big (allows 1 now) then refuses the remaining evictions, so the drain never finishes — add capacity, lower the requests, or drain fewer nodes at once',
        },
        { severity: 'overridable', subject: 'drain of worker-3', message: pending('worker-3', 3) },
      ],
    },
    { name: 'counts the node a surge adds before the drain', strategy: { kind: 'surge', maxSurge: 1 }, findings: [] },
    {
      name: 'only mentions the pods all-at-once leaves Pending, since it accepts the downtime',
      strategy: { kind: 'all-at-once' },
      findings: [
        {
          severity: 'info',
          subject: 'drain of worker-1, worker-2, worker-3',
          message: 'draining worker-1, worker-2, worker-3 together (v1.33/workers/batch-1) leaves 3 pods Pending until they are back: 3 of Deployment default/big (no other schedulable node matches its nodeSelector and tolerations) — the all-at-once strategy accepts this downtime',
        },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cluster = tight();
      const plan = planFor(cluster, c.strategy);
      // As an edited plan file may: worker-2's batch merged into worker-1's.
      const joined = { ...plan, steps: plan.steps.map((s) => (s.batch === 'v1.33/workers/batch-2' ? { ...s, batch: 'v1.33/workers/batch-1' } : s)) };
      const findings = checkCapacity(cluster, c.join ? joined : plan);
      assert.deepEqual(findings.map((f) => f.code), c.findings.map(() => 'DRAIN_LEAVES_PODS_PENDING'));
      assert.deepEqual(findings.map((f) => ({ severity: f.severity, subject: f.subject, message: f.message })), c.findings);
    });
  }

  it('finds room when the other nodes have it', () => {
    const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'Deployment', name: 'small', replicas: 3, requests: { cpu: 1 } }).build();
    assert.deepEqual(checkCapacity(cluster, planFor(cluster, { kind: 'rolling', maxUnavailable: 1 })), []);
  });

  it('counts pods against the pod limit of a node, and leaves cordoned nodes out', () => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 3)
      .withNode('worker-3', { cordoned: true })
      .withAllocatable({ pods: 2 })
      .withWorkload({ kind: 'Deployment', name: 'tiny', replicas: 1 })
      .withPod({ name: 'tiny-1', node: 'worker-1', owner: { kind: 'Deployment', name: 'tiny' } })
      .build();
    // worker-2 already runs kube-proxy and a coredns replica: two pods, its limit.
    const [finding] = checkCapacity(cluster, planFor(cluster, { kind: 'rolling', maxUnavailable: 1 })).filter((f) => f.subject === 'drain of worker-1');
    assert.equal(finding?.message, 'draining worker-1 (v1.33/workers/batch-1) leaves 1 pod Pending until it is back: 1 of Deployment default/tiny (no room on the other schedulable nodes) — add capacity, lower the requests, or drain fewer nodes at once');
  });
});
