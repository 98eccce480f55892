import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseVersion } from '../../../src/core/version/index.js';
import { startEmulatedNodes, type EmulatedNodes } from './emulated-nodes.js';
import { nodeDirOf, nodeIn, readClusterState, readNodeState, updateStates } from './node-state.js';

// The node-side tools of emulated nodes, run as an SSH session runs them (node-session.sh) but
// without sshd or an API server: apt's holds and versions, kubeadm's version policy, the kubelet
// restart, etcd snapshots, and each node's own /etc and /var/lib. Needs root (mount namespaces).

const skip = process.getuid?.() !== 0 ? 'the emulated nodes need root (mount namespaces); run the tests as root' : undefined;

describe('the tools of an emulated node', { skip }, () => {
  let nodes: EmulatedNodes;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubehop-nodes-'));
    nodes = await startEmulatedNodes({
      clusterDir: dir,
      version: parseVersion('v1.20.2'),
      nodes: [
        { name: 'cp-1', role: 'control-plane' },
        { name: 'cp-2', role: 'control-plane' },
        { name: 'worker-1', role: 'worker' },
      ],
      agentWaitMs: 0,
    });
  });

  after(async () => {
    await nodes?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function sh(node: string, command: string) {
    const r = await nodes.exec(node, command);
    return { code: r.exitCode, out: r.stdout, err: r.stderr };
  }

  test('answers with the versions a kubeadm v1.20.2 node has', async () => {
    const cases: [string, string][] = [
      ['kubeadm version -o short', 'v1.20.2\n'],
      ['kubelet --version', 'Kubernetes v1.20.2\n'],
      ['kubectl version --client', 'Client Version: v1.20.2\n'],
      ["dpkg-query -W -f='${Version}' kubelet", '1.20.2-00'],
      ['apt-mark showhold', 'kubeadm\nkubelet\nkubectl\n'],
      ['cat /etc/apt/sources.list.d/kubernetes.list', 'deb https://apt.kubernetes.io/ kubernetes-xenial main\n'],
      ['hostname', 'cp-1\n'],
    ];
    for (const [command, expected] of cases) {
      assert.deepEqual(await sh('cp-1', command), { code: 0, out: expected, err: '' }, command);
    }
  });

  test('refuses to change a held package, and installs it once the hold is lifted', async () => {
    const held = await sh('worker-1', 'apt-get install -y kubeadm=1.21.14-00');
    assert.equal(held.code, 100);
    assert.equal(held.err, 'E: Held packages were changed and -y was used without --allow-change-held-packages.\n');
    const installed = await sh('worker-1', 'apt-mark unhold kubeadm && apt-get update && apt-get install -y kubeadm=1.21.14-00 && apt-mark hold kubeadm');
    assert.equal(installed.code, 0, installed.err);
    assert.match(installed.out, /Setting up kubeadm \(1\.21\.14-00\) \.\.\./);
    assert.equal((await sh('worker-1', 'kubeadm version -o short')).out, 'v1.21.14\n');
  });

  test('installs only versions the node repository offers', async () => {
    const cases: [string, number, string][] = [
      ['apt-get install -y --allow-change-held-packages kubectl=1.21.14-1.1', 100, "E: Version '1.21.14-1.1' for 'kubectl' was not found\n"],
      ['apt-get install -y --allow-change-held-packages kubectl=1.21.14', 100, "E: Version '1.21.14' for 'kubectl' was not found\n"],
      ['apt-get install -y --allow-change-held-packages kubectl=1.19.16-00', 100, 'E: Packages were downgraded and -y was used without --allow-downgrades.\n'],
      ['apt-get install -y nginx', 100, 'E: Unable to locate package nginx\n'],
      ['apt-get install -y --allow-change-held-packages kubectl=1.21.*-00', 100, "E: Version '1.21.*-00' for 'kubectl' was not found\n"],
    ];
    for (const [command, code, err] of cases) {
      const r = await sh('cp-2', command);
      assert.deepEqual({ code: r.code, err: r.err }, { code, err }, command);
    }
  });

  test('follows the repository that sed switches to pkgs.k8s.io, a minor at a time', async () => {
    const pkgs = "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.24/deb/ /' > /etc/apt/sources.list.d/kubernetes.list";
    assert.equal((await sh('cp-2', pkgs)).code, 0);
    const before = await sh('cp-2', 'apt-get install -y --allow-change-held-packages kubectl=1.25.16-*');
    assert.equal(before.err, "E: Version '1.25.16-*' for 'kubectl' was not found\n");
    const switched = await sh('cp-2', "sed -E -i 's#(core:/stable:/)v1\\.[0-9]+/#\\1v1.25/#g' /etc/apt/sources.list.d/kubernetes.list && apt-get update && apt-get install -y --allow-change-held-packages kubectl=1.25.16-*");
    assert.equal(switched.code, 0, switched.err);
    assert.equal((await sh('cp-2', "dpkg-query -W -f='${Version}\\n' kubectl")).out, '1.25.16-1.1\n');
    assert.equal((await sh('cp-1', 'cat /etc/apt/sources.list.d/kubernetes.list')).out, 'deb https://apt.kubernetes.io/ kubernetes-xenial main\n', 'cp-1 keeps its own /etc');
  });

  test('kubeadm upgrade apply enforces the version policy and rewrites the static pods', async () => {
    const cases: [string, string, RegExp][] = [
      ['worker-1', 'kubeadm upgrade apply v1.21.14 --yes', /FATAL: failed to load admin kubeconfig/],
      ['cp-1', 'kubeadm upgrade apply v1.21.14 --yes', /kubeadm v1\.20\.2 cannot upgrade to v1\.21\.14: install kubeadm v1\.21\.14 first/],
    ];
    for (const [node, command, err] of cases) {
      const r = await sh(node, command);
      assert.equal(r.code, 1, command);
      assert.match(r.err, err, command);
    }
    assert.equal((await sh('cp-1', 'apt-mark unhold kubeadm && apt-get install -y kubeadm=1.22.17-00')).code, 0);
    const skips = await sh('cp-1', 'kubeadm upgrade apply v1.22.17 --yes');
    assert.match(skips.err, /cannot upgrade the control plane from v1\.20\.2 to v1\.22\.17 in one step/);
    assert.equal((await sh('cp-1', 'apt-get install -y --allow-downgrades kubeadm=1.21.14-00')).code, 0);
    const applied = await sh('cp-1', 'kubeadm upgrade apply v1.21.14 --yes');
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /SUCCESS! A control plane node of your cluster was upgraded to "v1\.21\.14"/);
    assert.deepEqual({ pods: readState('cp-1').staticPods, config: readCluster().kubernetesVersion, proxy: readCluster().kubeProxy }, {
      pods: { apiserver: 'v1.21.14', controllerManager: 'v1.21.14', scheduler: 'v1.21.14', etcd: '3.4.13-0' },
      config: 'v1.21.14',
      proxy: 'v1.21.14',
    });
  });

  test('kubeadm upgrade node brings a second control-plane node to the cluster version', async () => {
    assert.equal((await sh('cp-2', 'apt-mark unhold kubeadm && apt-get install -y kubeadm=1.21.14-00')).code, 100, 'cp-2 now lists v1.25 packages only');
    const legacy = "echo 'deb https://apt.kubernetes.io/ kubernetes-xenial main' > /etc/apt/sources.list.d/kubernetes.list && apt-get update && apt-get install -y kubeadm=1.21.14-00";
    assert.equal((await sh('cp-2', legacy)).code, 0);
    const r = await sh('cp-2', 'kubeadm upgrade node');
    assert.equal(r.code, 0, r.err);
    assert.equal(readState('cp-2').staticPods?.apiserver, 'v1.21.14');
    assert.equal(readState('cp-2').lastManagedBy, 'v1.21.14');
  });

  test('a kubelet restart runs the installed kubelet', async () => {
    await sh('worker-1', 'apt-mark unhold kubelet && apt-get install -y kubelet=1.21.14-00');
    assert.equal(readState('worker-1').kubelet.running, 'v1.20.2', 'installing does not restart the kubelet');
    assert.equal((await sh('worker-1', 'systemctl daemon-reload && systemctl restart kubelet')).code, 0);
    assert.deepEqual({ running: readState('worker-1').kubelet.running, restarts: readState('worker-1').kubelet.restarts }, { running: 'v1.21.14', restarts: 1 });
  });

  test("takes an etcd snapshot into the node's own /var/lib, on control-plane nodes only", async () => {
    const path = '/var/lib/kubehop/etcd-before-v1.20.2.db';
    const saved = await sh('cp-1', `mkdir -p /var/lib/kubehop && env ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt snapshot save ${path} && env ETCDCTL_API=3 etcdctl --write-out=table snapshot status ${path} && test -s ${path}`);
    assert.equal(saved.code, 0, saved.err);
    assert.match(saved.out, /^Snapshot saved at \/var\/lib\/kubehop\/etcd-before-v1\.20\.2\.db\n\+-+/);
    assert.ok(readState('cp-1').snapshots[path]?.bytes, 'recorded in the state');
    assert.equal((await sh('cp-2', `test -e ${path}`)).code, 1, 'other nodes do not see it');
    const worker = await sh('worker-1', `mkdir -p /var/lib/kubehop && etcdctl snapshot save ${path}`);
    assert.deepEqual({ code: worker.code, err: worker.err }, { code: 1, err: 'Error: dial tcp 127.0.0.1:2379: connect: connection refused\n' });
  });

  test("answers kubehop's repository probe for pkgs.k8s.io and for the source its own apt list names, unless the node cannot resolve it", async () => {
    const probe = (url: string) => `curl -fsS -o /dev/null --max-time 10 '${url}'`;
    const mirror = "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-archive-keyring.gpg] http://mirror.corp/k8s/apt kubernetes-xenial main' > /etc/apt/sources.list.d/kubernetes.list";
    assert.equal((await sh('worker-1', mirror)).code, 0);
    const notFound = { code: 22, out: '', err: 'curl: (22) The requested URL returned error: 404\n' };
    const arch = process.arch === 'x64' ? 'amd64' : process.arch;
    const cases: Array<[string, string, { code: number; out: string; err: string }]> = [
      ['worker-1', probe('https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease'), { code: 0, out: '', err: '' }],
      ['worker-1', probe('https://pkgs.k8s.io/core:/stable:/v1.31/rpm/repodata/repomd.xml'), { code: 0, out: '', err: '' }],
      ['worker-1', probe('https://pkgs.k8s.io/core:/stable:/v1.21/deb/InRelease'), notFound],
      ['worker-1', probe('https://mirror.corp/core:/stable:/v1.31/deb/InRelease'), notFound],
      // worker-1's list names the mirror: its release files are there, as apt-get update fetches them.
      ['worker-1', probe('http://mirror.corp/k8s/apt/dists/kubernetes-xenial/InRelease'), { code: 0, out: '', err: '' }],
      ['worker-1', probe('http://mirror.corp/k8s/apt/dists/kubernetes-xenial/Release'), { code: 0, out: '', err: '' }],
      ['worker-1', probe('http://mirror.corp/k8s/apt/dists/kubernetes-bionic/InRelease'), notFound],
      ['worker-1', probe('https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease'), { code: 6, out: '', err: 'curl: (6) Could not resolve host: apt.kubernetes.io\n' }],
      ['worker-1', 'apt-get update', { code: 0, out: 'Hit:1 http://mirror.corp/k8s/apt kubernetes-xenial InRelease\nReading package lists... Done\n', err: '' }],
      // cp-1 keeps the legacy list kubeadm's old install guide wrote.
      ['cp-1', probe('https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease'), { code: 0, out: '', err: '' }],
      ['cp-1', probe('http://mirror.corp/k8s/apt/dists/kubernetes-xenial/InRelease'), { code: 6, out: '', err: 'curl: (6) Could not resolve host: mirror.corp\n' }],
      ['worker-1', 'curl https://pkgs.k8s.io/', { code: 2, out: '', err: 'curl: only "curl -fsS [-o /dev/null] --max-time SECONDS URL" is emulated on this node, not: curl https://pkgs.k8s.io/\n' }],
      ['worker-1', `curl -fsS --max-time 10 'http://mirror.corp/k8s/apt/dists/kubernetes-xenial/main/binary-${arch}/Packages.gz'`, notFound],
      ['cp-2', probe('https://pkgs.k8s.io/core:/stable:/v1.31/deb/InRelease'), { code: 6, out: '', err: 'curl: (6) Could not resolve host: pkgs.k8s.io\n' }],
      ['cp-2', probe('https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease'), { code: 6, out: '', err: 'curl: (6) Could not resolve host: apt.kubernetes.io\n' }],
    ];
    updateStates(dir, (tx) => {
      const node = nodeIn(tx.nodes, 'cp-2');
      node.unreachableHosts = ['pkgs.k8s.io', 'apt.kubernetes.io'];
      tx.changed(node);
    });
    for (const [node, command, expected] of cases) assert.deepEqual(await sh(node, command), expected, `${node}: ${command}`);
    // The legacy source's Packages index lists what its apt installs: every catalog patch before v1.24, nothing after.
    const index = await sh('worker-1', `curl -fsS --max-time 10 'http://mirror.corp/k8s/apt/dists/kubernetes-xenial/main/binary-${arch}/Packages'`);
    assert.equal(index.code, 0, index.err);
    assert.match(index.out, new RegExp(`^Package: kubeadm\\nVersion: 1\\.21\\.14-00\\nArchitecture: ${arch}$`, 'm'));
    assert.doesNotMatch(index.out, /Version: 1\.21\.15-|Version: 1\.24\./);
    assert.deepEqual(await sh('worker-1', 'apt-get install -y --allow-change-held-packages kubectl=1.21.15-00'), { code: 100, out: 'Reading package lists...\nBuilding dependency tree...\n', err: "E: Version '1.21.15-00' for 'kubectl' was not found\n" }, 'apt installs no version the index does not list');
    // A mirror that stopped short: neither its index nor its apt has the version.
    updateStates(dir, (tx) => {
      const node = nodeIn(tx.nodes, 'worker-1');
      node.legacyMissing = ['1.21.14'];
      tx.changed(node);
    });
    const short = await sh('worker-1', `curl -fsS --max-time 10 'http://mirror.corp/k8s/apt/dists/kubernetes-xenial/main/binary-${arch}/Packages'`);
    assert.doesNotMatch(short.out, /Version: 1\.21\.14-/);
    assert.match(short.out, /Version: 1\.21\.13-00/);
    assert.equal((await sh('worker-1', 'apt-get install -y --allow-change-held-packages kubectl=1.21.14-00')).err, "E: Version '1.21.14-00' for 'kubectl' was not found\n");
  });

  const readState = (name: string) => readNodeState(nodeDirOf(dir, name));
  const readCluster = () => readClusterState(dir);
});
