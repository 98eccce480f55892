import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isReady, type KubeList, type Pod } from './kube-objects.js';
import { assertPackagesHeld, eventually } from './kubeadm/cluster-reads.js';
import { realClusterSuite, realClusterSuiteOptions, sampleWebWhile, TARGET, whileRunning } from './kubeadm/real-cluster-suite.js';
import { runCliCaptured } from './run-cli.js';

// kubehop on a real kubeadm cluster (test/e2e/kubeadm): kubelet, kubeadm, kube-proxy and the
// control-plane static pods run for real in node containers with systemd, Docker (dockershim),
// apt and sshd. Nothing on the nodes is emulated. One cluster for the file: the reads first, then
// one upgrade v1.20.2 -> v1.21.0 that is killed mid-drain, stopped by a kubelet that cannot start,
// and resumed to the end, under a PodDisruptionBudget sampled all along.

describe('kubehop on a real kubeadm v1.20.2 cluster', realClusterSuiteOptions, () => {
  const suite = realClusterSuite({ name: 'real-kubeadm' });

  test('check reads the versions kubectl and the nodes report', async () => {
    const checked = await runCliCaptured(['check', ...suite.flags, '-o', 'json']);
    assert.equal(checked.code, 0, checked.stderr);
    const report = JSON.parse(checked.stdout) as { version: string; nodes: { name: string; role: string; kubelet: string; kubeadm?: string; controlPlane: { apiserver: string; controllerManager: string; scheduler: string } | null; ready: boolean; cordoned: boolean }[] };
    const seen = await suite.reads.nodes();
    assert.equal(report.version, 'v1.20.2');
    assert.deepEqual(
      report.nodes.map((n) => [n.name, n.kubelet, n.ready, n.cordoned]),
      seen.map((n) => [n.metadata.name, n.status.nodeInfo.kubeletVersion, n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'), n.spec?.unschedulable === true]),
    );
    assert.deepEqual(report.nodes.map((n) => [n.name, n.role]), [['cp-1', 'control-plane'], ['worker-1', 'worker'], ['worker-2', 'worker']]);
    const cp = report.nodes[0]?.controlPlane;
    assert.deepEqual([cp?.apiserver, cp?.controllerManager, cp?.scheduler], ['v1.20.2', 'v1.20.2', 'v1.20.2']);
    for (const node of suite.cluster.nodes) {
      assert.equal(await suite.reads.onNode(node.name, 'kubeadm version -o short'), 'v1.20.2', `kubeadm on ${node.name}`);
    }
  });

  test('plan --to v1.21.0 over SSH plans the packages the nodes repository serves', async () => {
    const planned = await runCliCaptured(['plan', ...suite.flags, '--to', TARGET, '-o', 'json']);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { from: string; to: string; hops: { version: string }[]; steps: { id: string; node: string; commands: string[][] }[] };
    assert.deepEqual([plan.from, plan.to, plan.hops.map((h) => h.version)], ['v1.20.2', TARGET, [TARGET]]);
    const commands = (id: string) => plan.steps.find((s) => s.id === id)?.commands.map((c) => c.join(' '));
    assert.deepEqual(commands('v1.21/control-plane/cp-1/kubeadm-apply'), [`kubeadm upgrade apply ${TARGET} --yes`]);
    // The nodes list the legacy apt.kubernetes.io layout, whose revisions end in -00.
    assert.ok(commands('v1.21/control-plane/cp-1/upgrade-kubeadm')?.includes('apt-get install -y kubeadm=1.21.0-00'), JSON.stringify(commands('v1.21/control-plane/cp-1/upgrade-kubeadm')));
    for (const w of ['worker-1', 'worker-2']) {
      assert.ok(plan.steps.some((s) => s.id === `v1.21/workers/${w}/drain`), `${w} is drained`);
    }
    // Every package the plan installs exists in the repository the node really reads.
    const pins = new Set(plan.steps.flatMap((s) => s.commands.flat().filter((a) => /^(kubeadm|kubelet|kubectl)=/.test(a)).map((a) => `${s.node} ${a}`)));
    for (const pin of pins) {
      const [node = '', spec = ''] = pin.split(' ');
      const [name = '', version = ''] = spec.split('=');
      const offered = await suite.reads.onNode(node, `apt-cache madison ${name} | awk '{print $3}'`);
      assert.ok(offered.split('\n').includes(version), `${node} can install ${spec}: the repository offers ${offered.replace(/\n/g, ', ')}`);
    }
  });

  test('preflight --to v1.21.0 over SSH finds nothing that stops the upgrade', async () => {
    const result = await runCliCaptured(['preflight', ...suite.flags, '--to', TARGET, '-o', 'json']);
    assert.equal(result.code, 0, `${result.stderr}\n${result.stdout}`);
    const findings = JSON.parse(result.stdout) as { findings?: { code: string; severity: string }[] } | { code: string; severity: string }[];
    const list = Array.isArray(findings) ? findings : (findings.findings ?? []);
    assert.deepEqual(list.filter((f) => f.severity === 'blocking'), []);
  });

  test('preflight --to 1.24 over SSH stops on the dockershim and the removed kubelet flag of every node, with the fix', async () => {
    const result = await runCliCaptured(['preflight', ...suite.flags, '--to', '1.24', '-o', 'json']);
    assert.equal(result.code, 3, `${result.stderr}\n${result.stdout}`);
    const parsed = JSON.parse(result.stdout) as { findings?: { code: string; severity: string; subject: string; message: string }[] } | { code: string; severity: string; subject: string; message: string }[];
    const blocking = (Array.isArray(parsed) ? parsed : (parsed.findings ?? [])).filter((f) => f.severity === 'blocking');
    const on = (code: string) => blocking.filter((f) => f.code === code).map((f) => f.subject).sort();
    const every = suite.cluster.nodes.map((n) => `node/${n.name}`).sort();
    assert.deepEqual(on('DOCKERSHIM_REMOVED'), every);
    assert.deepEqual(on('KUBELET_FLAG_REMOVED'), every);
    for (const f of blocking.filter((b) => b.code === 'KUBELET_FLAG_REMOVED')) {
      // What the node's own file says, with the line, and what to do about it.
      assert.match(f.message, /\/var\/lib\/kubelet\/kubeadm-flags\.env:1 .* sets --network-plugin=cni/);
      assert.match(f.message, /remove --network-plugin=cni from \/var\/lib\/kubelet\/kubeadm-flags\.env/);
    }
    assert.match(await suite.reads.onNode('worker-1', 'cat /var/lib/kubelet/kubeadm-flags.env'), /--network-plugin=cni/);
  });

  test('apply --to v1.21.0, killed mid-drain and stopped by a kubelet that cannot start, is resumed to the end without violating the PDB', async (t) => {
    const started = Date.now();
    const { minReady, samples } = await sampleWebWhile(suite.reads, async () => {
      const { argv, run: first } = await suite.applyFromPlan();

      // 1. SIGKILL while a worker is being drained.
      const victim = await whileRunning(first, 'a worker cordoned by the run', async () => (await suite.reads.cordoned()).find((n) => n.startsWith('worker-')), 15 * 60_000);
      first.child.kill('SIGKILL');
      assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });
      t.diagnostic(`killed during the drain of ${victim} after ${Math.round((Date.now() - started) / 1000)}s`);
      assert.equal((await suite.reads.journal())?.status, 'running');

      // 2. The other worker's kubelet cannot start at the new version: the run must stop there.
      const broken = victim === 'worker-1' ? 'worker-2' : 'worker-1';
      await suite.reads.onNode(broken, `echo 'KUBELET_EXTRA_ARGS=--kubehop-e2e-no-such-flag' >/etc/default/kubelet`);
      const failed = await runCliCaptured([...argv, '--resume', '--take-over-stale-lock']);
      assert.equal(failed.code, 1, `${failed.stderr}\n${failed.stdout.slice(-3000)}`);
      assert.match(failed.stderr, new RegExp(`${broken}`));
      assert.match(failed.stderr, /kubelet/);
      t.diagnostic(`stopped on ${broken}: ${failed.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      assert.notEqual((await suite.reads.journal())?.status, 'completed');
      // A crash-looping kubelet is "active" for the instant after each start: count systemd's restarts.
      const restarts = Number(await suite.reads.onNode(broken, 'systemctl show kubelet --property=NRestarts --value'));
      assert.ok(restarts >= 2, `the kubelet really does not start: systemd restarted it ${restarts} times`);

      // 3. The operator fixes the node; the run resumes and finishes.
      await suite.reads.onNode(broken, 'rm /etc/default/kubelet && systemctl restart kubelet');
      const resumed = await runCliCaptured([...argv, '--resume']);
      assert.equal(resumed.code, 0, `${resumed.stderr}\n${resumed.stdout.slice(-3000)}`);
      assert.match(resumed.stdout, /run completed/);
      t.diagnostic(`the upgrade took ${Math.round((Date.now() - started) / 1000)}s in all`);
    });

    assert.ok(samples > 100, `the PDB was sampled all along (${samples} samples)`);
    assert.ok(minReady >= 2, `at least 2 of 3 web pods Ready at every sample (minAvailable 2), saw ${minReady}`);
    assert.deepEqual(await suite.reads.cordoned(), [], 'no node left cordoned');
    assert.equal((await suite.reads.journal())?.status, 'completed');

    // What the cluster and the nodes themselves say.
    const seen = await suite.reads.nodes();
    assert.deepEqual(seen.map((n) => [n.metadata.name, n.status.nodeInfo.kubeletVersion]), [['cp-1', TARGET], ['worker-1', TARGET], ['worker-2', TARGET]]);
    const mirrors = (await suite.reads.getJson<KubeList<Pod>>(['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane'])).items;
    assert.deepEqual(
      mirrors.map((p) => p.spec.containers[0]?.image.replace(/^.*\//, '')).filter((i) => !i?.startsWith('etcd')).sort(),
      [`kube-apiserver:${TARGET}`, `kube-controller-manager:${TARGET}`, `kube-scheduler:${TARGET}`],
    );
    for (const node of suite.cluster.nodes) {
      await assertPackagesHeld(suite.reads, node.name, '1.21.0-00');
      assert.equal(await suite.reads.onNode(node.name, 'kubelet --version'), `Kubernetes ${TARGET}`);
    }
    const kubeadmPlan = await suite.reads.onNode('cp-1', 'kubeadm upgrade plan 2>&1 || true');
    assert.match(kubeadmPlan, /Cluster version: v1\.21\.0/, kubeadmPlan);
    await eventually('3 web pods Ready after the run', async () => ((await suite.reads.webPods()).filter(isReady).length === 3 ? true : undefined));
  });
});
