import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenFields } from './flatten-fields.js';
import { staticPodApiReferences } from './static-pod-api-references.js';

describe('staticPodApiReferences', () => {
  const cases: { name: string; spec: unknown; refs: string[] }[] = [
    { name: 'finds nothing in kubeadm\'s own static pods, which use host paths', spec: { containers: [{ name: 'kube-apiserver', command: ['kube-apiserver'] }], volumes: [{ name: 'k8s-certs', hostPath: { path: '/etc/kubernetes/pki' } }] }, refs: [] },
    { name: 'finds a service account other than default', spec: { serviceAccountName: 'kube-vip', containers: [] }, refs: ['ServiceAccount kube-vip'] },
    { name: 'says nothing of the default service account', spec: { serviceAccountName: 'default' }, refs: [] },
    { name: 'finds ConfigMap, Secret and claim volumes, projected sources and env references once each', spec: {
      volumes: [{ configMap: { name: 'cfg' } }, { secret: { secretName: 'tls' } }, { persistentVolumeClaim: { claimName: 'data' } }, { projected: { sources: [{ configMap: { name: 'cfg' } }, { clusterTrustBundle: { name: 'ca' } }] } }],
      containers: [{ envFrom: [{ secretRef: { name: 'env' } }], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] }],
    }, refs: ['ConfigMap cfg', 'Secret tls', 'PersistentVolumeClaim data', 'ClusterTrustBundle ca', 'Secret env', 'ConfigMap x'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(staticPodApiReferences({ kind: 'Pod', spec: c.spec }), c.refs));
  }
});

describe('flattenFields', () => {
  it('names nested fields by their dotted path and keeps lists whole', () => {
    assert.deepEqual(flattenFields({ cgroupDriver: 'systemd', failCgroupV1: false, memorySwap: { swapBehavior: 'UnlimitedSwap' }, featureGates: { A: true }, clusterDNS: ['10.96.0.10'], empty: null }), {
      cgroupDriver: 'systemd', failCgroupV1: 'false', 'memorySwap.swapBehavior': 'UnlimitedSwap', 'featureGates.A': 'true', clusterDNS: '["10.96.0.10"]',
    });
  });
});
