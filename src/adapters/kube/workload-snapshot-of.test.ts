import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubePdb, KubeWorkload } from './kube-objects.js';
import { pdbStatusOf } from './pdb-status-of.js';
import { workloadSnapshotOf } from './workload-snapshot-of.js';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'app', resources: { requests: { cpu: '100m', memory: '1Gi' } } }],
    nodeSelector: { pool: 'general' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }, { operator: 'Exists' }],
    terminationGracePeriodSeconds: 45,
  },
};

describe('workloadSnapshotOf', () => {
  it('reads a Deployment with its pod template', () => {
    const w: KubeWorkload = { metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 3, template } };
    assert.deepEqual(workloadSnapshotOf('Deployment', w), {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      replicas: 3,
      labels: { app: 'web' },
      template: {
        requests: { cpuMillis: 100, memoryBytes: 2 ** 30 },
        emptyDir: false,
        nodeSelector: { pool: 'general' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }, { operator: 'Exists' }],
        terminationGraceSeconds: 45,
      },
    });
  });

  const counts: [string, Parameters<typeof workloadSnapshotOf>[0], KubeWorkload, number | undefined][] = [
    ['a Deployment without replicas counts one', 'Deployment', { metadata: { name: 'a' }, spec: { template } }, 1],
    ['a DaemonSet counts the nodes it wants', 'DaemonSet', { metadata: { name: 'b' }, spec: { template }, status: { desiredNumberScheduled: 7 } }, 7],
    ['a Job counts by parallelism', 'Job', { metadata: { name: 'c' }, spec: { parallelism: 4, template } }, 4],
    ['a ReplicaSet of its own counts its replicas', 'ReplicaSet', { metadata: { name: 'd' }, spec: { replicas: 2, template } }, 2],
    ['a ReplicaSet a Deployment controls is not a workload of its own', 'ReplicaSet', { metadata: { name: 'e', ownerReferences: [{ kind: 'Deployment', name: 'x', controller: true }] }, spec: { replicas: 2, template } }, undefined],
  ];
  for (const [name, kind, object, replicas] of counts) {
    it(name, () => assert.equal(workloadSnapshotOf(kind, object)?.replicas, replicas));
  }
});

describe('pdbStatusOf', () => {
  it('reads the spec and the status the eviction API decides by', () => {
    const pdb: KubePdb = {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      status: { currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 1 },
    };
    assert.deepEqual(pdbStatusOf(pdb), {
      namespace: 'shop', name: 'web', selector: { app: 'web' }, maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow',
      currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 1,
    });
  });

  it('counts a budget the controller has not processed yet as allowing nothing', () => {
    const fresh = pdbStatusOf({ metadata: { name: 'new', namespace: 'shop' }, spec: { minAvailable: 1 } });
    assert.deepEqual([fresh.selector, fresh.minAvailable, fresh.disruptionsAllowed, fresh.expectedPods], [{}, 1, 0, 0]);
  });
});
