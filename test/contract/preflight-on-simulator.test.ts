import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCluster } from '../../src/adapters/file/read-cluster-file.js';
import { readRemovedApis } from '../../src/adapters/file/read-removed-apis.js';
import { readBreakingChanges } from '../../src/adapters/file/read-breaking-changes.js';
import { createSimulation } from '../../src/adapters/sim/index.js';
import { observeNodes } from '../../src/app/observe-nodes.js';
import { parseFlags, type ClusterSnapshot } from '../../src/core/cluster/index.js';
import { planUpgrade } from '../../src/core/planning/index.js';
import { checkPreflight, type PreflightFinding } from '../../src/core/preflight/index.js';
import { parseVersion } from '../../src/core/version/index.js';
import { aCluster } from '../builders/cluster-builder.js';
import { latestPatch } from '../builders/release-patches.js';

// Every preflight check on the simulator: the shop cluster is loaded into a simulation and read
// back the way a live cluster is read (the API snapshot, then each node over its shell: OS,
// packages, repository, holds, swap, free disk, certificates, the next minor's repository). The
// checks must find exactly what they find in the cluster file the simulation was built from.

async function preflight(cluster: ClusterSnapshot, to = '1.37.1'): Promise<PreflightFinding[]> {
  const plan = planUpgrade(cluster, { target: parseVersion(to), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  return checkPreflight({ cluster, plan, removedApis: await readRemovedApis(), breakingChanges: await readBreakingChanges(), today: '2026-11-25' });
}

async function readBack(file: ClusterSnapshot): Promise<{ cluster: ClusterSnapshot; problems: string[] }> {
  // Started today, so certificates the file does not list are a fresh year old, as after kubeadm init.
  const sim = createSimulation(file, { seed: 1, eventLog: false, startMs: Date.parse('2026-11-25T00:00:00Z') });
  const api = await sim.api.readSnapshot();
  const observed = await observeNodes(sim.shell, api.nodes);
  return { cluster: { ...api, nodes: observed.nodes }, problems: observed.problems };
}

describe('preflight on the simulator', () => {
  it('finds in the simulated shop cluster, read like a live one, exactly what it finds in its file', async () => {
    const file = await readCluster('shop');
    const { cluster, problems } = await readBack(file);
    assert.deepEqual(problems, []);
    const fromFile = await preflight(file);
    assert.ok(fromFile.some((f) => f.severity === 'blocking'));
    assert.deepEqual(await preflight(cluster), fromFile);
  });

  it('names the dockershim and the removed kubelet flag on every node of a kubeadm v1.20 cluster on Docker for v1.24, and not for v1.21', async () => {
    const facts = { containerRuntimeVersion: 'docker://20.10.24', kubeletFlags: parseFlags('KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=registry.rk:5000/pause:3.2"', '/var/lib/kubelet/kubeadm-flags.env'), kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: { cgroupDriver: 'systemd' } } };
    const built = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 2).withRepository({ era: 'legacy' }).build();
    const file: ClusterSnapshot = { ...built, kubeadmConfig: { apiVersion: 'kubeadm.k8s.io/v1beta2', imageRepository: 'registry.rk:5000', extraArgs: [] }, nodes: built.nodes.map((n) => ({ ...n, facts })) };
    const { cluster, problems } = await readBack(file);
    // v1.21 predates pkgs.k8s.io: the nodes' own legacy source is asked, so the reads miss nothing.
    assert.deepEqual(problems, []);
    assert.deepEqual(cluster.nodes.map((n) => n.facts?.repositoryProbed), ['https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease', 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease', 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease']);
    const breaking = (findings: PreflightFinding[]) => findings.filter((f) => f.check === 'breaking-changes').map((f) => `${f.code} ${f.subject}`);
    assert.deepEqual(breaking(await preflight(cluster, '1.24.17')), ['DOCKERSHIM_REMOVED node/cp-1', 'DOCKERSHIM_REMOVED node/worker-1', 'DOCKERSHIM_REMOVED node/worker-2', 'KUBELET_FLAG_REMOVED node/cp-1', 'KUBELET_FLAG_REMOVED node/worker-1', 'KUBELET_FLAG_REMOVED node/worker-2']);
    assert.ok((await preflight(cluster, '1.24.17')).some((f) => f.message.includes('--network-plugin=cni from /var/lib/kubelet/kubeadm-flags.env on worker-2')));
    assert.deepEqual(breaking(await preflight(cluster, '1.21.14')), []);
  });

  it("asks a legacy yum node's own source, with its architecture, and words what it could not reach for that source", async () => {
    const built = aCluster().withControlPlane('v1.21.14', 1).withWorkers('v1.21.14', 1).withOs({ image: 'CentOS Linux 7 (Core)', family: 'rhel', packageManager: 'yum' }).withRepository({ era: 'legacy' }).withNode('worker-1', { facts: { repositoryReachable: false } }).build();
    const { cluster, problems } = await readBack(built);
    assert.deepEqual(problems, []);
    const repomd = 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64/repodata/repomd.xml';
    assert.deepEqual(cluster.nodes.map((n) => [n.name, n.facts?.repositoryReachable, n.facts?.repositoryProbed]), [['cp-1', true, repomd], ['worker-1', false, repomd]]);
    const unreachable = (await preflight(cluster, '1.22.17')).filter((f) => f.code === 'REPOSITORY_UNREACHABLE');
    assert.deepEqual(unreachable.map((f) => f.subject), ['node/worker-1']);
    assert.match(unreachable[0]?.message ?? '', /^worker-1 cannot reach its own package source for v1\.22, the legacy Google repository \(https:\/\/packages\.cloud\.google\.com\/yum\/repos\/kubernetes-el7-x86_64\/repodata\/repomd\.xml did not answer\)/);
  });

  const cases: { name: string; change: (c: ClusterSnapshot) => ClusterSnapshot; code: string }[] = [
    { name: 'sees etcd unhealthy', change: (c) => ({ ...c, etcdHealthy: false }), code: 'ETCD_UNHEALTHY' },
    { name: 'sees too little free disk', change: (c) => ({ ...c, nodes: c.nodes.map((n) => (n.name === 'worker-1' ? { ...n, facts: { ...n.facts, freeDiskBytes: 2 ** 29 } } : n)) }), code: 'DISK_LOW' },
    { name: 'sees an expired certificate', change: (c) => ({ ...c, nodes: c.nodes.map((n) => (n.role === 'control-plane' ? { ...n, certificates: [{ name: 'apiserver', expiresOn: '2026-11-01' }] } : n)) }), code: 'CERTIFICATE_EXPIRED' },
  ];
  for (const c of cases) {
    it(`${c.name} through the same reads`, async () => {
      const changed = c.change(await readCluster('demo'));
      const { cluster } = await readBack(changed);
      // The simulator's nodes hold their packages as kubeadm's install guide says; the file did not say.
      const judged = (findings: PreflightFinding[]) => findings.filter((f) => f.severity !== 'info');
      const codes = judged(await preflight(cluster)).map((f) => f.code);
      assert.ok(codes.includes(c.code), `expected ${c.code} in ${codes.join(', ')}`);
      assert.deepEqual(codes, judged(await preflight(changed)).map((f) => f.code));
    });
  }
});
