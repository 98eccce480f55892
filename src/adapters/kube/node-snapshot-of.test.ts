import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVersion } from '../../core/version/index.js';
import type { KubeNode, KubePod } from './kube-objects.js';
import { nodeComponentsOf } from './node-components-of.js';
import { nodeSnapshotOf } from './node-snapshot-of.js';

function node(name: string, extra: { labels?: Record<string, string>; kubelet?: string; unschedulable?: boolean } = {}): KubeNode {
  return {
    metadata: { name, labels: extra.labels ?? {} },
    spec: { ...(extra.unschedulable ? { unschedulable: true } : {}), taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }, { key: 'odd', effect: 'Sometimes' }] },
    status: {
      allocatable: { cpu: '3920m', memory: '16318956Ki', pods: '110' },
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: '192.0.2.10' }],
      nodeInfo: { kubeletVersion: extra.kubelet ?? 'v1.29.4', kubeProxyVersion: 'v1.29.4', osImage: 'Rocky Linux 9.4 (Blue Onyx)' },
    },
  };
}

function staticPod(component: string, nodeName: string, image: string, mirror = true): KubePod {
  return {
    metadata: { name: `${component}-${nodeName}`, namespace: 'kube-system', labels: { component, tier: 'control-plane' }, ...(mirror ? { annotations: { 'kubernetes.io/config.mirror': 'x' } } : {}) },
    spec: { nodeName, containers: [{ name: component, image }] },
  };
}

const cpPods: KubePod[] = [
  staticPod('kube-apiserver', 'cp-1', 'registry.k8s.io/kube-apiserver:v1.30.1'),
  staticPod('kube-controller-manager', 'cp-1', 'registry.k8s.io/kube-controller-manager:v1.30.1'),
  staticPod('kube-scheduler', 'cp-1', 'registry.k8s.io/kube-scheduler:v1.29.4'),
  staticPod('etcd', 'cp-1', 'registry.k8s.io/etcd:3.5.12-0'),
  // Not a static pod: it does not speak for the node's control plane.
  staticPod('kube-apiserver', 'worker-1', 'example/kube-apiserver:v1.10.0', false),
  { metadata: { name: 'kube-proxy-abc', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } }, spec: { nodeName: 'worker-1', containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.29.3' }] } },
];

describe('nodeSnapshotOf', () => {
  const images = nodeComponentsOf(cpPods);

  it('reads a control-plane node with the versions of its static pods', () => {
    const cp = nodeSnapshotOf(node('cp-1', { labels: { 'node-role.kubernetes.io/control-plane': '' } }), images.get('cp-1') ?? {}, undefined);
    assert.equal(cp.role, 'control-plane');
    assert.deepEqual(cp.controlPlane, { apiserver: parseVersion('v1.30.1'), controllerManager: parseVersion('v1.30.1'), scheduler: parseVersion('v1.29.4'), etcd: '3.5.12-0' });
    assert.deepEqual(cp.taints, [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }]);
  });

  it('reads a worker: kubelet, kube-proxy from its pod, OS, allocatable, address and a guessed repository', () => {
    const worker = nodeSnapshotOf(node('worker-1', { unschedulable: true }), images.get('worker-1') ?? {}, undefined);
    assert.deepEqual(worker, {
      name: 'worker-1',
      role: 'worker',
      kubelet: parseVersion('v1.29.4'),
      kubeProxy: parseVersion('v1.29.3'),
      os: { image: 'Rocky Linux 9.4 (Blue Onyx)', family: 'rhel', packageManager: 'dnf' },
      repository: { era: 'pkgs', minor: 29, guessed: true },
      ready: true,
      cordoned: true,
      allocatable: { cpuMillis: 3920, memoryBytes: 16318956 * 1024, pods: 110 },
      labels: {},
      taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }],
      address: '192.0.2.10',
    });
  });

  it('guesses the legacy repository before pkgs.k8s.io existed, and takes the master label as a role', () => {
    const old = nodeSnapshotOf(node('cp-old', { kubelet: 'v1.20.2', labels: { 'node-role.kubernetes.io/master': '' } }), {}, parseVersion('v1.20.2'));
    assert.deepEqual(old.repository, { era: 'legacy', guessed: true });
    assert.equal(old.role, 'control-plane');
    // No static pods seen (a restart in progress): the API server's own version stands in.
    assert.deepEqual(old.controlPlane, { apiserver: parseVersion('v1.20.2'), controllerManager: parseVersion('v1.20.2'), scheduler: parseVersion('v1.20.2') });
  });

  it('refuses a node whose kubelet version is not a version', () => {
    assert.throws(() => nodeSnapshotOf(node('odd', { kubelet: 'unknown' }), {}, undefined), /^ClusterApiError: failed to read node odd: its kubelet version "unknown" is not a Kubernetes version$/);
  });
});
