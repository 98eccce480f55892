import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { PdbEntry } from '../cluster-file/index.js';
import { checkDrainBlockers } from './check-drain-blockers.js';

/** One control-plane node and three workers; `web` runs one replica on each worker. */
const withWeb = (pdb: Omit<PdbEntry, 'name' | 'selector'>, replicas = 3) =>
  aCluster()
    .withWorkers('v1.32.9', 3)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, ...pdb });

const codesAndMessages = (findings: readonly { code: string; severity: string; subject: string; message: string }[]) => findings.map((f) => ({ code: f.code, severity: f.severity, subject: f.subject, message: f.message }));

describe('checkDrainBlockers', () => {
  const budgets: { name: string; pdb: Omit<PdbEntry, 'name' | 'selector'>; replicas?: number; message: string }[] = [
    { name: 'finds a minAvailable equal to the replicas', pdb: { minAvailable: 3 }, message: 'PodDisruptionBudget default/web (minAvailable 3) never allows an eviction: it wants 3 of its 3 pods healthy, so draining worker-1, worker-2, worker-3 waits forever — lower minAvailable to 2 or less, or run more than 3 replicas' },
    { name: 'finds a maxUnavailable of zero', pdb: { maxUnavailable: 0 }, message: 'PodDisruptionBudget default/web (maxUnavailable 0) never allows an eviction: it wants 3 of its 3 pods healthy, so draining worker-1, worker-2, worker-3 waits forever — set maxUnavailable to 1 or more' },
    { name: 'finds a maxUnavailable of zero percent', pdb: { maxUnavailable: '0%' }, message: 'PodDisruptionBudget default/web (maxUnavailable 0%) never allows an eviction: it wants 3 of its 3 pods healthy, so draining worker-1, worker-2, worker-3 waits forever — set maxUnavailable to 1 or more' },
    { name: 'finds a minAvailable percentage that rounds up to every replica', pdb: { minAvailable: '90%' }, replicas: 5, message: 'PodDisruptionBudget default/web (minAvailable 90%) never allows an eviction: it wants 5 of its 5 pods healthy, so draining worker-1, worker-2, worker-3 waits forever — lower minAvailable to 80% or less, or run more replicas' },
  ];
  for (const c of budgets) {
    it(c.name, () => {
      assert.deepEqual(codesAndMessages(checkDrainBlockers(withWeb(c.pdb, c.replicas).build())), [
        { code: 'PDB_NEVER_ALLOWS_EVICTION', severity: 'blocking', subject: 'PodDisruptionBudget default/web', message: c.message },
      ]);
    });
  }

  it('finds a maxUnavailable over the pods of a Job, which the eviction API refuses', () => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 2)
      .withWorkload({ kind: 'Job', name: 'report', replicas: 2 })
      .withPdb({ name: 'report', selector: { matchLabels: { app: 'report' } }, maxUnavailable: 1 })
      .build();
    assert.deepEqual(codesAndMessages(checkDrainBlockers(cluster)), [
      { code: 'PDB_NEVER_ALLOWS_EVICTION', severity: 'blocking', subject: 'PodDisruptionBudget default/report', message: 'PodDisruptionBudget default/report (maxUnavailable 1) never allows an eviction: it allows no disruption, so draining worker-1, worker-2 waits forever — its pods (Job) have no controller with a scale, so the disruption controller cannot count the pods maxUnavailable refers to — use an integer minAvailable instead' },
    ]);
  });

  const fine: { name: string; pdb: Omit<PdbEntry, 'name' | 'selector'> }[] = [
    { name: 'accepts a minAvailable below the replicas', pdb: { minAvailable: 2 } },
    { name: 'accepts a maxUnavailable percentage that rounds up to one', pdb: { maxUnavailable: '10%' } },
    { name: 'accepts a minAvailable percentage that leaves one pod to spare', pdb: { minAvailable: '50%' } },
  ];
  for (const c of fine) {
    it(c.name, () => assert.deepEqual(checkDrainBlockers(withWeb(c.pdb).build()), []));
  }

  it('says nothing of a budget whose pods are on nodes the plan does not drain', () => {
    assert.deepEqual(checkDrainBlockers(withWeb({ minAvailable: 3 }).build(), ['cp-1']), []);
  });

  const unready = (policy?: 'AlwaysAllow') =>
    aCluster()
      .withWorkers('v1.32.9', 3)
      .withWorkload({ kind: 'Deployment', name: 'api', replicas: 3 })
      .withPod({ name: 'api-a', node: 'worker-1', owner: { kind: 'Deployment', name: 'api' }, ready: false })
      .withPod({ name: 'api-b', node: 'worker-2', owner: { kind: 'Deployment', name: 'api' }, ready: false })
      .withPdb({ name: 'api', selector: { matchLabels: { app: 'api' } }, minAvailable: 2, ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}) })
      .build();

  it('finds a budget that pods not ready have used up, and every node it holds', () => {
    assert.deepEqual(codesAndMessages(checkDrainBlockers(unready())), [
      { code: 'PDB_ALLOWS_NO_EVICTION_NOW', severity: 'blocking', subject: 'PodDisruptionBudget default/api', message: 'PodDisruptionBudget default/api (minAvailable 2) allows no eviction now: it wants 2 healthy pods and has 1 (not ready: default/api-a on worker-1, default/api-b on worker-2), so draining worker-1, worker-2, worker-3 waits until they are ready — fix the pods that are not ready first' },
    ]);
  });

  it('names only the node of the healthy pod when unhealthy pods may always go', () => {
    const [finding] = checkDrainBlockers(unready('AlwaysAllow'));
    assert.equal(finding?.message, 'PodDisruptionBudget default/api (minAvailable 2) allows no eviction now: it wants 2 healthy pods and has 1 (not ready: default/api-a on worker-1, default/api-b on worker-2), so draining worker-3 waits until they are ready — fix the pods that are not ready first');
  });

  it('finds pods covered by two budgets, which the eviction API refuses with 500', () => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 2)
      .withWorkload({ kind: 'Deployment', name: 'shop', replicas: 2, labels: { app: 'shop', tier: 'front' } })
      .withPod({ name: 'shop-1', node: 'worker-1', owner: { kind: 'Deployment', name: 'shop' } })
      .withPod({ name: 'shop-2', node: 'worker-2', owner: { kind: 'Deployment', name: 'shop' } })
      .withPdb({ name: 'shop', selector: { matchLabels: { app: 'shop' } }, maxUnavailable: 1 })
      .withPdb({ name: 'front', selector: { matchLabels: { tier: 'front' } }, maxUnavailable: 1 })
      .build();
    assert.deepEqual(codesAndMessages(checkDrainBlockers(cluster)), [
      { code: 'POD_HAS_SEVERAL_PDBS', severity: 'blocking', subject: 'PodDisruptionBudgets default/front, default/shop', message: 'default/shop-1 on worker-1, default/shop-2 on worker-2 are covered by PodDisruptionBudgets default/front, default/shop at once: the eviction API refuses them with 500 ("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support") — change the selectors so each pod matches one budget' },
    ]);
  });

  const flagged = () => aCluster()
    .withWorkers('v1.32.9', 2)
    .withWorkload({ kind: 'Deployment', name: 'cache', replicas: 1, emptyDir: true })
    .withPod({ name: 'cache-1', node: 'worker-2', owner: { kind: 'Deployment', name: 'cache' } })
    .withPod({ name: 'debug-shell', node: 'worker-1' })
    .withPod({ name: 'scratch', node: 'worker-1', emptyDir: true })
    .build();

  it('blocks on bare pods and emptyDir pods the operator has not consented to lose, per node', () => {
    assert.deepEqual(codesAndMessages(checkDrainBlockers(flagged())), [
      { code: 'DRAIN_NEEDS_FORCE', severity: 'blocking', subject: 'node/worker-1', message: 'the drain of worker-1 stops at default/debug-shell, default/scratch: they declare no controller, so nothing recreates them once deleted — delete them, run them under a Deployment, StatefulSet or Job, or plan with --delete-unmanaged-pods to accept losing them' },
      { code: 'DRAIN_NEEDS_EMPTYDIR_CONSENT', severity: 'blocking', subject: 'node/worker-1', message: 'the drain of worker-1 stops at default/scratch: it uses emptyDir volumes whose data a drain deletes — plan with --delete-emptydir-data to accept that, or move the data to a volume that survives' },
      { code: 'DRAIN_NEEDS_EMPTYDIR_CONSENT', severity: 'blocking', subject: 'node/worker-2', message: 'the drain of worker-2 stops at default/cache-1: it uses emptyDir volumes whose data a drain deletes — plan with --delete-emptydir-data to accept that, or move the data to a volume that survives' },
    ]);
  });

  it('only notes what a consented drain deletes', () => {
    assert.deepEqual(codesAndMessages(checkDrainBlockers(flagged(), undefined, { deleteEmptyDirData: true, deleteUnmanagedPods: true })), [
      { code: 'DRAIN_DELETES_UNMANAGED_PODS', severity: 'info', subject: 'node/worker-1', message: 'the plan drains worker-1 deleting default/debug-shell, default/scratch, which no controller owns: nothing recreates them' },
      { code: 'DRAIN_DELETES_EMPTYDIR_DATA', severity: 'info', subject: 'node/worker-1', message: 'the plan drains worker-1 with --delete-emptydir-data: the emptyDir data of default/scratch is deleted — keep nothing there that must survive' },
      { code: 'DRAIN_DELETES_EMPTYDIR_DATA', severity: 'info', subject: 'node/worker-2', message: 'the plan drains worker-2 with --delete-emptydir-data: the emptyDir data of default/cache-1 is deleted — keep nothing there that must survive' },
    ]);
  });
});
