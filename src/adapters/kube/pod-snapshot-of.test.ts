import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubePod, KubeWorkload, ObjectMeta } from './kube-objects.js';
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
});
