import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isReady } from './kube-objects.js';
import { assertPackagesHeld, eventually } from './kubeadm/cluster-reads.js';
import { realClusterSuite, realClusterSuiteOptions, sampleWebWhile, TARGET, whileRunning } from './kubeadm/real-cluster-suite.js';
import { runCliCaptured } from './run-cli.js';

// Upgrade by new nodes on a real kubeadm cluster (test/e2e/kubeadm): one spare machine, prepared
// like the workers apart from Kubernetes' own packages, replaces worker-1 with a real `kubeadm join`
// at v1.21.0; worker-1's machine, reset, then replaces worker-2. The first run is killed after the
// spare's join has begun and before the journal records it; a new process resumes and finishes.

describe('kubehop upgrades the workers of a real kubeadm v1.20.2 cluster by new nodes (surge)', realClusterSuiteOptions, () => {
  let spare: string;
  // Workloads select the pool by a label and tolerate its taint: both must reach the new nodes.
  const suite = realClusterSuite({
    name: 'real-surge',
    spares: 1,
    pool: 'web',
    prepare: async ({ cluster, reads }) => {
      const first = cluster.spares[0];
      assert.ok(first, 'the fixture started a spare machine');
      spare = first.name;
      // A spare has nothing of Kubernetes on it (docs/surge.md): the fixture prepared it like the
      // workers, so take the packages off again, keeping the repository it lists.
      await reads.onNode(spare, 'apt-mark unhold kubeadm kubelet kubectl >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kubeadm kubelet kubectl >/dev/null');
    },
  });
  // Bootstrap token ids (the public half) on the first control-plane node.
  const tokenIds = async () => (await suite.reads.onNode('cp-1', "kubeadm token list 2>/dev/null | awk 'NR > 1 { split($1, t, \".\"); print t[1] }'")).split('\n').filter((l) => l !== '').sort();

  test('plan --strategy surge lists the new-node steps of both workers, in order', async () => {
    const planned = await runCliCaptured(['plan', ...suite.flags, '--to', TARGET, '--strategy', 'surge', '-o', 'json']);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { steps: { id: string; node: string; action: string }[] };
    for (const worker of ['worker-1', 'worker-2']) {
      const actions = plan.steps.filter((s) => s.node === worker).map((s) => s.action);
      assert.deepEqual(actions, ['prepare-host', 'create-join-token', 'join-node', 'copy-node-marks', 'wait-ready', 'drain', 'delete-node', 'reset-host'], `${worker}: ${actions.join(', ')}`);
    }
    assert.ok(!plan.steps.some((s) => s.node.startsWith('worker-') && s.action === 'upgrade-kubelet'), 'no worker is upgraded in place');
  });

  test('apply --strategy surge, killed between the join and its journal record, resumed from a new process: both workers replaced, PDB held', async (t) => {
    const started = Date.now();
    const spareAddress = suite.cluster.spares[0]?.address ?? '';
    const tokensBefore = await tokenIds();
    let tokensAtKill: string[] = [];
    const argv = ['apply', ...suite.flags, '--to', TARGET, '--strategy', 'surge', '--spare-host', `${spare}=${spareAddress}`, '--yes'];
    const { minReady, samples } = await sampleWebWhile(suite.reads, async () => {
      // 1. SIGKILL once the spare's join has written its kubelet credentials, before kubehop records the join.
      const first = suite.spawn(argv);
      await whileRunning(first, 'the spare joining as worker-1\'s replacement', async () => {
        const recorded = (await suite.reads.journal().catch(() => undefined))?.replacedNodes?.['worker-1'];
        if (recorded !== spare) return undefined;
        return (await suite.reads.onNode(spare, 'test -e /etc/kubernetes/kubelet.conf && echo joined').catch(() => '')) === 'joined' ? true : undefined;
      }, 20 * 60_000);
      first.child.kill('SIGKILL');
      assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });
      tokensAtKill = await tokenIds();
      const atKill = await suite.reads.journal();
      t.diagnostic(`killed after ${Math.round((Date.now() - started) / 1000)}s; journal: ${JSON.stringify({ status: atKill?.status, replacedNodes: atKill?.replacedNodes })}`);
      assert.equal(atKill?.status, 'running');
      assert.equal(atKill?.replacedNodes?.['worker-1'], spare, 'the journal knew which machine replaces worker-1 before it joined');
      assert.ok(!atKill?.completedSteps.some((s) => s.endsWith('/worker-1/join-node')), `the join was not recorded yet: ${atKill?.completedSteps.join(', ')}`);

      // 2. A new process resumes with the same command and --resume, as an operator would: the
      // control plane is at the target already, so it goes on with the plan the run kept, and
      // finds the joined node instead of joining another.
      const resumed = await runCliCaptured([...argv, '--resume']);
      assert.equal(resumed.code, 0, `${resumed.stderr}\n${resumed.stdout.slice(-4000)}`);
      assert.match(resumed.stderr, /resuming the plan the interrupted run started with \(v1\.20\.2 -> v1\.21\.0, workers surge/);
      assert.match(resumed.stdout, /run completed/);
      t.diagnostic(`the upgrade took ${Math.round((Date.now() - started) / 1000)}s in all`);
    });

    assert.ok(samples > 100, `the PDB was sampled all along (${samples} samples)`);
    assert.ok(minReady >= 2, `at least 2 of 3 web pods Ready at every sample (minAvailable 2), saw ${minReady}`);
    assert.deepEqual(await suite.reads.cordoned(), [], 'no node left cordoned');
    assert.equal((await suite.reads.journal())?.status, 'completed');

    // The spare replaced worker-1; worker-1's machine, freed and reset, replaced worker-2 under its
    // own name; worker-2's machine is the spare now.
    const seen = await suite.reads.nodes();
    assert.deepEqual(seen.map((n) => [n.metadata.name, n.status.nodeInfo.kubeletVersion]).sort(), [['cp-1', TARGET], [spare, TARGET], ['worker-1', TARGET]].sort());
    for (const n of seen.filter((s) => s.metadata.name !== 'cp-1')) {
      assert.equal(n.metadata.labels?.pool, 'web', `${n.metadata.name} carries the pool label`);
      assert.ok(n.spec?.taints?.some((x) => x.key === 'dedicated' && x.value === 'web' && x.effect === 'NoSchedule'), `${n.metadata.name} carries the pool taint`);
      await assertPackagesHeld(suite.reads, n.metadata.name, '1.21.0-00');
    }
    const leftover = await suite.reads.onNode('worker-2', "dpkg-query -W -f='${Status}\\n' kubeadm kubelet kubectl 2>/dev/null | grep -c 'install ok installed' || true; ls /etc/kubernetes /var/lib/kubelet 2>&1 | grep -c 'No such file' || true");
    assert.deepEqual(leftover.split('\n'), ['0', '2'], 'worker-2\'s machine is reset: no Kubernetes packages, no /etc/kubernetes, no /var/lib/kubelet');
    // The killed run's join token (its secret died with the process) is deleted by the resumed
    // run, under the id kubehop fixes per machine; every token the resumed run made is gone too.
    assert.ok(tokensAtKill.some((id) => !tokensBefore.includes(id)), `the killed run had made a join token: ${tokensAtKill.join(', ')}`);
    assert.deepEqual(await tokenIds(), tokensBefore, 'no join token outlives the run');
    const pods = await suite.reads.webPods();
    await eventually('3 web pods Ready on the new nodes', async () => {
      const ready = (await suite.reads.webPods()).filter(isReady);
      return ready.length === 3 && ready.every((p) => p.spec.nodeName === spare || p.spec.nodeName === 'worker-1') ? true : undefined;
    });
    t.diagnostic(`web pods at the end: ${pods.map((p) => `${p.metadata.name}@${p.spec.nodeName ?? '?'}`).join(', ')}`);
  });
});
