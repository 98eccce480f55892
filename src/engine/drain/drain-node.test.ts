import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { MemoryCluster, MemoryEventSink, MemoryNodeShell, VirtualClock, recordCalls } from '../../adapters/memory/index.js';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import { ClusterApiError } from '../../core/errors.js';
import type { EngineContext } from '../engine-context.js';
import { DEFAULT_DRAIN_OPTIONS, type DrainOptions } from './drain-options.js';
import { drainNode } from './drain-node.js';

// worker-1 holds web-a and web-b of Deployment web (3 replicas, web-c on worker-2).
function webCluster(minAvailable: number, more: (b: ReturnType<typeof aCluster>) => void = () => {}): ClusterSnapshot {
  const builder = aCluster()
    .withControlPlane('v1.34.2')
    .withWorkers('v1.34.2', 2)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
    .withPod({ name: 'web-a', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
    .withPod({ name: 'web-b', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
    .withPod({ name: 'web-c', node: 'worker-2', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable });
  more(builder);
  return builder.build();
}

function setUp(snapshot: ClusterSnapshot) {
  const clock = new VirtualClock({ startMs: 0 });
  const cluster = new MemoryCluster(snapshot, clock, { terminationMs: 1_000, replacementReadyMs: 10_000 });
  const recorder = recordCalls(cluster, new MemoryNodeShell(cluster));
  const sink = new MemoryEventSink();
  const ctx: EngineContext = { api: recorder.api, shell: recorder.shell, clock, emit: (e) => sink.emit({ ...e, at: clock.now() } as never) };
  return { clock, cluster, recorder, sink, ctx };
}

const options = (extra: Partial<DrainOptions> = {}): DrainOptions => ({ ...DEFAULT_DRAIN_OPTIONS, timeoutMs: 120_000, ...extra });

describe('drainNode', () => {
  it('cordons first, evicts what may go, deletes finished pods and leaves DaemonSet and mirror pods', async () => {
    const { ctx, cluster, recorder, sink } = setUp(
      webCluster(1, (b) =>
        b
          .withWorkload({ kind: 'DaemonSet', namespace: 'kube-system', name: 'fluent' })
          .withPod({ name: 'job-x', node: 'worker-1', phase: 'Succeeded' })
          .withPod({ name: 'static-1', node: 'worker-1', mirror: true, owner: { kind: 'Node', name: 'worker-1' } }),
      ),
    );
    const before = [...cluster.pods.values()].filter((p) => p.node === 'worker-1').map((p) => `${p.namespace}/${p.name}`);
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options() });
    assert.equal(recorder.mutations[0], 'cordon worker-1');
    const removed = recorder.mutations.slice(1).map((m) => m.replace(/^\w+ /, ''));
    assert.deepEqual(outcome, { status: 'drained', removed: removed.length });
    assert.deepEqual(recorder.mutations.filter((m) => / default\/(web|job)/.test(m)).sort(), ['deletePod default/job-x', 'evictPod default/web-a', 'evictPod default/web-b']);
    const left = [...cluster.pods.values()].filter((p) => p.node === 'worker-1').map((p) => `${p.namespace}/${p.name}`);
    assert.deepEqual(left, before.filter((p) => !removed.includes(p)));
    assert.ok(left.some((p) => p.startsWith('kube-system/fluent-')) && left.includes('default/static-1'), left.join());
    assert.deepEqual(sink.events.map((e) => e.kind).filter((k, i, all) => all.indexOf(k) === i).sort(), ['drain-progress', 'node-cordoned', 'pod-deleted', 'pod-evicted']);
    // Progress counts the pods it removes down to none, for the live status area.
    const progress = sink.events.flatMap((e) => (e.kind === 'drain-progress' ? [e.podsLeft] : []));
    assert.deepEqual(progress, [removed.length, ...Array.from({ length: removed.length }, (_, i) => removed.length - 1 - i)]);
  });

  it('asks for the evictions of one budget\'s pods in turn, the next once the budget allows one again, so none is refused', async () => {
    const { ctx, recorder, sink } = setUp(webCluster(2));
    // A fallback wait of an hour: only the watch event can explain an eviction after 11 seconds.
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options({ retryInitialMs: 3_600_000, retryMaxMs: 3_600_000, timeoutMs: 7_200_000 }) });
    assert.equal(outcome.status, 'drained');
    assert.deepEqual(sink.ofKind('pod-evicted').filter((e) => e.pod.startsWith('web')).map((e) => [e.pod, e.at]), [['web-a', 0], ['web-b', 11_000]]);
    assert.deepEqual(sink.ofKind('eviction-blocked'), []);
    assert.deepEqual(recorder.mutations.filter((m) => m.startsWith('evictPod default/')), ['evictPod default/web-a', 'evictPod default/web-b']);
  });

  it('retries a PDB refusal once, as soon as a replacement becomes Ready: not on a fixed timer, nor on the budget changes that still allow no disruption', async () => {
    const { ctx, cluster, recorder, sink } = setUp(webCluster(2));
    // The drain reads the budget allowing one disruption, but web-c's eviction takes it first.
    const listed = await cluster.listPdbs();
    await cluster.evictPod('default', 'web-c');
    const outcome = await drainNode({ ...ctx, api: { ...recorder.api, listPdbs: async () => listed } }, { node: 'worker-1', options: options({ retryInitialMs: 3_600_000, retryMaxMs: 3_600_000, timeoutMs: 7_200_000 }) });
    assert.equal(outcome.status, 'drained');
    const [blocked, ...more] = sink.ofKind('eviction-blocked');
    assert.deepEqual([blocked?.pod, blocked?.pdb, more.length], ['web-a', 'default/web', 0]);
    assert.match(blocked?.message ?? '', /The disruption budget web needs 2 healthy pods and has 2 currently/);
    // Not woken when web-c terminated (its replacement not Ready, the budget still allowing none): only when the replacement became Ready.
    assert.deepEqual(sink.ofKind('retry').map((e) => [e.what, e.attempt, e.at]), [['evict pod default/web-a', 2, 11_000]]);
    // web-b waited its turn, then for web-a's replacement, and was asked for once.
    assert.deepEqual(sink.ofKind('pod-evicted').filter((e) => e.pod.startsWith('web')).map((e) => [e.pod, e.at]), [['web-a', 11_000], ['web-b', 22_000]]);
    assert.deepEqual(recorder.mutations.filter((m) => m.startsWith('evictPod default/')), ['evictPod default/web-a', 'evictPod default/web-a', 'evictPod default/web-b']);
  });

  it('times out naming the pods and the PDB that blocked them, and leaves the node cordoned', async () => {
    const { ctx, cluster, sink } = setUp(webCluster(3));
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options({ timeoutMs: 60_000 }) });
    assert.equal(outcome.status, 'timed-out');
    assert.equal(
      outcome.status === 'timed-out' ? outcome.message : '',
      'failed to drain node worker-1 within 1m0s: pod default/web-a is blocked by PodDisruptionBudget default/web: needs 3 healthy pods, has 3, allows 0 disruptions; ' +
        'pod default/web-b is blocked by PodDisruptionBudget default/web: needs 3 healthy pods, has 3, allows 0 disruptions; ' +
        'raise the drain timeout, fix the budget or its workload, or use the skip-node drain timeout policy',
    );
    assert.equal(cluster.nodes.get('worker-1')?.cordoned, true);
    assert.equal(sink.ofKind('pod-evicted').filter((e) => e.pod.startsWith('web')).length, 0);
    // Retries back off (1s, 2s, 4s, ... capped at 30s) between watch events: a handful, not a tight loop.
    const retries = sink.ofKind('retry').length;
    assert.ok(retries > 2 && retries < 20, `retries: ${retries}`);
  });

  it('deletes pods around their PDB after the timeout only with disruptPdbsOnTimeout, warning per pod', async () => {
    const { ctx, sink, recorder } = setUp(webCluster(3));
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options({ timeoutMs: 60_000, disruptPdbsOnTimeout: true }) });
    assert.equal(outcome.status, 'drained');
    assert.deepEqual(sink.ofKind('warning').map((e) => e.message), [
      'deleting pod default/web-a on node worker-1 in spite of PodDisruptionBudget default/web after the drain timeout (--delete-pods-violating-pdbs-after-timeout)',
      'deleting pod default/web-b on node worker-1 in spite of PodDisruptionBudget default/web after the drain timeout (--delete-pods-violating-pdbs-after-timeout)',
    ]);
    assert.deepEqual(recorder.mutations.filter((m) => m.startsWith('deletePod')), ['deletePod default/web-a', 'deletePod default/web-b']);
    assert.ok(sink.ofKind('pod-deleted').every((e) => e.at === 60_000));
  });

  it('counts a pod as blocked after the attempt cap', async () => {
    const { ctx } = setUp(webCluster(3));
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options({ maxAttemptsPerPod: 3 }) });
    assert.equal(outcome.status, 'timed-out');
    assert.match(outcome.status === 'timed-out' ? String(outcome.stuck[0]?.kind === 'blocked' && outcome.stuck[0].reason) : '', /^gave up after 3 attempts: /);
  });

  it('evicts nothing when a pod may not go, naming it like kubectl', async () => {
    const { ctx, recorder } = setUp(webCluster(1, (b) => b.withPod({ name: 'scratch', node: 'worker-1', emptyDir: true, owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'scratch' } })));
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options() });
    assert.deepEqual(outcome, { status: 'blocked', message: 'failed to drain node worker-1: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch' });
    assert.deepEqual(recorder.mutations, ['cordon worker-1']);
  });

  it('fails a pod the eviction API answers with 500 (two PDBs), without retrying', async () => {
    const { ctx, recorder } = setUp(webCluster(1, (b) => b.withPdb({ name: 'web-too', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 })));
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options() });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.message : '', /^failed to evict pod default\/web-a from node worker-1: .*more than one PodDisruptionBudget/);
    assert.equal(recorder.mutations.filter((m) => m === 'evictPod default/web-a').length, 1);
  });

  it('waits for a StatefulSet pod to be replaced under the same name with a new uid', async () => {
    const snapshot = aCluster()
      .withControlPlane('v1.34.2')
      .withWorkers('v1.34.2', 2)
      .withWorkload({ kind: 'StatefulSet', name: 'db', replicas: 1 })
      .withPod({ name: 'db-0', node: 'worker-1', owner: { kind: 'StatefulSet', name: 'db' }, labels: { app: 'db' } })
      .build();
    const { ctx, cluster } = setUp(snapshot);
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options() });
    assert.equal(outcome.status, 'drained');
    assert.equal(cluster.pods.get('default/db-0')?.node, 'worker-2');
  });

  it('deletes instead of evicting in delete mode (all-at-once), whatever the PDBs say', async () => {
    const { ctx, sink, recorder } = setUp(webCluster(3));
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options({ mode: 'delete' }) });
    assert.equal(outcome.status, 'drained');
    assert.deepEqual(recorder.mutations.filter((m) => m.startsWith('evictPod')), []);
    const reasons = new Set(sink.ofKind('pod-deleted').map((e) => e.reason));
    assert.deepEqual([...reasons], ['all-at-once strategy: the operator accepted downtime']);
    assert.ok(sink.ofKind('pod-deleted').some((e) => e.pod === 'web-a'));
  });

  it('records the cordon before making it, and does not cordon a cordoned node again', async () => {
    const { ctx, recorder, cluster } = setUp(webCluster(1));
    const journal: string[] = [];
    await drainNode(ctx, { node: 'worker-1', options: options(), beforeCordon: async (n) => void journal.push(`${n} cordoned=${String(cluster.nodes.get(n)?.cordoned)}`) });
    await drainNode(ctx, { node: 'worker-1', options: options(), beforeCordon: async (n) => void journal.push(n) });
    assert.deepEqual(journal, ['worker-1 cordoned=false']);
    assert.equal(recorder.mutations.filter((m) => m.startsWith('cordon')).length, 1);
  });

  it('stops at once when the run is interrupted during a wait', async () => {
    const { ctx, clock } = setUp(webCluster(3));
    const controller = new AbortController();
    clock.schedule(5_000, () => controller.abort(new Error('interrupted')));
    await assert.rejects(drainNode({ ...ctx, signal: controller.signal }, { node: 'worker-1', options: options() }), /interrupted/);
    assert.equal(clock.now(), 5_000);
  });

  it('reports a transient API error as a failure of that pod', async () => {
    const { ctx, cluster } = setUp(webCluster(1));
    cluster.failNext('evictPod', () => new ClusterApiError('failed to evict pod default/web-a: etcdserver: request timed out', 504), { matches: (a) => a[1] === 'web-a' });
    const outcome = await drainNode(ctx, { node: 'worker-1', options: options() });
    assert.equal(outcome.status, 'failed');
  });
});
