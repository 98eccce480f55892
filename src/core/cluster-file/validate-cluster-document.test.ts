import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from './document-checker.js';
import { errorsOf, snapshotOf } from '../../../test/builders/validated-document.js';

type Doc = Record<string, unknown>;

function minimal(extra: Doc = {}): Doc {
  return {
    kind: 'Cluster',
    apiVersion: 'kubehop/v1',
    name: 'lab',
    nodes: [
      { name: 'cp-1', role: 'control-plane', kubelet: 'v1.32.9' },
      { name: 'worker-1', kubelet: 'v1.32.9' },
    ],
    ...extra,
  };
}



const cp = { name: 'cp-1', role: 'control-plane', kubelet: 'v1.32.9' };

describe('validateClusterDocument refuses a bad document, naming the field and the fix', () => {
  const cases: { name: string; doc: unknown; errors: FieldError[] }[] = [
    { name: 'an empty file', doc: null, errors: [{ path: [], message: 'the cluster file is empty; see the example in docs/cluster-file.md' }] },
    {
      name: 'a document that is a list',
      doc: [],
      errors: [{ path: [], message: 'must be a mapping of fields (kind, apiVersion, name, etcd, kubectl, addons, defaults, nodes, workloads, pods, pdbs, etcdHealthy, webhooks, objects, kubeadmConfig, kubeletConfig), found a list' }],
    },
    {
      name: 'a missing header and name',
      doc: { nodes: [cp] },
      errors: [
        { path: ['kind'], message: 'missing kind; start the file with "kind: Cluster"' },
        { path: ['apiVersion'], message: 'missing apiVersion; add "apiVersion: kubehop/v1"' },
        { path: ['name'], message: 'missing name; name the cluster, e.g. name: prod' },
      ],
    },
    {
      name: 'another kind and apiVersion',
      doc: minimal({ kind: 'Plan', apiVersion: 'kubehop/v2' }),
      errors: [
        { path: ['kind'], message: 'must be Cluster, found "Plan"; is this a cluster file?' },
        { path: ['apiVersion'], message: 'unsupported apiVersion "kubehop/v2"; this kubehop reads kubehop/v1' },
      ],
    },
    {
      name: 'an unknown top-level field, suggesting the nearest',
      doc: minimal({ workload: [] }),
      errors: [{ path: ['workload'], message: 'unknown field "workload"; did you mean "workloads"?' }],
    },
    {
      name: 'an unknown node field far from any known one',
      doc: minimal({ nodes: [{ ...cp, zone: 'a' }] }),
      errors: [{
        path: ['nodes', 0, 'zone'],
        message: 'unknown field "zone"; known fields: name, count, role, kubelet, kubeadm, kubectl, kubeProxy, ready, cordoned, labels, taints, address, controlPlane, certificates, os, repository, allocatable, facts',
      }],
    },
    {
      name: 'a node missing its kubelet version and a misspelt field',
      doc: minimal({ nodes: [cp, { name: 'worker-1', kubelete: 'v1.32.9' }] }),
      errors: [
        { path: ['nodes', 1, 'kubelete'], message: 'unknown field "kubelete"; did you mean "kubelet"?' },
        { path: ['nodes', 1, 'kubelet'], message: 'missing kubelet version; add e.g. kubelet: v1.32.9' },
      ],
    },
    {
      name: 'bad versions, with parseVersion’s words',
      doc: minimal({ kubectl: 1.3, nodes: [{ ...cp, kubeadm: 'v1.32' }, { name: 'w', kubelet: 'latest' }] }),
      errors: [
        { path: ['kubectl'], message: 'invalid Kubernetes version "1.3": a full version needs a patch number, e.g. v1.3.0' },
        { path: ['nodes', 0, 'kubeadm'], message: 'invalid Kubernetes version "v1.32": a full version needs a patch number, e.g. v1.32.0' },
        { path: ['nodes', 1, 'kubelet'], message: 'invalid Kubernetes version "latest": it must start with a number, optionally after "v" (examples: 1.30, v1.30.2, v1.31.0-rc.1)' },
      ],
    },
    {
      name: 'wrong types',
      doc: minimal({ name: 7, nodes: [{ ...cp, ready: 'yes', count: 0, role: 'master' }] }),
      errors: [
        { path: ['name'], message: 'must be a non-empty string, found 7' },
        { path: ['nodes', 0, 'count'], message: 'must be a whole number of at least 1, found 0' },
        { path: ['nodes', 0, 'role'], message: 'must be one of control-plane, worker; found "master"' },
        { path: ['nodes', 0, 'ready'], message: 'must be true or false, found "yes"' },
        { path: ['nodes'], message: 'no control-plane node; give at least one node role: control-plane' },
      ],
    },
    {
      name: 'duplicate node names, also through count',
      doc: minimal({ nodes: [cp, { name: 'worker', count: 2, kubelet: 'v1.32.9' }, { name: 'worker-2', kubelet: 'v1.32.9' }] }),
      errors: [{ path: ['nodes', 2, 'name'], message: 'node name "worker-2" is already used by nodes.1; node names must be unique' }],
    },
    {
      name: 'etcdHealthy written as a word',
      doc: minimal({ etcdHealthy: 'yes' }),
      errors: [{ path: ['etcdHealthy'], message: 'must be true or false, found "yes"' }],
    },
    {
      name: 'a node name that is not a DNS name',
      doc: minimal({ nodes: [{ ...cp, name: 'CP_1' }] }),
      errors: [{ path: ['nodes', 0, 'name'], message: 'invalid node name "CP_1": use lowercase letters, digits, "-" and "." (a DNS name)' }],
    },
    {
      name: 'a controlPlane block on a worker',
      doc: minimal({ nodes: [cp, { name: 'w', kubelet: 'v1.32.9', controlPlane: { apiserver: 'v1.32.9' } }] }),
      errors: [{ path: ['nodes', 1, 'controlPlane'], message: 'controlPlane is only for control-plane nodes; remove it or set role: control-plane' }],
    },
    {
      name: 'no control-plane node',
      doc: minimal({ nodes: [{ name: 'w', kubelet: 'v1.32.9' }] }),
      errors: [{ path: ['nodes'], message: 'no control-plane node; give at least one node role: control-plane' }],
    },
    {
      name: 'only the control-plane node’s own mistake when it is wrong in another way',
      doc: minimal({ nodes: [{ name: 'cp-1', role: 'control-plane' }, { name: 'w', kubelet: 'v1.32.9' }] }),
      errors: [{ path: ['nodes', 0, 'kubelet'], message: 'missing kubelet version; add e.g. kubelet: v1.32.9' }],
    },
    {
      name: 'no nodes at all',
      doc: minimal({ nodes: [] }),
      errors: [{ path: ['nodes'], message: 'missing nodes; list the nodes of the cluster, at least one with role: control-plane' }],
    },
    {
      name: 'an etcd tag with external etcd, and a bad tag',
      doc: minimal({ etcd: 'external', nodes: [{ ...cp, controlPlane: { etcd: '3.5.16-0' } }, { ...cp, name: 'cp-2', controlPlane: { etcd: 'latest' } }] }),
      errors: [
        { path: ['nodes', 0, 'controlPlane', 'etcd'], message: 'the cluster uses external etcd, so control-plane nodes run no etcd; remove this or set etcd: local' },
        { path: ['nodes', 1, 'controlPlane', 'etcd'], message: 'invalid etcd version "latest": use an etcd image tag such as 3.5.16-0' },
      ],
    },
    {
      name: 'bad quantities and pods',
      doc: minimal({ defaults: { allocatable: { cpu: '4 cores', memory: '16GB', pods: 0 } } }),
      errors: [
        { path: ['defaults', 'allocatable', 'cpu'], message: 'invalid cpu quantity "4 cores": use cores (4, 0.5) or millicores (3500m)' },
        { path: ['defaults', 'allocatable', 'memory'], message: 'invalid memory quantity "16GB": use bytes or a suffix such as 512Mi, 16Gi or 1G' },
        { path: ['defaults', 'allocatable', 'pods'], message: 'must be a whole number of at least 1, found 0' },
      ],
    },
    {
      name: 'an OS whose package manager does not fit, and a repository that cannot exist',
      doc: minimal({ defaults: { os: { family: 'rhel', packageManager: 'apt' }, repository: { era: 'legacy', minor: 32 } } }),
      errors: [
        { path: ['defaults', 'os', 'packageManager'], message: 'apt does not go with family rhel; use dnf or yum' },
        { path: ['defaults', 'repository', 'minor'], message: 'the legacy repository has no minor lines; remove minor or use era: pkgs' },
      ],
    },
    {
      name: 'a pkgs.k8s.io repository older than v1.24',
      doc: minimal({ defaults: { repository: { minor: 'v1.20' } } }),
      errors: [{ path: ['defaults', 'repository', 'minor'], message: 'pkgs.k8s.io has no repository for v1.20 (it starts at v1.24); use era: legacy' }],
    },
    {
      name: 'a pkgs.k8s.io repository implied for an old kubelet',
      doc: minimal({ nodes: [{ ...cp, kubelet: 'v1.20.1', repository: { era: 'pkgs' } }] }),
      errors: [{ path: ['nodes', 0, 'repository'], message: 'pkgs.k8s.io has no repository for v1.20 (it starts at v1.24); use era: legacy or set minor' }],
    },
    {
      name: 'taints written wrongly',
      doc: minimal({ nodes: [{ ...cp, taints: ['dedicated=db', { key: 'gpu' }] }] }),
      errors: [
        { path: ['nodes', 0, 'taints', 0], message: 'invalid taint "dedicated=db": write key=value:Effect or key:Effect with Effect one of NoSchedule, PreferNoSchedule, NoExecute' },
        { path: ['nodes', 0, 'taints', 1, 'effect'], message: 'missing effect; use one of NoSchedule, PreferNoSchedule, NoExecute' },
      ],
    },
    {
      name: 'one address for a count entry',
      doc: minimal({ nodes: [cp, { name: 'w', count: 2, kubelet: 'v1.32.9', address: '10.0.0.5' }] }),
      errors: [{ path: ['nodes', 1, 'address'], message: 'an address cannot be shared by the 2 nodes of a count entry; list those nodes one by one' }],
    },
    {
      name: 'bad workloads',
      doc: minimal({
        workloads: [
          { kind: 'deployment', name: 'web' },
          { name: 'api', kind: 'DaemonSet', replicas: 3, nodeSelector: ['disk=ssd'] },
          { kind: 'Deployment', name: 'db', labels: { tier: 1 }, tolerations: [{ operator: 'Exists', value: 'x' }, { effect: 'NoSchedule' }] },
          { kind: 'Job', name: 'Batch', namespace: 'Jobs' },
        ],
      }),
      errors: [
        { path: ['workloads', 0, 'kind'], message: 'must be one of Deployment, StatefulSet, DaemonSet, ReplicaSet, Job; found "deployment" (did you mean "Deployment"?)' },
        { path: ['workloads', 1, 'replicas'], message: 'a DaemonSet runs one pod per eligible node and has no replicas; remove replicas' },
        { path: ['workloads', 1, 'nodeSelector'], message: 'must be a mapping of strings such as {app: web}, found a list' },
        { path: ['workloads', 2, 'labels', 'tier'], message: 'must be a string, found 1; quote it: "1"' },
        { path: ['workloads', 2, 'tolerations', 0, 'value'], message: 'a toleration with operator Exists takes no value; remove value or use operator: Equal' },
        { path: ['workloads', 2, 'tolerations', 1, 'key'], message: 'missing key; only operator: Exists may leave key out (to tolerate every taint)' },
        { path: ['workloads', 3, 'namespace'], message: 'invalid namespace "Jobs": use lowercase letters, digits and "-" (at most 63)' },
        { path: ['workloads', 3, 'name'], message: 'invalid workload name "Batch": use lowercase letters, digits, "-" and "." (a DNS name)' },
      ],
    },
    {
      name: 'a workload defined twice',
      doc: minimal({ workloads: [{ kind: 'Deployment', name: 'web' }, { kind: 'Deployment', name: 'web' }] }),
      errors: [{ path: ['workloads', 1, 'name'], message: 'Deployment default/web is already defined by workloads.0; rename one of them' }],
    },
    {
      name: 'PDBs with both, neither or a bad budget',
      doc: minimal({
        pdbs: [
          { name: 'a', selector: { matchLabels: { app: 'a' } }, minAvailable: 1, maxUnavailable: 1 },
          { name: 'b', selector: { matchLabels: { app: 'b' } } },
          { name: 'c', selector: { matchLabels: { app: 'c' } }, maxUnavailable: '150%', unhealthyPodEvictionPolicy: 'Always' },
          { name: 'd', minAvailable: 1 },
        ],
      }),
      errors: [
        { path: ['pdbs', 0, 'maxUnavailable'], message: 'a PodDisruptionBudget takes minAvailable or maxUnavailable, not both; remove one' },
        { path: ['pdbs', 1], message: 'missing budget; set minAvailable or maxUnavailable, e.g. minAvailable: 1 or maxUnavailable: "50%"' },
        { path: ['pdbs', 2, 'maxUnavailable'], message: 'must be a whole number such as 1 or a percentage such as "50%", found "150%"' },
        { path: ['pdbs', 2, 'unhealthyPodEvictionPolicy'], message: 'must be one of IfHealthyBudget, AlwaysAllow; found "Always" (did you mean "AlwaysAllow"?)' },
        { path: ['pdbs', 3, 'selector'], message: 'missing selector; give the labels of the pods it protects, e.g. selector: {matchLabels: {app: web}}' },
      ],
    },
    {
      name: 'pods that point at nothing or contradict themselves',
      doc: minimal({
        pods: [
          { name: 'a', node: 'worker-9' },
          { name: 'b', phase: 'Running' },
          { name: 'c', node: 'worker-1', phase: 'Succeeded', ready: true },
          { name: 'd', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' } },
          { name: 'e', owner: { kind: 'Node', name: 'cp-1' } },
          { name: 'a', node: 'worker-1' },
        ],
      }),
      errors: [
        { path: ['pods', 0, 'node'], message: 'no node "worker-9" in nodes; bind the pod to a listed node or leave node out (Pending)' },
        { path: ['pods', 1, 'phase'], message: 'a Running pod runs on a node; set node or use phase: Pending' },
        { path: ['pods', 2, 'ready'], message: 'a Succeeded pod cannot be ready; remove ready or use phase: Running' },
        { path: ['pods', 3, 'owner', 'name'], message: 'no Deployment "web" in namespace "default"; add it under workloads or remove owner' },
        { path: ['pods', 4, 'mirror'], message: 'a mirror pod is the static pod of a node; set node' },
        { path: ['pods', 5, 'name'], message: 'pod default/a is already listed as pods.0; pod names are unique per namespace' },
      ],
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      assert.deepEqual(errorsOf(c.doc), c.errors);
    });
  }
});

describe('validateClusterDocument fills in the documented defaults', () => {
  it('gives a node kubeadm defaults, OS, repository, capacity, labels and taints', () => {
    const cluster = snapshotOf(minimal());
    const [control, worker] = cluster.nodes;
    const v = { major: 1, minor: 32, patch: 9 };
    assert.deepEqual(control, {
      name: 'cp-1',
      role: 'control-plane',
      kubelet: v,
      kubeadm: v,
      os: { image: 'Ubuntu 24.04 LTS', family: 'debian', packageManager: 'apt' },
      repository: { era: 'pkgs', minor: 32 },
      ready: true,
      cordoned: false,
      controlPlane: { apiserver: v, controllerManager: v, scheduler: v },
      allocatable: { cpuMillis: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 },
      labels: { 'kubernetes.io/hostname': 'cp-1', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      kubeProxy: v,
    });
    assert.deepEqual(worker?.taints, []);
    assert.equal(cluster.etcd, 'local');
    assert.deepEqual(cluster.addons, { kubeProxy: v });
    assert.deepEqual(cluster.pdbs, []);
  });

  it('lets kube-proxy default to the oldest kube-apiserver', () => {
    const cluster = snapshotOf(minimal({
      nodes: [
        { name: 'cp-1', role: 'control-plane', kubelet: 'v1.33.1' },
        { name: 'cp-2', role: 'control-plane', kubelet: 'v1.33.1', controlPlane: { apiserver: 'v1.32.4' } },
        { name: 'w', kubelet: 'v1.31.0', kubeProxy: 'v1.31.0' },
      ],
    }));
    assert.deepEqual(cluster.addons.kubeProxy, { major: 1, minor: 32, patch: 4 });
    assert.deepEqual(cluster.nodes.map((n) => n.kubeProxy?.minor), [32, 32, 31]);
  });

  it('merges defaults and node settings field by field, the node winning', () => {
    const cluster = snapshotOf(minimal({
      defaults: { os: { family: 'rhel' }, repository: { minor: 31 }, allocatable: { cpu: '8', pods: 250 } },
      nodes: [{ ...cp, os: { packageManager: 'yum', image: 'CentOS Stream 9' }, allocatable: { memory: '32Gi' } }],
    }));
    const node = cluster.nodes[0];
    assert.deepEqual(node?.os, { image: 'CentOS Stream 9', family: 'rhel', packageManager: 'yum' });
    assert.deepEqual(node?.repository, { era: 'pkgs', minor: 31 });
    assert.deepEqual(node?.allocatable, { cpuMillis: 8000, memoryBytes: 32 * 2 ** 30, pods: 250 });
  });

  it('uses the legacy repository and the master label and taint for an old kubeadm cluster', () => {
    const node = snapshotOf(minimal({ nodes: [{ name: 'master', role: 'control-plane', kubelet: '1.11.3' }] })).nodes[0];
    assert.deepEqual(node?.repository, { era: 'legacy' });
    assert.deepEqual(node?.labels, { 'kubernetes.io/hostname': 'master', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/master': '' });
    assert.deepEqual(node?.taints, [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }]);
  });

  it('reads taints written as kubectl text or as objects, replacing the default taint', () => {
    const node = snapshotOf(minimal({ nodes: [{ ...cp, taints: ['dedicated=db:NoExecute', 'gpu:PreferNoSchedule', { key: 'x', effect: 'NoSchedule' }] }] })).nodes[0];
    assert.deepEqual(node?.taints, [
      { key: 'dedicated', value: 'db', effect: 'NoExecute' },
      { key: 'gpu', effect: 'PreferNoSchedule' },
      { key: 'x', effect: 'NoSchedule' },
    ]);
  });

  it('expands a count entry into name-1 .. name-N', () => {
    const cluster = snapshotOf(minimal({ nodes: [{ ...cp, name: 'cp', count: 3 }, { name: 'pool-a', count: 2, kubelet: 'v1.31.2', cordoned: true }] }));
    assert.deepEqual(cluster.nodes.map((n) => [n.name, n.role, n.cordoned]), [
      ['cp-1', 'control-plane', false], ['cp-2', 'control-plane', false], ['cp-3', 'control-plane', false],
      ['pool-a-1', 'worker', true], ['pool-a-2', 'worker', true],
    ]);
    assert.equal(cluster.nodes[4]?.labels['kubernetes.io/hostname'], 'pool-a-2');
  });

  it('defaults a workload to one replica labelled app: <name> in namespace default, and adds the kubeadm addons first', () => {
    const cluster = snapshotOf(minimal({ workloads: [{ kind: 'Deployment', name: 'web', requests: { cpu: '250m' } }] }));
    assert.deepEqual(cluster.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`), [
      'DaemonSet kube-system/kube-proxy', 'Deployment kube-system/coredns', 'Deployment default/web',
    ]);
    assert.deepEqual(cluster.workloads[2], {
      kind: 'Deployment', namespace: 'default', name: 'web', replicas: 1, labels: { app: 'web' },
      template: { requests: { cpuMillis: 250, memoryBytes: 0 }, emptyDir: false, nodeSelector: {}, tolerations: [] },
    });
  });

  it('fills a listed pod from its owner and keeps it as given', () => {
    const cluster = snapshotOf(minimal({
      workloads: [{ kind: 'Deployment', name: 'web', replicas: 1, requests: { cpu: 1 }, emptyDir: true }],
      pods: [{ name: 'web-pinned', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' }, uid: 'u-1' }],
    }));
    const webPods = cluster.pods.filter((p) => p.owner?.name === 'web');
    assert.deepEqual(webPods, [{
      namespace: 'default', name: 'web-pinned', uid: 'u-1', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' },
      phase: 'Running', ready: true, labels: { app: 'web' }, requests: { cpuMillis: 1000, memoryBytes: 0 }, emptyDir: true, mirror: false,
    }]);
  });

  it('reads PDBs with an integer or a percentage', () => {
    const cluster = snapshotOf(minimal({
      pdbs: [
        { name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 3 },
        { name: 'api', namespace: 'shop', selector: { matchLabels: { app: 'api' } }, maxUnavailable: '50%', unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      ],
    }));
    assert.deepEqual(cluster.pdbs, [
      { namespace: 'default', name: 'web', selector: { app: 'web' }, minAvailable: 3 },
      { namespace: 'shop', name: 'api', selector: { app: 'api' }, maxUnavailable: '50%', unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    ]);
  });

  it('reads etcdHealthy, with local or external etcd, and leaves it out when not given', () => {
    assert.equal(snapshotOf(minimal({ etcdHealthy: true })).etcdHealthy, true);
    assert.equal(snapshotOf(minimal({ etcd: 'external', etcdHealthy: false })).etcdHealthy, false);
    assert.equal('etcdHealthy' in snapshotOf(minimal()), false);
  });

  it('produces the same snapshot twice from the same document', () => {
    const doc = minimal({ workloads: [{ kind: 'Deployment', name: 'web', replicas: 5 }] });
    assert.deepEqual(snapshotOf(doc), snapshotOf(doc));
  });
});
