import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import type { ClusterSnapshot, NodeFacts } from '../cluster/index.js';
import { planUpgrade } from '../planning/index.js';
import { parseVersion } from '../version/index.js';
import { checkNodeFacts } from './check-node-facts.js';

const withFacts = (facts: NodeFacts, os?: { image: string; family: 'rhel'; packageManager: 'dnf' }): ClusterSnapshot => {
  const cluster = (os ? aCluster().withWorkers('v1.32.9', 1).withOs(os) : aCluster().withWorkers('v1.32.9', 1)).build();
  return { ...cluster, nodes: cluster.nodes.map((n) => (n.name === 'worker-1' ? { ...n, facts } : n)) };
};
const check = (cluster: ClusterSnapshot) => checkNodeFacts(cluster, planUpgrade(cluster, { target: parseVersion('1.33.13'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch }));
const ROCKY = { image: 'Rocky Linux 9', family: 'rhel', packageManager: 'dnf' } as const;

describe('checkNodeFacts', () => {
  const cases: { name: string; facts: NodeFacts; os?: typeof ROCKY; finding?: { code: string; severity: string; message: string } }[] = [
    { name: 'warns of swap, which stops a default kubelet from starting', facts: { swapOn: true }, finding: { code: 'SWAP_ON', severity: 'overridable', message: 'swap is on on worker-1: a kubelet with failSwapOn (the default) does not start with swap on, so worker-1 would not come back after its kubelet restart — run swapoff -a and remove swap from /etc/fstab, or make sure its kubelet is configured for swap' } },
    { name: 'warns of too little free disk', facts: { freeDiskBytes: 1.5 * 2 ** 30 }, finding: { code: 'DISK_LOW', severity: 'overridable', message: 'worker-1 has 1.5 GiB free for /var, less than the 2 GiB the new packages and images need — free some space (clean the package cache, crictl rmi --prune)' } },
    { name: 'accepts enough free disk', facts: { freeDiskBytes: 2 * 2 ** 30 } },
    { name: 'mentions apt holds, which the plan lifts', facts: { heldPackages: ['kubeadm', 'kubelet', 'kubectl', 'containerd'] }, finding: { code: 'PACKAGES_HELD', severity: 'info', message: 'kubeadm, kubelet, kubectl are held on worker-1 (apt-mark hold): the plan lifts the hold around each install and sets it again' } },
    { name: 'mentions a dnf repository exclusion, which the plan installs around', facts: { heldPackages: ['kubelet'] }, os: ROCKY, finding: { code: 'PACKAGES_HELD', severity: 'info', message: 'kubelet is excluded in the kubernetes repository on worker-1 (exclude=): the plan installs with --disableexcludes=kubernetes and leaves the exclusion in place' } },
    { name: 'says nothing of holds on other packages', facts: { heldPackages: ['containerd'] } },
    { name: 'blocks when the repository of the next minor does not answer', facts: { repositoryReachable: false }, finding: { code: 'REPOSITORY_UNREACHABLE', severity: 'blocking', message: 'worker-1 cannot reach its pkgs.k8s.io repository for v1.33: the plan cannot install kubeadm and kubelet there — check its proxy, DNS and firewall, or point it at a mirror' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const expected = c.finding ? [{ ...c.finding, subject: 'node/worker-1' }] : [];
      assert.deepEqual(check(withFacts(c.facts, c.os)), expected);
    });
  }

  it('ignores an unreachable next-minor repository when the plan only changes the patch', () => {
    const cluster = withFacts({ repositoryReachable: false });
    const plan = planUpgrade(cluster, { target: parseVersion('1.32.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    assert.deepEqual(checkNodeFacts(cluster, plan), []);
  });

  it('names pkgs.k8s.io for a node still on the frozen legacy repository', () => {
    const base = withFacts({ repositoryReachable: false });
    const cluster = { ...base, nodes: base.nodes.map((n) => ({ ...n, repository: { era: 'legacy' as const } })) };
    assert.deepEqual(check(cluster).map((f) => f.message), ['worker-1 cannot reach pkgs.k8s.io for v1.33, where the packages are published now that the legacy repository is frozen: the plan cannot install kubeadm and kubelet there — check its proxy, DNS and firewall, or point it at a mirror']);
  });

  it('words an unreachable repository for the source the node really asked', () => {
    const legacy20 = (facts: NodeFacts): ClusterSnapshot => {
      const built = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 1).withRepository({ era: 'legacy' }).build();
      return { ...built, nodes: built.nodes.map((n) => (n.name === 'worker-1' ? { ...n, facts } : n)) };
    };
    const to21 = (cluster: ClusterSnapshot) => checkNodeFacts(cluster, planUpgrade(cluster, { target: parseVersion('1.21.14'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch }));
    const cases: { name: string; facts: NodeFacts; message?: string }[] = [
      {
        name: "Google's legacy apt repository, gone: a mirror that keeps the packages is the way",
        facts: { repositoryReachable: false, repositoryProbed: 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease' },
        message: 'worker-1 cannot reach its own package source for v1.21, the legacy Google repository (https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease did not answer): it was frozen on 2023-09-13 and is gone since 2024-03-04, and pkgs.k8s.io starts at v1.24, so the plan cannot install kubeadm and kubelet v1.21 there — point worker-1 at a mirror that keeps the legacy packages of v1.21 (preflight then asks that mirror); from v1.24 on the plan moves worker-1 to pkgs.k8s.io',
      },
      {
        name: "Google's legacy yum repository under packages.cloud.google.com",
        facts: { repositoryReachable: false, repositoryProbed: 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64/repodata/repomd.xml' },
        message: 'worker-1 cannot reach its own package source for v1.21, the legacy Google repository (https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64/repodata/repomd.xml did not answer): it was frozen on 2023-09-13 and is gone since 2024-03-04, and pkgs.k8s.io starts at v1.24, so the plan cannot install kubeadm and kubelet v1.21 there — point worker-1 at a mirror that keeps the legacy packages of v1.21 (preflight then asks that mirror); from v1.24 on the plan moves worker-1 to pkgs.k8s.io',
      },
      {
        name: 'a mirror of the legacy repository that did not answer',
        facts: { repositoryReachable: false, repositoryProbed: 'http://mirror.corp/k8s/dists/kubernetes-xenial/InRelease' },
        message: 'worker-1 cannot reach its own package source for v1.21, a mirror of the legacy repository (http://mirror.corp/k8s/dists/kubernetes-xenial/InRelease did not answer): the plan cannot install kubeadm and kubelet v1.21 there, and pkgs.k8s.io starts at v1.24 — check its proxy, DNS and firewall, and that the mirror still serves the legacy packages of v1.21; from v1.24 on the plan moves worker-1 to pkgs.k8s.io',
      },
      {
        name: 'a cluster file that says so without naming the source',
        facts: { repositoryReachable: false },
        message: 'worker-1 cannot reach its own legacy package source for v1.21: the plan cannot install kubeadm and kubelet v1.21 there, and pkgs.k8s.io starts at v1.24 — check its proxy, DNS and firewall, or point it at a mirror that keeps the legacy packages of v1.21; from v1.24 on the plan moves worker-1 to pkgs.k8s.io',
      },
      { name: 'a legacy source that answered', facts: { repositoryReachable: true, repositoryProbed: 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease' } },
    ];
    for (const c of cases) {
      const findings = to21(legacy20(c.facts)).filter((f) => f.code === 'REPOSITORY_UNREACHABLE');
      assert.deepEqual(findings, c.message ? [{ code: 'REPOSITORY_UNREACHABLE', severity: 'blocking', subject: 'node/worker-1', message: c.message }] : [], c.name);
      for (const f of findings) assert.doesNotMatch(f.message, /cannot reach (its )?pkgs\.k8s\.io/, `${c.name}: never says pkgs.k8s.io was what it could not reach`);
    }
  });

  it("blocks when the node's own legacy source answers but lists no kubeadm of the version the plan installs there first", () => {
    const legacy20 = (facts: NodeFacts): ClusterSnapshot => {
      const built = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 1).withRepository({ era: 'legacy' }).build();
      return { ...built, nodes: built.nodes.map((n) => (n.name === 'worker-1' ? { ...n, facts } : n)) };
    };
    const to = (cluster: ClusterSnapshot, target: string) => checkNodeFacts(cluster, planUpgrade(cluster, { target: parseVersion(target), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch }));
    const probed = 'http://mirror.corp/apt/dists/kubernetes-xenial/InRelease';
    const cases: { name: string; facts: NodeFacts; target: string; message?: string }[] = [
      {
        name: 'a mirror that stopped at an older patch',
        facts: { repositoryReachable: true, repositoryProbed: probed, repositoryKubeadmVersions: ['v1.21.0', 'v1.21.1'] },
        target: '1.21.14',
        message: "worker-1's own package source (http://mirror.corp/apt/dists/kubernetes-xenial/InRelease) answers but has no kubeadm v1.21.14, which the plan installs there first (it lists v1.21.0, v1.21.1), and pkgs.k8s.io starts at v1.24: the install would fail — add kubeadm, kubelet and kubectl v1.21.14 to that mirror, or point worker-1 at one that keeps them",
      },
      {
        name: 'a mirror without the minor at all',
        facts: { repositoryReachable: true, repositoryProbed: probed, repositoryKubeadmVersions: [] },
        target: '1.22.17',
        message: "worker-1's own package source (http://mirror.corp/apt/dists/kubernetes-xenial/InRelease) answers but has no kubeadm v1.21.14, which the plan installs there first (it lists no kubeadm of v1.21), and pkgs.k8s.io starts at v1.24: the install would fail — add kubeadm, kubelet and kubectl v1.21.14 to that mirror, or point worker-1 at one that keeps them",
      },
      { name: 'a mirror that has it', facts: { repositoryReachable: true, repositoryProbed: probed, repositoryKubeadmVersions: ['v1.21.0', 'v1.21.14'] }, target: '1.21.14' },
      { name: 'a source whose index could not be read says nothing', facts: { repositoryReachable: true, repositoryProbed: probed }, target: '1.21.14' },
    ];
    for (const c of cases) {
      const findings = to(legacy20(c.facts), c.target).filter((f) => f.code === 'REPOSITORY_MISSING_VERSION');
      assert.deepEqual(findings, c.message ? [{ code: 'REPOSITORY_MISSING_VERSION', severity: 'blocking', subject: 'node/worker-1', message: c.message }] : [], c.name);
    }
  });

  it('blocks on a NotReady worker the plan upgrades, and on a node that could not be reached', () => {
    const built = aCluster().withWorkers('v1.32.9', 2).build();
    const cluster = { ...built, nodes: built.nodes.map((n) => (n.name === 'worker-1' ? { ...n, ready: false } : n.name === 'worker-2' ? { ...n, facts: { reachable: false, swapOn: true } } : n)) };
    assert.deepEqual(check(cluster).map((f) => `${f.severity} ${f.code} ${f.subject}`), ['blocking WORKER_NOT_READY node/worker-1', 'blocking NODE_UNREACHABLE node/worker-2']);
    assert.equal(check(cluster)[0]?.message, 'worker worker-1 is NotReady: the plan drains it and then waits for it to be Ready with its new kubelet, which it will not be — bring it back first, or leave it out of the plan with --exclude-node worker-1 (it keeps kubelet v1.32.9)');
  });

  it('says, before anything changes, that a worker\'s kubeadm two minors behind its kubelet is stepped through each minor', () => {
    const cluster = aCluster().withWorkers('v1.32.9', 2).withNode('worker-2', { kubeadm: 'v1.30.4' }).build();
    assert.deepEqual(check(cluster), [
      {
        code: 'WORKER_KUBEADM_BEHIND',
        severity: 'info',
        subject: 'node/worker-2',
        message: 'kubeadm v1.30.4 on worker-2 lags its kubelet v1.32.9 and is more than one minor behind the kubeadm v1.33.13 its kubelet upgrade needs, and "kubeadm upgrade node" takes one minor at a time: the plan installs kubeadm v1.31.14, v1.32.13 there and runs "kubeadm upgrade node" with each first (their packages must be in the repository worker-2 uses), after the control plane has moved — or install kubeadm v1.31.14 and run "kubeadm upgrade node" on worker-2 yourself before you start',
      },
    ]);
  });

  it('says nothing of a worker whose kubeadm is one minor behind the version it goes to, or steps along with a kubelet that skips hops', () => {
    const cluster = aCluster().withWorkers('v1.32.9', 1).withNode('worker-1', { kubeadm: 'v1.32.9' }).build();
    assert.deepEqual(check(cluster), []);
    const skipping = aCluster().withControlPlane('v1.33.5').withWorkers('v1.31.5', 1).build();
    const plan = planUpgrade(skipping, { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    assert.ok(plan.steps.some((s) => s.id.endsWith('kubeadm-upgrade-node-v1.32')));
    assert.deepEqual(checkNodeFacts(skipping, plan), []);
  });

  it('mentions the same apt holds on many nodes once, naming the nodes', () => {
    const cluster = aCluster().withWorkers('v1.32.9', 3).build();
    const held = (names: string[]) => ({ heldPackages: names });
    const facts: Record<string, NodeFacts> = { 'worker-1': held(['kubeadm', 'kubelet']), 'worker-2': held(['kubeadm', 'kubelet']), 'worker-3': held(['kubelet']) };
    const findings = check({ ...cluster, nodes: cluster.nodes.map((n) => ({ ...n, ...(facts[n.name] ? { facts: facts[n.name] } : {}) })) });
    assert.deepEqual(findings, [
      { code: 'PACKAGES_HELD', severity: 'info', subject: '2 nodes', message: 'kubeadm, kubelet are held on worker-1, worker-2 (apt-mark hold): the plan lifts the hold around each install and sets it again' },
      { code: 'PACKAGES_HELD', severity: 'info', subject: 'node/worker-3', message: 'kubelet is held on worker-3 (apt-mark hold): the plan lifts the hold around each install and sets it again' },
    ]);
  });
});
