import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulation } from '../../src/adapters/sim/index.js';
import { readNodeFacts } from '../../src/adapters/node-shell/read-node-facts.js';
import { readNodeHealth } from '../../src/adapters/node-shell/read-node-health.js';
import type { AdmissionWebhook, CertificateExpiry, ClusterSnapshot, NodeOs, ObservedObject } from '../../src/core/cluster/index.js';
import { aCluster } from '../builders/cluster-builder.js';

// The readers written for live clusters — the API snapshot, and over the node shell the node
// facts, the node health and the repository probe's curl — read back from the simulator exactly
// the observations its snapshot was built with.

const ROCKY = { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' } as const;

const CERTIFICATES: CertificateExpiry[] = [
  { name: 'admin.conf', expiresOn: '2025-03-01' },
  { name: 'apiserver', expiresOn: '2025-02-14' },
  { name: 'apiserver-etcd-client', expiresOn: '2025-03-01' },
  { name: 'apiserver-kubelet-client', expiresOn: '2025-03-01' },
  { name: 'controller-manager.conf', expiresOn: '2025-03-01' },
  { name: 'etcd-healthcheck-client', expiresOn: '2025-03-01' },
  { name: 'etcd-peer', expiresOn: '2025-03-01' },
  { name: 'etcd-server', expiresOn: '2025-03-01' },
  { name: 'front-proxy-client', expiresOn: '2025-03-01' },
  { name: 'scheduler.conf', expiresOn: '2025-03-01' },
  { name: 'super-admin.conf', expiresOn: '2024-12-20' },
  { name: 'ca', expiresOn: '2034-02-27' },
  { name: 'etcd-ca', expiresOn: '2034-02-27' },
  { name: 'front-proxy-ca', expiresOn: '2034-02-27' },
];

const WEBHOOKS: AdmissionWebhook[] = [
  {
    kind: 'ValidatingWebhookConfiguration',
    configuration: 'kyverno-resource-validating-webhook-cfg',
    name: 'validate.kyverno.svc-fail',
    failurePolicy: 'Fail',
    service: { namespace: 'kyverno', name: 'kyverno-svc' },
    serviceReady: false,
    resources: ['ingresses'],
  },
  { kind: 'MutatingWebhookConfiguration', configuration: 'istio-sidecar-injector', name: 'sidecar.istio.io', failurePolicy: 'Ignore' },
];

const OBJECTS: ObservedObject[] = [
  { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', namespace: 'shop', name: 'storefront', source: { from: 'helm', release: 'storefront', revision: 7 } },
  { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'nightly-report', source: { from: 'last-applied' } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'shop', name: 'storefront', source: { from: 'live' } },
];

function observedCluster(): ClusterSnapshot {
  const built = aCluster()
    .withName('observed')
    .withControlPlane('v1.33.4', 1)
    .withWorkers('v1.33.4', 2)
    .withRepository({ era: 'pkgs', minor: 33 })
    .withNode('cp-1', { certificates: CERTIFICATES, facts: { swapOn: false, freeDisk: '5Gi', heldPackages: ['kubeadm', 'kubectl', 'kubelet'], repositoryReachable: true } })
    .withNode('worker-1', { facts: { swapOn: true, freeDisk: '200Mi', heldPackages: ['cri-tools', 'kubeadm'], repositoryReachable: false } })
    .withNode('worker-2', { os: ROCKY, facts: { swapOn: false, freeDisk: 1_073_741_824, heldPackages: ['kubelet', 'kubeadm'], repositoryReachable: true } })
    .build();
  return { ...built, etcdHealthy: false, webhooks: WEBHOOKS, objects: OBJECTS };
}

const byName = (list: readonly CertificateExpiry[] | undefined) => [...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name));

const curl = (url: string) => ['curl', '-fsS', '-o', '/dev/null', '--max-time', '10', url];

describe('the observations of a snapshot, read back from the simulator by the live-cluster readers', () => {
  const cluster = observedCluster();

  it('gives the cluster-wide observations back through readSnapshot', async () => {
    const sim = createSimulation(cluster, { seed: 1 });
    const read = await sim.api.readSnapshot();
    assert.deepEqual(read.objects, OBJECTS);
    assert.deepEqual(read.webhooks, WEBHOOKS);
    assert.equal(read.etcdHealthy, false);
  });

  it('leaves out what the snapshot did not observe', async () => {
    const sim = createSimulation(aCluster().withWorkers('v1.32.9', 1).build(), { seed: 1 });
    const read = await sim.api.readSnapshot();
    assert.equal('objects' in read, false);
    assert.equal('webhooks' in read, false);
    assert.equal('etcdHealthy' in read, false);
  });

  for (const node of cluster.nodes) {
    it(`reads node ${node.name}'s OS and held packages back with readNodeFacts`, async () => {
      const sim = createSimulation(cluster, { seed: 1 });
      const facts = await readNodeFacts(sim.shell, node.name);
      assert.deepEqual(facts.problems, []);
      assert.deepEqual(facts.os, node.os);
      assert.deepEqual([...(facts.heldPackages ?? [])].sort(), [...(node.facts?.heldPackages ?? [])].sort());
    });

    it(`reads node ${node.name}'s swap, free disk and certificates back with readNodeHealth`, async () => {
      const sim = createSimulation(cluster, { seed: 1 });
      const health = await readNodeHealth(sim.shell, node.name, node.role);
      assert.deepEqual(health.problems, []);
      assert.deepEqual(health.facts, { swapOn: node.facts?.swapOn, freeDiskBytes: node.facts?.freeDiskBytes });
      assert.deepEqual(byName(health.certificates), byName(node.certificates));
    });

    it(`answers the repository probe's curl on node ${node.name} as its reachability says`, async () => {
      const sim = createSimulation(cluster, { seed: 1 });
      const format = node.os.packageManager === 'apt' ? 'deb/InRelease' : 'rpm/repodata/repomd.xml';
      const result = await sim.shell.run(node.name, curl(`https://pkgs.k8s.io/core:/stable:/v1.34/${format}`), { privileged: false, timeoutMs: 15_000, readOnly: true });
      if (node.facts?.repositoryReachable === false) {
        assert.equal(result.exitCode, 6);
        assert.equal(result.stderr, 'curl: (6) Could not resolve host: pkgs.k8s.io\n');
      } else {
        assert.equal(result.exitCode, 0, result.stderr);
      }
    });
  }

  it('reads every OS the simulator knows back as the same family and package manager', async () => {
    const images: NodeOs[] = [
      { image: 'Debian GNU/Linux 12 (bookworm)', family: 'debian', packageManager: 'apt' },
      { image: 'CentOS Linux 7', family: 'rhel', packageManager: 'yum' },
      { image: 'Amazon Linux 2', family: 'rhel', packageManager: 'yum' },
      { image: 'Fedora Linux 40', family: 'rhel', packageManager: 'dnf' },
      { image: 'Oracle Linux Server 8.9', family: 'rhel', packageManager: 'dnf' },
    ];
    for (const os of images) {
      const sim = createSimulation(aCluster().withControlPlane('v1.33.4', 1).withOs(os).build(), { seed: 1 });
      assert.deepEqual((await readNodeFacts(sim.shell, 'cp-1')).os, os);
    }
  });

  it('answers for a node without facts: swap off, 20 GiB free, the usual holds, certificates issued on the simulated start day', async () => {
    const sim = createSimulation(aCluster().withControlPlane('v1.33.4', 1).build(), { seed: 1 });
    const health = await readNodeHealth(sim.shell, 'cp-1', 'control-plane');
    assert.deepEqual(health.facts, { swapOn: false, freeDiskBytes: 20 * 2 ** 30 });
    const expiries = new Map((health.certificates ?? []).map((c) => [c.name, c.expiresOn]));
    assert.equal(expiries.get('apiserver'), '2026-01-01');
    assert.equal(expiries.get('super-admin.conf'), '2026-01-01');
    assert.equal(expiries.get('ca'), '2034-12-30');
    const facts = await readNodeFacts(sim.shell, 'cp-1');
    assert.deepEqual(facts.heldPackages, ['kubeadm', 'kubectl', 'kubelet'], "kubeadm's install guide puts kubectl on control-plane nodes, held");
  });
});
