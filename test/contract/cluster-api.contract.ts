import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ClusterSnapshot, PodSnapshot } from '../../src/core/cluster/index.js';
import { formatVersion } from '../../src/core/version/index.js';
import type { ClusterApi, PdbStatus, WaitOutcome } from '../../src/ports/index.js';
import { aCluster } from '../builders/cluster-builder.js';
import { rejection } from '../builders/cluster-api-rejection.js';

// The ClusterApi contract, written once and run against every implementation: the simulator and
// a real kube-apiserver. A subject is a cluster seeded from a snapshot; `pass` lets time go by on
// the cluster's own clock (virtual in the simulator, real on a real cluster) so controllers can
// act. Nothing here depends on where the scheduler puts pods or what pods are named.

export interface ClusterApiSubject {
  readonly api: ClusterApi;
  /** The cluster's clock, ms. */
  now(): number;
  /** Lets `ms` pass on the cluster's clock: pods start, deletions finish, budgets are recounted. */
  pass(ms: number): Promise<void>;
}

/** Seeds a cluster like `seed` (replacing any earlier one) and returns its API. */
export type ClusterApiFactory = (seed: ClusterSnapshot) => Promise<ClusterApiSubject>;

const V = 'v1.20.2';
const ETCD = '3.4.13-0';

/** A kubeadm v1.20 cluster: one control-plane node, two workers, `web` with two replicas under a budget. */
export function contractSeed(minAvailable: number): ClusterSnapshot {
  return aCluster()
    .withControlPlane(V, 1)
    .withWorkers(V, 2)
    .withNode('cp-1', { controlPlane: { etcd: ETCD } })
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2, requests: { cpu: '100m', memory: '64Mi' } })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable })
    .build();
}

/** Polls `check` on the cluster's clock until it returns a value, or fails naming `what`. */
async function eventually<T>(subject: ClusterApiSubject, what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = subject.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (subject.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await subject.pass(250);
  }
}

function webPods(pods: readonly PodSnapshot[]): PodSnapshot[] {
  return pods.filter((p) => p.namespace === 'default' && p.owner?.kind === 'Deployment' && p.owner.name === 'web' && !p.deleting);
}

/** Every pod Running and Ready and the budget counted: what a settled cluster looks like. */
async function settled(subject: ClusterApiSubject, disruptionsAllowed: number): Promise<{ snapshot: ClusterSnapshot; pdb: PdbStatus }> {
  return eventually(subject, `a settled cluster whose budget web allows ${disruptionsAllowed} disruption(s)`, async () => {
    const snapshot = await subject.api.readSnapshot();
    const pdb = (await subject.api.listPdbs()).find((p) => p.name === 'web');
    const running = snapshot.pods.every((p) => p.phase === 'Running' && p.ready && !p.deleting);
    const ok = running && webPods(snapshot.pods).length === 2 && pdb?.expectedPods === 2 && pdb.currentHealthy === 2 && pdb.disruptionsAllowed === disruptionsAllowed;
    return ok ? { snapshot, pdb } : undefined;
  });
}

/** Until the pod is gone or a pod of the same name has another uid (kubectl's waitForDelete). */
function gone(subject: ClusterApiSubject, pod: PodSnapshot): Promise<true> {
  return eventually(subject, `pod ${pod.namespace}/${pod.name} to go away`, async () => {
    const now = await subject.api.getPod(pod.namespace, pod.name);
    return now === undefined || now.uid !== pod.uid;
  });
}

export function clusterApiContract(name: string, factory: ClusterApiFactory): void {
  describe(`ClusterApi contract (${name}): a budget that allows one disruption`, () => {
    let subject: ClusterApiSubject;
    let snapshot: ClusterSnapshot;

    before(async () => {
      subject = await factory(contractSeed(1));
      snapshot = (await settled(subject, 1)).snapshot;
    });

    it('reads nodes with roles, kubelets and the control plane from the static pods', () => {
      const nodes = [...snapshot.nodes].sort((a, b) => a.name.localeCompare(b.name));
      assert.deepEqual(nodes.map((n) => `${n.name} ${n.role} ${formatVersion(n.kubelet)} ready=${n.ready} cordoned=${n.cordoned}`), [
        `cp-1 control-plane ${V} ready=true cordoned=false`,
        `worker-1 worker ${V} ready=true cordoned=false`,
        `worker-2 worker ${V} ready=true cordoned=false`,
      ]);
      const cp = nodes[0]?.controlPlane;
      assert.deepEqual(cp && [formatVersion(cp.apiserver), formatVersion(cp.controllerManager), formatVersion(cp.scheduler), cp.etcd], [V, V, V, ETCD]);
      assert.equal(nodes.filter((n) => n.controlPlane !== undefined).length, 1);
      assert.ok(nodes.every((n) => n.allocatable.cpuMillis === 4000 && n.allocatable.pods === 110));
      assert.equal(nodes[0]?.labels['node-role.kubernetes.io/control-plane'], '');
      assert.equal(snapshot.etcd, 'local');
      assert.equal(snapshot.addons.kubeProxy && formatVersion(snapshot.addons.kubeProxy), V);
    });

    it('reads workloads with their templates, and pods owned by their top controller', () => {
      const web = snapshot.workloads.find((w) => w.kind === 'Deployment' && w.name === 'web');
      assert.deepEqual(web && { ns: web.namespace, replicas: web.replicas, labels: web.labels, requests: web.template.requests }, {
        ns: 'default', replicas: 2, labels: { app: 'web' }, requests: { cpuMillis: 100, memoryBytes: 64 * 2 ** 20 },
      });
      assert.ok(snapshot.workloads.some((w) => w.kind === 'DaemonSet' && w.namespace === 'kube-system' && w.name === 'kube-proxy'));
      const pods = webPods(snapshot.pods);
      assert.equal(pods.length, 2);
      for (const pod of pods) {
        assert.ok(pod.node?.startsWith('worker-'), `web pod ${pod.name} runs on ${pod.node}, not on a worker`);
        assert.deepEqual([pod.phase, pod.ready, pod.mirror, pod.labels.app, pod.requests.cpuMillis], ['Running', true, false, 'web', 100]);
      }
      const mirrors = snapshot.pods.filter((p) => p.mirror).map((p) => `${p.namespace}/${p.name} ${p.owner?.kind}/${p.owner?.name}`).sort();
      assert.deepEqual(mirrors, ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `kube-system/${c}-cp-1 Node/cp-1`));
      const proxies = snapshot.pods.filter((p) => p.owner?.kind === 'DaemonSet' && p.owner.name === 'kube-proxy').map((p) => p.node).sort();
      assert.deepEqual(proxies, ['cp-1', 'worker-1', 'worker-2']);
    });

    it('reads budgets with their status', async () => {
      assert.deepEqual(snapshot.pdbs.filter((p) => p.name === 'web'), [{ namespace: 'default', name: 'web', selector: { app: 'web' }, minAvailable: 1 }]);
      const web = (await subject.api.listPdbs()).find((p) => p.name === 'web');
      assert.deepEqual(web && [web.minAvailable, web.currentHealthy, web.desiredHealthy, web.expectedPods, web.disruptionsAllowed], [1, 2, 1, 2, 1]);
    });

    it('answers single reads the way the snapshot reads', async () => {
      const worker = snapshot.nodes.find((n) => n.name === 'worker-1');
      assert.deepEqual(await subject.api.getNode('worker-1'), worker);
      assert.deepEqual(await subject.api.getNode('cp-1'), snapshot.nodes.find((n) => n.name === 'cp-1'));
      assert.equal(await subject.api.getNode('nope'), undefined);
      const pod = webPods(snapshot.pods)[0];
      assert.ok(pod);
      assert.deepEqual(await subject.api.getPod(pod.namespace, pod.name), pod);
      assert.equal(await subject.api.getPod('default', 'nope'), undefined);
      const names = (pods: readonly PodSnapshot[]) => pods.map((p) => `${p.namespace}/${p.name}`).sort();
      assert.deepEqual(names(await subject.api.listPodsOnNode('worker-1')), names(snapshot.pods.filter((p) => p.node === 'worker-1')));
      assert.deepEqual(await subject.api.listPodsOnNode('nope'), []);
      const key = (w: { kind: string; namespace: string; name: string }) => `${w.kind}/${w.namespace}/${w.name}`;
      assert.deepEqual((await subject.api.listWorkloads()).map(key).sort(), snapshot.workloads.map(key).sort());
      assert.equal(await subject.api.isApiReady(), true);
    });

    it('reads each controller\'s Ready pods against its desired ones, from its status', async () => {
      const web = await eventually(subject, 'web counted 2 of 2 Ready', async () => {
        const found = (await subject.api.listWorkloadReadiness()).find((w) => w.kind === 'Deployment' && w.name === 'web');
        return found?.ready === 2 ? found : undefined;
      });
      assert.deepEqual(web, { kind: 'Deployment', namespace: 'default', name: 'web', labels: { app: 'web' }, desired: 2, ready: 2 });
      const kinds = new Set((await subject.api.listWorkloadReadiness()).map((w) => w.kind));
      assert.ok([...kinds].every((k) => k === 'Deployment' || k === 'StatefulSet' || k === 'DaemonSet'), `only controllers with a desired count: ${[...kinds].join(', ')}`);
    });

    it('cordons and uncordons idempotently, and names a node that does not exist', async () => {
      await subject.api.cordon('worker-2');
      await subject.api.cordon('worker-2');
      assert.equal((await subject.api.getNode('worker-2'))?.cordoned, true);
      await subject.api.uncordon('worker-2');
      await subject.api.uncordon('worker-2');
      assert.equal((await subject.api.getNode('worker-2'))?.cordoned, false);
      const error = await rejection(subject.api.cordon('nope'));
      assert.equal(error.isNotFound(), true);
      assert.equal(error.message, 'failed to cordon node nope: nodes "nope" not found');
    });

    it('resolves waitForChange when the node changes, and times out when nothing does', async () => {
      const waiting = subject.api.waitForChange({ kind: 'node', name: 'worker-1' }, 30_000);
      const started = subject.now();
      await subject.pass(100);
      await subject.api.cordon('worker-1');
      assert.equal(await waiting, 'changed');
      assert.ok(subject.now() - started < 30_000);
      await subject.api.uncordon('worker-1');
      const pod = webPods(await subject.api.listPodsOnNode('worker-2')).concat(webPods(await subject.api.listPodsOnNode('worker-1')))[0];
      assert.ok(pod);
      const quietFrom = subject.now();
      assert.equal(await subject.api.waitForChange({ kind: 'pod', namespace: pod.namespace, name: pod.name }, 1_500), 'timeout');
      assert.ok(subject.now() - quietFrom >= 1_400, `timed out after ${subject.now() - quietFrom}ms, before 1.5s`);
    });

    it('evicts a pod its budget allows, and the pod goes away or is replaced', async () => {
      const pod = webPods((await settled(subject, 1)).snapshot.pods)[0];
      assert.ok(pod);
      await subject.api.evictPod(pod.namespace, pod.name, { gracePeriodSeconds: 1 });
      await gone(subject, pod);
      await settled(subject, 1);
    });

    it('waits on an evicted pod until it is gone and on its budget until it allows a disruption again (reached), not waking for the changes between', async () => {
      const pod = webPods((await settled(subject, 1)).snapshot.pods)[0];
      assert.ok(pod);
      await subject.api.evictPod(pod.namespace, pod.name, { gracePeriodSeconds: 1 });
      const woke: { pod?: WaitOutcome; budget?: WaitOutcome } = {};
      void subject.api.waitForChange({ kind: 'pod', namespace: pod.namespace, name: pod.name, untilGoneUid: pod.uid }, 60_000).then((o) => (woke.pod = o));
      void subject.api.waitForChange({ kind: 'pdb', namespace: 'default', name: 'web', untilDisruptionAllowed: true }, 60_000).then((o) => (woke.budget = o));
      const allowedWhileWaiting = new Set<number>();
      const seen = { pod: false, budget: false };
      await eventually(subject, 'both waits to end', async () => {
        // Each wait, once it has ended, finds what it waited for.
        if (woke.pod !== undefined && !seen.pod) {
          seen.pod = true;
          assert.equal(woke.pod, 'reached');
          const now = await subject.api.getPod(pod.namespace, pod.name);
          assert.ok(now === undefined || now.uid !== pod.uid, `the wait on pod ${pod.name} ended while it was still there`);
        }
        const allowed = (await subject.api.listPdbs()).find((p) => p.name === 'web')?.disruptionsAllowed ?? -1;
        if (woke.budget !== undefined && !seen.budget) {
          seen.budget = true;
          assert.equal(woke.budget, 'reached');
          assert.ok(allowed >= 1, `the wait on budget web ended while it allowed ${allowed} disruptions`);
        }
        if (woke.budget === undefined) allowedWhileWaiting.add(allowed);
        return seen.pod && seen.budget;
      });
      assert.ok(allowedWhileWaiting.has(0), 'the budget allowed no disruption for a while after the eviction');
      // What such a wait is for may hold already: it ends at once, not at the next change.
      const from = subject.now();
      assert.equal(await subject.api.waitForChange({ kind: 'pod', namespace: pod.namespace, name: pod.name, untilGoneUid: pod.uid }, 30_000), 'reached');
      assert.equal(await subject.api.waitForChange({ kind: 'pdb', namespace: 'default', name: 'web', untilDisruptionAllowed: true }, 30_000), 'reached');
      assert.ok(subject.now() - from < 10_000, `the waits took ${subject.now() - from}ms`);
      await settled(subject, 1);
    });

    it('answers NotFound for evicting or deleting a pod that does not exist', async () => {
      const evict = await rejection(subject.api.evictPod('default', 'nope'));
      assert.deepEqual([evict.isNotFound(), evict.message], [true, 'failed to evict pod default/nope: pods "nope" not found']);
      const del = await rejection(subject.api.deletePod('default', 'nope'));
      assert.deepEqual([del.isNotFound(), del.message], [true, 'failed to delete pod default/nope: pods "nope" not found']);
    });
  });

  describe(`ClusterApi contract (${name}): a budget that allows no disruption`, () => {
    let subject: ClusterApiSubject;

    before(async () => {
      subject = await factory(contractSeed(2));
      await settled(subject, 0);
    });

    it('refuses an eviction with 429 naming the budget, and the pod stays', async () => {
      const pod = webPods(await subject.api.listPodsOnNode('worker-1')).concat(webPods(await subject.api.listPodsOnNode('worker-2')))[0];
      assert.ok(pod);
      const error = await rejection(subject.api.evictPod(pod.namespace, pod.name));
      assert.equal(error.isTooManyRequests(), true);
      assert.equal(
        error.message,
        `failed to evict pod default/${pod.name}: Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 2 healthy pods and has 2 currently`,
      );
      await subject.pass(1_000);
      const after = await subject.api.getPod(pod.namespace, pod.name);
      assert.deepEqual(after && [after.uid, after.deleting ?? false], [pod.uid, false]);
    });

    it('waits on the budget until a change, then deletes around it', async () => {
      const pod = webPods((await subject.api.readSnapshot()).pods)[0];
      assert.ok(pod);
      const waiting = subject.api.waitForChange({ kind: 'pdb', namespace: 'default', name: 'web' }, 60_000);
      await subject.pass(100);
      await subject.api.deletePod(pod.namespace, pod.name, { gracePeriodSeconds: 0 });
      assert.equal(await waiting, 'changed');
      await gone(subject, pod);
      await settled(subject, 0);
    });
  });
}
