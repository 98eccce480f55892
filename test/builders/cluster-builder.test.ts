import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from './cluster-builder.js';

describe('aCluster', () => {
  it('builds control-plane nodes and workers at their versions, with pods placed', () => {
    const cluster = aCluster().withControlPlane('v1.34.2', 3).withWorkers('v1.33.5', 10).build();
    assert.deepEqual(cluster.nodes.map((n) => n.name), [
      'cp-1', 'cp-2', 'cp-3', ...Array.from({ length: 10 }, (_, i) => `worker-${i + 1}`),
    ]);
    assert.deepEqual(cluster.nodes.map((n) => `${n.role}@${n.kubelet.minor}`).slice(2, 4), ['control-plane@34', 'worker@33']);
    assert.equal(cluster.pods.filter((p) => p.name.startsWith('kube-apiserver-')).length, 3);
    assert.equal(cluster.pods.filter((p) => p.owner?.name === 'kube-proxy').length, 13);
  });

  it('applies small tweaks: a changed node, an extra node, kubectl, etcd, repository, OS, workloads and PDBs', () => {
    const cluster = aCluster()
      .withWorkers('v1.33.5', 2)
      .withNode('worker-2', { kubelet: 'v1.32.1', cordoned: true })
      .withNode('gpu-1', { labels: { gpu: 'true' } })
      .withKubectl('v1.33.0')
      .withExternalEtcd()
      .withRepository({ era: 'pkgs', minor: 33 })
      .withOs({ image: 'Rocky Linux 9.4', family: 'rhel' })
      .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
      .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 1 })
      .build();
    const worker2 = cluster.nodes.find((n) => n.name === 'worker-2');
    assert.equal(worker2?.kubelet.minor, 32);
    assert.equal(worker2?.cordoned, true);
    assert.equal(cluster.nodes.at(-1)?.name, 'gpu-1');
    assert.equal(cluster.nodes.at(-1)?.labels.gpu, 'true');
    assert.equal(cluster.kubectl?.minor, 33);
    assert.equal(cluster.etcd, 'external');
    assert.equal(cluster.pods.some((p) => p.name.startsWith('etcd-')), false);
    assert.deepEqual(cluster.nodes[0]?.repository, { era: 'pkgs', minor: 33 });
    assert.deepEqual(cluster.nodes[0]?.os, { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' });
    assert.equal(cluster.pods.filter((p) => p.owner?.name === 'web' && p.node !== undefined).length, 2);
    assert.equal(cluster.pdbs.length, 1);
  });

  it('refuses to build an invalid cluster and says why', () => {
    assert.throws(() => aCluster().withWorkers('v1.33', 1).build(), {
      message: 'aCluster() built an invalid cluster:\n  nodes.1.kubelet: invalid Kubernetes version "v1.33": a full version needs a patch number, e.g. v1.33.0',
    });
  });
});
