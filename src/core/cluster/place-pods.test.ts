import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { ClusterSnapshot, PodSnapshot, WorkloadSnapshot } from './cluster-snapshot.js';
import { placePods } from './place-pods.js';

const noRequests = { cpuMillis: 0, memoryBytes: 0 };

type WorkloadChanges = Partial<Omit<WorkloadSnapshot, 'template'>> & { template?: Partial<WorkloadSnapshot['template']> };

function workload(name: string, changes: WorkloadChanges = {}): WorkloadSnapshot {
  const { template, ...rest } = changes;
  return {
    kind: 'Deployment', namespace: 'default', name, replicas: 1, labels: { app: name },
    ...rest,
    template: { requests: noRequests, emptyDir: false, nodeSelector: {}, tolerations: [], ...template },
  };
}

function place(cluster: ClusterSnapshot, workloads: WorkloadSnapshot[], pods: PodSnapshot[] = []): PodSnapshot[] {
  return placePods({ nodes: cluster.nodes, workloads, pods, etcd: cluster.etcd });
}

const nodesOf = (pods: readonly PodSnapshot[], owner: string) =>
  pods.filter((p) => p.owner?.name === owner).map((p) => p.node ?? '(pending)');

describe('placePods', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 3).build();

  it('runs kubeadm’s static pods as mirror pods on every control-plane node', () => {
    const pods = place(aCluster().withControlPlane('v1.32.9', 2).build(), []);
    assert.deepEqual(pods.map((p) => `${p.namespace}/${p.name}@${p.node}`), [
      'kube-system/kube-apiserver-cp-1@cp-1', 'kube-system/kube-controller-manager-cp-1@cp-1',
      'kube-system/kube-scheduler-cp-1@cp-1', 'kube-system/etcd-cp-1@cp-1',
      'kube-system/kube-apiserver-cp-2@cp-2', 'kube-system/kube-controller-manager-cp-2@cp-2',
      'kube-system/kube-scheduler-cp-2@cp-2', 'kube-system/etcd-cp-2@cp-2',
    ]);
    assert.ok(pods.every((p) => p.mirror && p.owner?.kind === 'Node' && p.owner.name === p.node && p.phase === 'Running' && p.ready));
  });

  it('runs no etcd pod with external etcd', () => {
    const pods = place(aCluster().withExternalEtcd().build(), []);
    assert.deepEqual(pods.map((p) => p.name), ['kube-apiserver-cp-1', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1']);
  });

  it('puts one DaemonSet pod on every node it may run on, cordoned ones included', () => {
    const tainted = aCluster().withWorkers('v1.32.9', 2).withNode('worker-2', { cordoned: true, labels: { disk: 'ssd' } }).build();
    const cases: [string, Partial<WorkloadSnapshot['template']>, string[]][] = [
      ['tolerating everything', { tolerations: [{ operator: 'Exists' }] }, ['cp-1', 'worker-1', 'worker-2']],
      ['tolerating nothing', {}, ['worker-1', 'worker-2']],
      ['with a nodeSelector', { nodeSelector: { disk: 'ssd' } }, ['worker-2']],
    ];
    for (const [name, template, expected] of cases) {
      const pods = place(tainted, [workload('agent', { kind: 'DaemonSet', template })]);
      assert.deepEqual(nodesOf(pods, 'agent'), expected, name);
    }
  });

  it('spreads replicas round-robin over schedulable workers, keeping off the tainted control plane', () => {
    const pods = place(cluster, [workload('web', { replicas: 5 }), workload('api', { replicas: 2 })]);
    assert.deepEqual(nodesOf(pods, 'web'), ['worker-1', 'worker-2', 'worker-3', 'worker-1', 'worker-2']);
    assert.deepEqual(nodesOf(pods, 'api'), ['worker-3', 'worker-1'], 'the next workload starts where the last stopped');
    assert.ok(pods.filter((p) => p.owner?.name === 'web').every((p) => p.phase === 'Running' && p.ready && !p.mirror));
  });

  it('uses the control plane for pods that tolerate its taint', () => {
    const tolerations = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }];
    const pods = place(cluster, [workload('dns', { replicas: 2, template: { tolerations } })]);
    assert.deepEqual(nodesOf(pods, 'dns'), ['cp-1', 'worker-1']);
  });

  it('honours nodeSelector, cordons and readiness', () => {
    const mixed = aCluster().withWorkers('v1.32.9', 4)
      .withNode('worker-1', { cordoned: true, labels: { disk: 'ssd' } })
      .withNode('worker-2', { ready: false, labels: { disk: 'ssd' } })
      .withNode('worker-3', { labels: { disk: 'ssd' } })
      .build();
    const pods = place(mixed, [workload('db', { replicas: 2, template: { nodeSelector: { disk: 'ssd' } } })]);
    assert.deepEqual(nodesOf(pods, 'db'), ['worker-3', 'worker-3']);
  });

  it('leaves replicas that fit nowhere Pending, unbound and not ready', () => {
    const small = aCluster().withWorkers('v1.32.9', 2).withAllocatable({ cpu: 1, memory: '1Gi', pods: 3 }).build();
    const cases: [string, WorkloadSnapshot, string[]][] = [
      ['by cpu', workload('big', { replicas: 3, template: { requests: { cpuMillis: 600, memoryBytes: 0 } } }), ['worker-1', 'worker-2', '(pending)']],
      ['by memory', workload('big', { replicas: 3, template: { requests: { cpuMillis: 0, memoryBytes: 2 ** 30 } } }), ['worker-1', 'worker-2', '(pending)']],
      ['by pod count', workload('big', { replicas: 7 }), ['worker-1', 'worker-2', 'worker-1', 'worker-2', 'worker-1', 'worker-2', '(pending)']],
    ];
    for (const [name, w, expected] of cases) {
      const pods = place(small, [w]);
      assert.deepEqual(nodesOf(pods, 'big'), expected, name);
      const pending = pods.filter((p) => p.node === undefined);
      assert.ok(pending.every((p) => p.phase === 'Pending' && !p.ready), name);
    }
  });

  it('tolerates a taint by key and value, by Exists, or not at all when the effect differs', () => {
    const dedicated = aCluster().withWorkers('v1.32.9', 1).withNode('worker-1', { taints: ['dedicated=db:NoSchedule'] }).build();
    const cases: [string, WorkloadSnapshot['template']['tolerations'], string][] = [
      ['Equal with the value', [{ key: 'dedicated', value: 'db' }], 'worker-1'],
      ['Equal with another value', [{ key: 'dedicated', value: 'web' }], '(pending)'],
      ['Exists on the key', [{ key: 'dedicated', operator: 'Exists' }], 'worker-1'],
      ['another effect', [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }], '(pending)'],
    ];
    for (const [name, tolerations, expected] of cases) {
      assert.deepEqual(nodesOf(place(dedicated, [workload('x', { template: { tolerations } })]), 'x'), [expected], name);
    }
  });

  it('names pods like Kubernetes does, deterministically', () => {
    const workloads = [
      workload('web', { replicas: 2 }),
      workload('db', { kind: 'StatefulSet', replicas: 2 }),
      workload('rs', { kind: 'ReplicaSet' }),
      workload('agent', { kind: 'DaemonSet' }),
    ];
    const pods = place(cluster, workloads).filter((p) => !p.mirror);
    const names = pods.map((p) => p.name);
    assert.match(names[0] ?? '', /^agent-[b-z2-9]{5}$/);
    assert.match(names[3] ?? '', /^web-[b-z2-9]{10}-[b-z2-9]{5}$/);
    assert.equal(names[3]?.slice(0, 15), names[4]?.slice(0, 15), 'one template hash per Deployment');
    assert.deepEqual(names.slice(5), ['db-0', 'db-1', names[7]]);
    assert.match(names[7] ?? '', /^rs-[b-z2-9]{5}$/);
    assert.deepEqual(place(cluster, workloads).filter((p) => !p.mirror), pods, 'same input, same pods');
    assert.equal(new Set(pods.map((p) => p.uid)).size, pods.length);
    assert.match(pods[0]?.uid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps listed pods as given, counting them toward their workload and its nodes’ capacity', () => {
    const listed: PodSnapshot[] = [
      { namespace: 'default', name: 'db-1', uid: 'u1', node: 'worker-3', owner: { kind: 'StatefulSet', name: 'db' }, phase: 'Running', ready: true, labels: {}, requests: noRequests, emptyDir: false, mirror: false },
      { namespace: 'default', name: 'hog', uid: 'u2', node: 'worker-1', phase: 'Running', ready: true, labels: {}, requests: { cpuMillis: 4000, memoryBytes: 0 }, emptyDir: false, mirror: false },
      { namespace: 'default', name: 'done', uid: 'u3', node: 'worker-2', phase: 'Succeeded', ready: false, labels: {}, requests: { cpuMillis: 4000, memoryBytes: 0 }, emptyDir: false, mirror: false },
    ];
    const pods = place(cluster, [workload('db', { kind: 'StatefulSet', replicas: 3, template: { requests: { cpuMillis: 100, memoryBytes: 0 } } })], listed);
    assert.deepEqual(pods.slice(0, 3), listed);
    assert.deepEqual(pods.filter((p) => p.owner?.name === 'db').map((p) => `${p.name}@${p.node}`), ['db-1@worker-3', 'db-0@worker-2', 'db-2@worker-2']);
  });
});
