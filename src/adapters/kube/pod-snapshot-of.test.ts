import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodSnapshot } from '../../core/cluster/index.js';
import type { KubeContainerStatus, KubePod, KubeWorkload, ObjectMeta } from './kube-objects.js';
import { podSnapshotOf } from './pod-snapshot-of.js';
import { replicaSetOwnersOf } from './read-kube-workloads.js';

const replicaSets: KubeWorkload[] = [
  { metadata: { name: 'web-6d4f', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } },
  { metadata: { name: 'legacy', namespace: 'shop' } },
];
const owners = replicaSetOwnersOf(replicaSets);

function pod(meta: Partial<ObjectMeta>, extra: Partial<KubePod> = {}): KubePod {
  return { metadata: { name: 'p', namespace: 'shop', uid: 'u-1', ...meta }, spec: { nodeName: 'worker-1', containers: [] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, ...extra };
}
const controlled = (kind: string, name: string) => ({ ownerReferences: [{ kind, name, controller: true }] });

describe('podSnapshotOf', () => {
  const owned: [string, Partial<ObjectMeta>, string | undefined][] = [
    ['a Deployment through its ReplicaSet', controlled('ReplicaSet', 'web-6d4f'), 'Deployment/web'],
    ['a ReplicaSet no Deployment controls', controlled('ReplicaSet', 'legacy'), 'ReplicaSet/legacy'],
    ['a ReplicaSet that is gone', controlled('ReplicaSet', 'gone'), 'ReplicaSet/gone'],
    ['a StatefulSet', controlled('StatefulSet', 'db'), 'StatefulSet/db'],
    ['a DaemonSet', controlled('DaemonSet', 'agent'), 'DaemonSet/agent'],
    ['a Job', controlled('Job', 'backup'), 'Job/backup'],
    ['its Node (a mirror pod)', controlled('Node', 'cp-1'), 'Node/cp-1'],
    ['no one (a bare pod)', {}, undefined],
    ['a kind the model cannot name', controlled('ReplicationController', 'old'), undefined],
    ['an owner that is not its controller', { ownerReferences: [{ kind: 'StatefulSet', name: 'db' }] }, undefined],
  ];
  for (const [what, meta, want] of owned) {
    it(`names the top controller of a pod owned by ${what}`, () => {
      const owner = podSnapshotOf(pod(meta), owners).owner;
      assert.equal(owner && `${owner.kind}/${owner.name}`, want);
    });
  }

  it('adds up container requests, takes a larger init container and the overhead', () => {
    const snapshot = podSnapshotOf(pod({}, {
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: '250m', memory: '128Mi' } } }, { name: 'b', resources: { requests: { cpu: '0.5' } } }],
        initContainers: [{ name: 'init', resources: { requests: { cpu: '1', memory: '64Mi' } } }],
        overhead: { cpu: '10m', memory: '1Mi' },
        volumes: [{ name: 'cfg' }, { name: 'scratch', emptyDir: {} }],
      },
    }), owners);
    assert.deepEqual(snapshot.requests, { cpuMillis: 1010, memoryBytes: 129 * 2 ** 20 });
    assert.equal(snapshot.emptyDir, true);
    assert.equal(snapshot.node, undefined);
  });

  it('reads phase, readiness, mirror and deletion', () => {
    const deleting = podSnapshotOf(pod({ deletionTimestamp: '2026-01-01T00:00:00Z', annotations: { 'kubernetes.io/config.mirror': 'abc' }, labels: { app: 'web' } }), owners);
    assert.deepEqual([deleting.phase, deleting.ready, deleting.mirror, deleting.deleting, deleting.labels], ['Running', true, true, true, { app: 'web' }]);
    const lost = podSnapshotOf(pod({}, { status: { phase: 'Unknown' } }), owners);
    assert.deepEqual([lost.phase, lost.ready, 'deleting' in lost], ['Pending', false, false]);
  });

  // A static pod's status as kube-apiserver returns it, read at 12:00:00.
  const readAt = Date.parse('2026-12-03T12:00:00Z');
  const notReadySince = (at: string, ...containerStatuses: KubeContainerStatus[]): KubePod['status'] => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: at }], containerStatuses });
  const notReadyCases: [string, KubePod['status'], PodSnapshot['notReady']][] = [
    ['still starting after a kubelet restart: its container has run for days, not ready for 40 s', notReadySince('2026-12-03T11:59:20Z', { name: 'kube-apiserver', ready: false, restartCount: 0, state: { running: { startedAt: '2026-11-28T08:00:00Z' } } }), { forSeconds: 40, containersUp: true }],
    ['a new container starting its probes', notReadySince('2026-12-03T11:59:55Z', { name: 'etcd', ready: false, state: { running: { startedAt: '2026-12-03T11:59:55Z' } } }), { forSeconds: 5, containersUp: true }],
    ['crash-looping: the container waits in CrashLoopBackOff', notReadySince('2026-12-03T11:58:00Z', { name: 'kube-scheduler', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }), { forSeconds: 120, containersUp: false }],
    ['crash-looping: running again, but it exited since it turned not ready', notReadySince('2026-12-03T11:58:00Z', { name: 'kube-scheduler', ready: false, restartCount: 5, state: { running: { startedAt: '2026-12-03T11:59:58Z' } }, lastState: { terminated: { finishedAt: '2026-12-03T11:59:57Z' } } }), { forSeconds: 120, containersUp: false }],
    ['not ready for longer, its container up since an exit before that', notReadySince('2026-12-03T11:50:00Z', { name: 'kube-apiserver', ready: false, restartCount: 1, state: { running: { startedAt: '2026-12-01T00:00:00Z' } }, lastState: { terminated: { finishedAt: '2026-11-30T23:59:59Z' } } }), { forSeconds: 600, containersUp: true }],
    ['no container statuses reported', notReadySince('2026-12-03T11:59:00Z'), { forSeconds: 60, containersUp: false }],
    ['a Ready condition without its transition time', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }, undefined],
    ['a ready pod', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-03T11:59:00Z' }] }, undefined],
    ['a Pending pod', { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2026-12-03T11:59:00Z' }] }, undefined],
  ];
  for (const [what, status, want] of notReadyCases) {
    it(`reads how a pod that is not ready stands: ${what}`, () => {
      assert.deepEqual(podSnapshotOf(pod({}, { status }), owners, readAt).notReady, want);
    });
  }
});
