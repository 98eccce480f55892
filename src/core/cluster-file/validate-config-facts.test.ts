import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorsOf, snapshotOf } from '../../../test/builders/validated-document.js';
import type { FieldError } from './document-checker.js';

type Doc = Record<string, unknown>;
const cp = { name: 'cp-1', role: 'control-plane', kubelet: 'v1.20.2' };
const cluster = (nodes: readonly Doc[], extra: Doc = {}): Doc => ({ kind: 'Cluster', apiVersion: 'kubehop/v1', name: 'lab', nodes, ...extra });

describe('the kubelet and runtime configuration in a cluster file', () => {
  it('reads what a kubeadm v1.20 node running Docker would show', () => {
    const [node] = snapshotOf(cluster([{ ...cp, facts: {
      containerRuntime: 'docker://20.10.24', cgroup: 'v1',
      kubeletFlags: '--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.2',
      kubeletConfig: { cgroupDriver: 'systemd', memorySwap: { swapBehavior: 'UnlimitedSwap' } },
      containerdSystemdCgroup: false,
      staticPods: [{ name: 'kube-vip', references: ['ServiceAccount kube-vip'] }],
    } }])).nodes;
    assert.deepEqual(node?.facts, {
      containerRuntimeVersion: 'docker://20.10.24',
      cgroupVersion: 1,
      kubeletFlags: [
        { flag: '--network-plugin', value: 'cni', file: '/var/lib/kubelet/kubeadm-flags.env', line: 1 },
        { flag: '--pod-infra-container-image', value: 'k8s.gcr.io/pause:3.2', file: '/var/lib/kubelet/kubeadm-flags.env', line: 1 },
      ],
      kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: { cgroupDriver: 'systemd', 'memorySwap.swapBehavior': 'UnlimitedSwap' } },
      containerdSystemdCgroup: false,
      staticPods: [{ file: '/etc/kubernetes/manifests/kube-vip.yaml', name: 'kube-vip', apiReferences: ['ServiceAccount kube-vip'] }],
    });
  });

  it('reads flags of several files', () => {
    const [node] = snapshotOf(cluster([{ ...cp, facts: { kubeletFlags: { '/etc/default/kubelet': '--container-runtime=remote' } } }])).nodes;
    assert.deepEqual(node?.facts?.kubeletFlags, [{ flag: '--container-runtime', value: 'remote', file: '/etc/default/kubelet', line: 1 }]);
  });

  it('reads kubeadmConfig and kubeletConfig at the top', () => {
    const snapshot = snapshotOf(cluster([cp], {
      kubeadmConfig: { apiVersion: 'kubeadm.k8s.io/v1beta2', imageRepository: 'k8s.gcr.io', apiServer: { extraArgs: { 'enable-admission-plugins': 'PodSecurityPolicy' } }, kubeProxyRemoved: true },
      kubeletConfig: { failCgroupV1: false },
    }));
    assert.deepEqual(snapshot.kubeadmConfig, {
      apiVersion: 'kubeadm.k8s.io/v1beta2', imageRepository: 'k8s.gcr.io', kubeProxyRemoved: true,
      extraArgs: [{ component: 'kube-apiserver', flag: '--enable-admission-plugins', value: 'PodSecurityPolicy', file: 'configmap kube-system/kubeadm-config', field: 'ClusterConfiguration.apiServer.extraArgs' }],
    });
    assert.deepEqual(snapshot.kubeletConfig, { file: 'configmap kube-system/kubelet-config', fields: { failCgroupV1: 'false' } });
  });

  const cases: { name: string; doc: Doc; errors: FieldError[] }[] = [
    { name: 'a runtime without its scheme', doc: cluster([{ ...cp, facts: { containerRuntime: '1.7.24' } }]), errors: [{ path: ['nodes', 0, 'facts', 'containerRuntime'], message: 'must be the runtime as the Node reports it, such as containerd://1.7.24 or docker://20.10.24, found "1.7.24"' }] },
    { name: 'a cgroup version that is neither v1 nor v2', doc: cluster([{ ...cp, facts: { cgroup: 'hybrid' } }]), errors: [{ path: ['nodes', 0, 'facts', 'cgroup'], message: 'must be v1 or v2, found "hybrid"' }] },
    { name: 'kubelet flags without dashes', doc: cluster([{ ...cp, facts: { kubeletFlags: 'network-plugin=cni' } }]), errors: [{ path: ['nodes', 0, 'facts', 'kubeletFlags'], message: 'no --flag found in "network-plugin=cni"; write flags as --name=value' }] },
    { name: 'a flag file that is no absolute path', doc: cluster([{ ...cp, facts: { kubeletFlags: { 'default/kubelet': '--v=2' } } }]), errors: [{ path: ['nodes', 0, 'facts', 'kubeletFlags', 'default/kubelet'], message: 'must be an absolute file path such as /etc/default/kubelet' }] },
    { name: 'a static pod reference of another kind', doc: cluster([{ ...cp, facts: { staticPods: [{ name: 'vip', references: ['Pod x'] }] } }]), errors: [{ path: ['nodes', 0, 'facts', 'staticPods', 0, 'references', 0], message: 'must be "Kind name" with Kind one of ServiceAccount, ConfigMap, Secret, PersistentVolumeClaim, ClusterTrustBundle, ResourceClaim, found "Pod x"' }] },
    { name: 'a kubeadmConfig without apiVersion', doc: cluster([cp], { kubeadmConfig: { imageRepository: 'k8s.gcr.io' } }), errors: [{ path: ['kubeadmConfig', 'apiVersion'], message: "missing apiVersion; give the ClusterConfiguration's, such as kubeadm.k8s.io/v1beta3" }] },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, () => assert.deepEqual(errorsOf(c.doc), c.errors));
  }
});
