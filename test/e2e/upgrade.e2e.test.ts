import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { e2eClusterSkipReason, startE2eCluster, type E2eCluster } from './e2e-cluster.js';
import { runCliCaptured, spawnCli, sshFlags, type SpawnedCli } from './run-cli.js';
import { eventually as pollUntil } from './eventually.js';
import { isReady, journalOf, type KubeList, type Node, type Pod } from './kube-objects.js';
import { sampleReadyPods } from './sample-ready-pods.js';

// kubehop's CLI against the emulated cluster: a real v1.20.2 control plane (apiserver,
// controller-manager, scheduler), nodes whose kubelets the node agent plays, and node commands
// over a real sshd. One cluster for the file: the refusals first (they must change nothing),
// then v1.20 -> v1.21 under a PDB, then v1.21 -> v1.22 killed with SIGKILL and resumed.

const run = promisify(execFile);
const skip = e2eClusterSkipReason();
const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      containers: [{ name: web, image: "nginx:1.25" }]
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: { name: web, namespace: default }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: web } }
`;


/** Waits as long as a step of this suite may take. */
const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000) => pollUntil(what, probe, timeoutMs);


describe('kubehop against a real v1.20.2 control plane with emulated nodes over SSH', { skip, timeout: 600_000 }, () => {
  let cluster: E2eCluster;
  let scratch: string;
  let kc: string[];
  let ssh: string[];
  const children: SpawnedCli[] = [];

  async function kubectl(args: readonly string[], input?: string): Promise<string> {
    const kubectlBin = cluster.env.KUBEHOP_CP_KUBECTL as string;
    if (input === undefined) return (await run(kubectlBin, ['--kubeconfig', cluster.kubeconfig, ...args], { maxBuffer: 32 * 2 ** 20 })).stdout;
    const file = join(scratch, `input-${Date.now()}.yaml`);
    writeFileSync(file, input);
    return (await run(kubectlBin, ['--kubeconfig', cluster.kubeconfig, ...args, '-f', file])).stdout;
  }
  const getJson = async <T>(args: readonly string[]): Promise<T> => JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
  const nodes = async () => (await getJson<KubeList<Node>>(['get', 'nodes'])).items;
  const cordoned = async () => (await nodes()).filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata.name);
  const lease = async (): Promise<{ spec?: { holderIdentity?: string } } | undefined> => {
    const out = await kubectl(['get', 'lease', 'kubehop-upgrade', '-n', 'kube-system', '-o', 'json', '--ignore-not-found']);
    return out.trim() === '' ? undefined : JSON.parse(out);
  };
  const journal = async () => journalOf(await kubectl(['get', 'configmap', 'kubehop-journal', '-n', 'kube-system', '-o', 'json', '--ignore-not-found']));
  const webPods = async () => (await getJson<KubeList<Pod>>(['get', 'pods', '-n', 'default', '-l', 'app=web'])).items;
  async function assertAllAt(version: string): Promise<void> {
    const seen = (await nodes()).map((n) => [n.metadata.name, n.status.nodeInfo.kubeletVersion, n.spec?.unschedulable === true]);
    assert.deepEqual(seen, [['cp-1', version, false], ['worker-1', version, false], ['worker-2', version, false]]);
    const mirrors = (await getJson<KubeList<Pod>>(['get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane'])).items;
    assert.deepEqual(
      mirrors.map((p) => p.spec.containers[0]?.image.replace(/^.*\//, '')).filter((i) => !i?.startsWith('etcd')).sort(),
      [`kube-apiserver:${version}`, `kube-controller-manager:${version}`, `kube-scheduler:${version}`],
    );
  }

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kubehop-upgrade-e2e-'));
    cluster = await startE2eCluster({ controlPlanes: 1, workers: 2, version: 'v1.20.2' });
    kc = ['--kubeconfig', cluster.kubeconfig];
    ssh = sshFlags(cluster);
  });

  after(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await cluster?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('check reads every node at v1.20.2 through the kubeconfig', async () => {
    const checked = await runCliCaptured(['check', ...kc, '-o', 'json']);
    assert.equal(checked.code, 0, checked.stderr);
    const report = JSON.parse(checked.stdout) as { version: string; nodes: { name: string; role: string; kubelet: string; controlPlane: { apiserver: string } | null; ready: boolean; cordoned: boolean }[] };
    assert.equal(report.version, 'v1.20.2');
    assert.deepEqual(
      report.nodes.map((n) => [n.name, n.role, n.kubelet, n.controlPlane?.apiserver ?? null, n.ready, n.cordoned]),
      [['cp-1', 'control-plane', 'v1.20.2', 'v1.20.2', true, false], ['worker-1', 'worker', 'v1.20.2', null, true, false], ['worker-2', 'worker', 'v1.20.2', null, true, false]],
    );
  });

  test('plan --to 1.21 gives one hop to v1.21.14 with the package commands of the era the nodes report', async () => {
    const planned = await runCliCaptured(['plan', ...kc, ...ssh, '--to', '1.21', '-o', 'json']);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { from: string; to: string; hops: { version: string }[]; steps: { id: string; commands: string[][] }[] };
    assert.deepEqual([plan.from, plan.to, plan.hops.map((h) => h.version)], ['v1.20.2', 'v1.21.14', ['v1.21.14']]);
    // The emulated nodes keep the legacy apt repository (no pkgs.k8s.io lists), so: -00 revisions.
    assert.equal(cluster.nodeState('cp-1').aptListsMinor, null);
    const suffix = cluster.nodeState('cp-1').packages.kubeadm?.version.endsWith('-00') ? '-00' : '-1.1';
    assert.equal(suffix, '-00');
    const ids = plan.steps.map((s) => s.id.replace(/^v1\.2[01]\//, ''));
    assert.deepEqual(ids, [
      'prepare/cp-1/etcd-backup',
      ...['upgrade-kubeadm', 'kubeadm-plan', 'kubeadm-apply'].map((a) => `control-plane/cp-1/${a}`),
      ...['drain', 'upgrade-kubelet', 'wait-ready', 'uncordon'].map((a) => `control-plane-kubelet/cp-1/${a}`),
      // Both workers' kubeadm steps ahead of their drains (--prepare-ahead), then one drain window each.
      ...['worker-1', 'worker-2'].flatMap((w) => ['upgrade-kubeadm', 'kubeadm-upgrade-node'].map((a) => `workers/${w}/${a}`)),
      ...['worker-1', 'worker-2'].flatMap((w) => ['drain', 'upgrade-kubelet', 'wait-ready', 'uncordon'].map((a) => `workers/${w}/${a}`)),
    ]);
    const commands = (id: string) => plan.steps.find((s) => s.id === id)?.commands.map((c) => c.join(' '));
    assert.deepEqual(commands('v1.21/control-plane/cp-1/upgrade-kubeadm'), ['apt-mark unhold kubeadm', 'apt-get update', `apt-get install -y kubeadm=1.21.14${suffix}`, 'apt-mark hold kubeadm']);
    assert.deepEqual(commands('v1.21/control-plane/cp-1/kubeadm-apply'), ['kubeadm upgrade apply v1.21.14 --yes']);
    assert.deepEqual(commands('v1.21/workers/worker-2/upgrade-kubelet')?.[2], `apt-get install -y kubelet=1.21.14${suffix} kubectl=1.21.14${suffix}`);
  });

  describe('refusals that change nothing', () => {
    async function assertUnchanged(): Promise<void> {
      assert.deepEqual(await cordoned(), [], 'no node cordoned');
      const held = await lease();
      assert.ok(held === undefined || !held.spec?.holderIdentity, `no Lease held, saw ${JSON.stringify(held?.spec)}`);
      assert.deepEqual((await nodes()).map((n) => n.status.nodeInfo.kubeletVersion), ['v1.20.2', 'v1.20.2', 'v1.20.2']);
    }

    test('a kubeconfig whose server does not answer is named with its address', async () => {
      const text = readFileSync(cluster.kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:9');
      const file = join(scratch, 'unreachable.kubeconfig');
      writeFileSync(file, text);
      const result = await runCliCaptured(['apply', '--kubeconfig', file, ...ssh, '--to', '1.21', '--yes']);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /127\.0\.0\.1:9/);
      await assertUnchanged();
    });

    test('a context the kubeconfig does not have is named, with the ones it has', async () => {
      const result = await runCliCaptured(['apply', ...kc, '--context', 'no-such-context', ...ssh, '--to', '1.21', '--yes']);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /no-such-context/);
      assert.match(result.stderr, /admin@kubehop-e2e/);
      await assertUnchanged();
    });

    test('a node whose host key is not known is refused without --ssh-accept-new', async () => {
      const empty = join(scratch, 'empty_known_hosts');
      writeFileSync(empty, '');
      const result = await runCliCaptured(['apply', ...kc, ...sshFlags(cluster, { knownHosts: empty }), '--to', '1.21', '--yes']);
      assert.notEqual(result.code, 0, result.stdout);
      assert.match(result.stderr + result.stdout, /host key/i);
      assert.match(result.stderr + result.stdout, /--ssh-accept-new|known.hosts/);
      await assertUnchanged();
    });

    test('a user without RBAC is told which permission is missing', async () => {
      const result = await runCliCaptured(['apply', '--kubeconfig', cluster.env.KUBEHOP_CP_LIMITED_KUBECONFIG as string, ...ssh, '--to', '1.21', '--yes']);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /403|forbidden|permission/i);
      assert.match(result.stderr, /limited/);
      await assertUnchanged();
    });

    test('a node that cannot reach the legacy apt source its own list names is blocked on by preflight and apply, naming that source', async () => {
      cluster.changeNode('worker-1', (n) => (n.unreachableHosts = ['apt.kubernetes.io']));
      try {
        const checked = await runCliCaptured(['preflight', ...kc, ...ssh, '--to', '1.21', '-o', 'json']);
        assert.equal(checked.code, 3, `${checked.stderr}\n${checked.stdout}`);
        assert.doesNotMatch(checked.stderr, /failed to check that node|failed to probe/);
        const findings = (JSON.parse(checked.stdout) as { findings: { code: string; subject: string; message: string }[] }).findings.filter((f) => f.code === 'REPOSITORY_UNREACHABLE');
        assert.deepEqual(findings.map((f) => f.subject), ['node/worker-1']);
        assert.match(findings[0]?.message ?? '', /^worker-1 cannot reach its own package source for v1\.21, the legacy Google repository \(https:\/\/apt\.kubernetes\.io\/dists\/kubernetes-xenial\/InRelease did not answer\)/);
        assert.doesNotMatch(findings[0]?.message ?? '', /cannot reach (its )?pkgs\.k8s\.io/);
        const applied = await runCliCaptured(['apply', ...kc, ...ssh, '--to', '1.21', '--yes']);
        assert.equal(applied.code, 3, `${applied.stderr}\n${applied.stdout}`);
        assert.match(applied.stderr + applied.stdout, /REPOSITORY_UNREACHABLE/);
        await assertUnchanged();
      } finally {
        cluster.changeNode('worker-1', (n) => (n.unreachableHosts = []));
      }
    });

    test('a node whose own legacy source answers but lacks the version the plan installs first is blocked on by preflight', async () => {
      cluster.changeNode('worker-2', (n) => (n.legacyMissing = ['1.21.14']));
      try {
        const checked = await runCliCaptured(['preflight', ...kc, ...ssh, '--to', '1.21', '-o', 'json']);
        assert.equal(checked.code, 3, `${checked.stderr}\n${checked.stdout}`);
        const findings = (JSON.parse(checked.stdout) as { findings: { code: string; subject: string; message: string }[] }).findings.filter((f) => f.code.startsWith('REPOSITORY_'));
        assert.deepEqual(findings.map((f) => `${f.code} ${f.subject}`), ['REPOSITORY_MISSING_VERSION node/worker-2']);
        assert.match(findings[0]?.message ?? '', /^worker-2's own package source \(https:\/\/apt\.kubernetes\.io\/dists\/kubernetes-xenial\/InRelease\) answers but has no kubeadm v1\.21\.14, which the plan installs there first \(it lists v1\.21\.0, .*v1\.21\.13\)/);
        await assertUnchanged();
      } finally {
        cluster.changeNode('worker-2', (n) => (n.legacyMissing = []));
      }
    });

    test("a Lease held by another run stops apply with the holder's name", async () => {
      const now = new Date().toISOString().replace(/\.\d+Z$/, '.000000Z');
      await kubectl(['create'], JSON.stringify({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'kubehop-upgrade', namespace: 'kube-system', annotations: { 'kubehop.io/pid': '1', 'kubehop.io/host': 'bastion-7' } },
        spec: { holderIdentity: 'alice (kubehop apply)', leaseDurationSeconds: 1800, acquireTime: now, renewTime: now },
      }));
      try {
        const result = await runCliCaptured(['apply', ...kc, ...ssh, '--to', '1.21', '--yes']);
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, /alice \(kubehop apply\)/);
        assert.deepEqual(await cordoned(), []);
        assert.equal((await lease())?.spec?.holderIdentity, 'alice (kubehop apply)', 'the refused run leaves the Lease as it was');
      } finally {
        await kubectl(['delete', 'lease', 'kubehop-upgrade', '-n', 'kube-system']);
      }
    });
  });

  test('apply --to 1.21 upgrades every node under a PDB that is never violated', async (t) => {
    await kubectl(['apply'], WEB);
    await eventually('3 web pods Ready', async () => ((await webPods()).filter(isReady).length === 3 ? true : undefined));
    const sampler = sampleReadyPods(webPods, 3);
    const started = Date.now();
    const reportFile = join(scratch, 'live-apply.html');
    const result = await runCliCaptured(['apply', ...kc, ...ssh, '--to', '1.21', '--yes', '-o', 'json', '--report', reportFile]).finally(() => sampler.stop());
    const { minReady } = await sampler.stop();
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; pod?: string; status?: string });
    assert.equal(result.code, 0, `${result.stderr}\n${result.stdout.slice(-3000)}`);
    // The nodes' own legacy source answers the probe for v1.21: no warning that it could not be asked.
    assert.doesNotMatch(result.stderr, /failed to check that node|failed to probe/);
    assert.equal(events.at(-1)?.status, 'completed');
    t.diagnostic(`apply v1.20.2 -> v1.21.14 took ${Math.round((Date.now() - started) / 1000)}s`);
    const evicted = events.filter((e) => e.kind === 'pod-evicted' && e.pod?.startsWith('web-'));
    const refused = events.filter((e) => e.kind === 'eviction-blocked' && e.pod?.startsWith('web-'));
    // Each worker held web pods when drained. Pods of one budget ask for their evictions in turn,
    // each once the budget allows a disruption, so the budget refuses none (no 429 to retry).
    assert.ok(evicted.length >= 3, `web pods evicted: ${evicted.length}`);
    assert.deepEqual(refused.map((e) => e.pod), [], 'no eviction refused by the PDB');
    assert.ok(minReady >= 2, `at least 2 of 3 web pods Ready at every sample, saw ${minReady}`);
    await assertAllAt('v1.21.14');
    await eventually('3 web pods Ready after the run', async () => ((await webPods()).filter(isReady).length === 3 ? true : undefined));
    assert.equal((await lease())?.spec?.holderIdentity ?? '', '', 'the Lease is released');
    // The live report charts the workloads as sampled from the cluster during the run: web beside
    // its budget's minimum.
    const html = readFileSync(reportFile, 'utf8');
    assert.doesNotMatch(html, /Not sampled on this run/);
    assert.match(html, /sampled from the cluster every 5s/);
    const chart = (name: string) => html.match(new RegExp(`<svg class="chart availability"[^>]*aria-label="Available pods of ${name}">[\\s\\S]*?</svg>`))?.[0];
    const web = chart('Deployment default/web');
    assert.ok(web, 'a chart of Deployment default/web');
    assert.match(web, /<path class="available" d="M/);
    assert.match(web, /<path class="desired" d="M/);
    assert.match(web, /<path class="budget" d="M[^"]*"[^>]*><title>budget minimum \(web\)<\/title>/);
  });

  test('apply killed with SIGKILL mid-run is finished by apply --plan --resume, which takes over the lock of the dead run on this host unasked', async () => {
    // The plan is saved first, as an operator would: the run that resumes carries out the same plan.
    const planned = await runCliCaptured(['plan', ...kc, ...ssh, '--to', '1.22', '-o', 'json']);
    assert.equal(planned.code, 0, planned.stderr);
    const planFile = join(mkdtempSync(join(tmpdir(), 'kubehop-plan-')), 'plan.json');
    writeFileSync(planFile, planned.stdout);
    // The completed journal of the v1.21 run is history: this plan starts a journal of its own.
    const argv = ['apply', ...kc, ...ssh, '--plan', planFile, '--yes'];
    const first = spawnCli(argv);
    children.push(first);
    await eventually('a node cordoned by the run, after a few completed steps', async () => {
      if (first.child.exitCode !== null) assert.fail(`the run ended early (${first.child.exitCode}):\n${first.output()}`);
      const record = await journal();
      return record && record.completedSteps.length >= 4 && (await cordoned()).length > 0 ? true : undefined;
    }, 120_000);
    first.child.kill('SIGKILL');
    assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });
    assert.ok((await cordoned()).length > 0, 'the killed run left a node cordoned');
    assert.ok((await lease())?.spec?.holderIdentity, 'the killed run left its Lease');
    assert.equal((await journal())?.status, 'running');

    // The Lease names this host and a pid that is gone: provably stale, taken over without a flag.
    const resumed = await runCliCaptured([...argv, '--resume']);
    assert.equal(resumed.code, 0, `${resumed.stderr}\n${resumed.stdout.slice(-3000)}`);
    assert.match(resumed.stdout, /run completed/);
    await assertAllAt('v1.22.17');
    assert.equal((await journal())?.status, 'completed');
  });
});
