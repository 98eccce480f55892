import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isReady } from './kube-objects.js';
import { assertPackagesHeld, eventually } from './kubeadm/cluster-reads.js';
import { realClusterSuite, realClusterSuiteOptions, sampleWebWhile, TARGET, whileRunning } from './kubeadm/real-cluster-suite.js';
import { runCliCaptured } from './run-cli.js';

// The all-at-once strategy on a real kubeadm cluster (test/e2e/kubeadm): every worker is cordoned
// and emptied together, pods are deleted rather than evicted (the budget could never be met), and
// the workloads are down until the workers come back — which the plan and the run say plainly.
// The first run is stopped with SIGTERM (a cancelled CI job) while the workers are held: it must
// leave nothing cordoned, the lease released and the journal "interrupted"; a new process resumes.

const WORKERS = ['worker-1', 'worker-2'];

describe('kubehop upgrades the workers of a real kubeadm v1.20.2 cluster all at once', realClusterSuiteOptions, () => {
  const suite = realClusterSuite({ name: 'real-all-at-once' });
  const lease = async () => (await suite.reads.kubectl(['get', 'lease', 'kubehop-upgrade', '-n', 'kube-system', '--ignore-not-found', '-o', 'name'])).trim();

  test('plan --strategy all-at-once puts both workers in one batch and says the workloads go down', async () => {
    const planned = await runCliCaptured(['plan', ...suite.flags, '--to', TARGET, '--strategy', 'all-at-once', '-o', 'json']);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { notes?: { code: string }[]; steps: { node: string; action: string; batch?: string; phase: string }[] };
    const drains = plan.steps.filter((s) => s.phase === 'workers' && s.action === 'drain');
    assert.deepEqual(drains.map((s) => s.node).sort(), WORKERS);
    assert.equal(new Set(drains.map((s) => s.batch)).size, 1, `one batch: ${drains.map((s) => s.batch).join(', ')}`);
    assert.ok(plan.notes?.some((n) => n.code === 'ALL_AT_ONCE_DOWNTIME'), JSON.stringify(plan.notes));
    const table = await runCliCaptured(['plan', ...suite.flags, '--to', TARGET, '--strategy', 'all-at-once']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /down until the workers come back/);
  });

  test('apply --strategy all-at-once, stopped with SIGTERM while the workers are held, leaves nothing cordoned and is resumed to the end', async (t) => {
    const started = Date.now();
    const { minReady, samples } = await sampleWebWhile(suite.reads, async () => {
      const { argv, run: first } = await suite.applyFromPlan(['--strategy', 'all-at-once']);

      // 1. SIGTERM once kubehop holds every worker (cordoned by the run, pods being deleted).
      await whileRunning(first, 'both workers cordoned by the run', async () => {
        const cordoned = await suite.reads.cordoned();
        return WORKERS.every((w) => cordoned.includes(w)) ? true : undefined;
      }, 15 * 60_000);
      first.child.kill('SIGTERM');
      const ended = await first.exited;
      t.diagnostic(`stopped after ${Math.round((Date.now() - started) / 1000)}s: ${first.output().trim().split('\n').slice(-2).join(' | ')}`);
      assert.equal(ended.code, 1, first.output().slice(-3000));
      assert.match(first.output(), /all-at-once: cordoning 2 workers .* their workloads are down until the nodes come back/);
      assert.match(first.output(), /--resume/);
      assert.deepEqual(await suite.reads.cordoned(), [], 'SIGTERM leaves no node cordoned');
      assert.equal(await lease(), '', 'SIGTERM releases the lease');
      assert.equal((await suite.reads.journal())?.status, 'interrupted');

      // 2. A new process resumes and finishes.
      const resumed = await runCliCaptured([...argv, '--resume']);
      assert.equal(resumed.code, 0, `${resumed.stderr}\n${resumed.stdout.slice(-3000)}`);
      assert.match(resumed.stdout, /run completed/);
      t.diagnostic(`the upgrade took ${Math.round((Date.now() - started) / 1000)}s in all`);
    });

    // The downtime the plan announced really happened: no web pod was Ready while both workers were held.
    assert.ok(samples > 50, `the web pods were sampled all along (${samples} samples)`);
    assert.equal(minReady, 0, `all-at-once takes every web pod down (fewest Ready seen: ${minReady})`);
    assert.deepEqual(await suite.reads.cordoned(), [], 'no node left cordoned');
    assert.equal(await lease(), '', 'the lease is released');
    assert.equal((await suite.reads.journal())?.status, 'completed');
    const seen = await suite.reads.nodes();
    assert.deepEqual(seen.map((n) => [n.metadata.name, n.status.nodeInfo.kubeletVersion]), [['cp-1', TARGET], ['worker-1', TARGET], ['worker-2', TARGET]]);
    for (const node of suite.cluster.nodes) {
      await assertPackagesHeld(suite.reads, node.name, '1.21.0-00');
      assert.equal(await suite.reads.onNode(node.name, 'kubelet --version'), `Kubernetes ${TARGET}`);
    }
    for (const node of seen) {
      const marks = Object.keys(node.metadata.annotations ?? {}).filter((k) => k.startsWith('kubehop.io/cordoned'));
      assert.deepEqual(marks, [], `${node.metadata.name} keeps no cordon mark`);
    }
    await eventually('3 web pods Ready after the run', async () => ((await suite.reads.webPods()).filter(isReady).length === 3 ? true : undefined));
  });
});
