import type { ClusterSnapshot, NodeSnapshot, PodSnapshot, WorkloadSnapshot } from '../../../src/core/cluster/index.js';
import { ClusterApiError } from '../../../src/core/errors.js';
import { formatVersion } from '../../../src/core/version/index.js';
import type { KubeHttp } from '../../../src/adapters/kube/kube-http.js';
import type { KubeRequest } from '../../../src/adapters/kube/kube-request.js';

// Makes a node-less real control plane look like the cluster a snapshot describes, as kubeadm
// would have left it: Node objects with kubelet status, the static pods' mirror pods on
// control-plane nodes, kube-system/kubeadm-config, the workloads (whose pods the real controllers
// create and the real scheduler places) and the PodDisruptionBudgets. resetKubeCluster removes it
// all again. There are no kubelets: startNodeAgent plays their part.

const FIXTURE = { 'kubehop.io/fixture': 'true' };
const ETCD_DEFAULT = '3.4.13-0';
const COREDNS_DEFAULT = '1.7.0';

type Admin = Pick<KubeHttp, 'request'>;

function call<T>(admin: Admin, method: KubeRequest['method'], path: string, body?: unknown, extra: Partial<KubeRequest> = {}): Promise<T> {
  return admin.request<T>({ method, path, ...(body !== undefined ? { body } : {}), action: `${method} ${path}`, rbac: { verb: 'create', resource: path }, ...extra });
}

async function ignoring<T>(status: number, promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ClusterApiError && error.status === status) return undefined;
    throw error;
  }
}

function cpu(millis: number): string {
  return `${millis}m`;
}

async function ensureNamespace(admin: Admin, name: string): Promise<void> {
  await ignoring(409, call(admin, 'POST', '/api/v1/namespaces', { metadata: { name, labels: FIXTURE } }));
}

async function seedNode(admin: Admin, node: NodeSnapshot): Promise<void> {
  const created = await call<{ metadata: { uid: string } }>(admin, 'POST', '/api/v1/nodes', {
    metadata: { name: node.name, labels: { ...node.labels, ...FIXTURE } },
    spec: { ...(node.cordoned ? { unschedulable: true } : {}), taints: node.taints },
  });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const resources = { cpu: cpu(node.allocatable.cpuMillis), memory: String(node.allocatable.memoryBytes), pods: String(node.allocatable.pods) };
  await call(admin, 'PATCH', `/api/v1/nodes/${node.name}/status`, {
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: node.ready ? 'True' : 'False', reason: 'KubeletReady', message: 'fixture', lastHeartbeatTime: now, lastTransitionTime: now }],
      addresses: [{ type: 'InternalIP', address: node.address ?? '127.0.0.1' }, { type: 'Hostname', address: node.name }],
      nodeInfo: {
        kubeletVersion: formatVersion(node.kubelet),
        kubeProxyVersion: formatVersion(node.kubeProxy ?? node.kubelet),
        osImage: node.os.image,
        operatingSystem: 'linux',
        architecture: 'amd64',
        kernelVersion: '6.1.0',
        containerRuntimeVersion: 'containerd://1.4.0',
        machineID: node.name,
        systemUUID: node.name,
        bootID: node.name,
      },
    },
  }, { contentType: 'application/merge-patch+json' });
  await ignoring(409, call(admin, 'POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
    metadata: { name: node.name, labels: FIXTURE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: created.metadata.uid }] },
    spec: { holderIdentity: node.name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') },
  }));
  if (node.controlPlane) await seedStaticPods(admin, node, created.metadata.uid);
}

async function seedStaticPods(admin: Admin, node: NodeSnapshot, uid: string): Promise<void> {
  const cp = node.controlPlane;
  if (!cp) return;
  const components: [string, string][] = [
    ['kube-apiserver', `k8s.gcr.io/kube-apiserver:${formatVersion(cp.apiserver)}`],
    ['kube-controller-manager', `k8s.gcr.io/kube-controller-manager:${formatVersion(cp.controllerManager)}`],
    ['kube-scheduler', `k8s.gcr.io/kube-scheduler:${formatVersion(cp.scheduler)}`],
    ['etcd', `k8s.gcr.io/etcd:${cp.etcd ?? ETCD_DEFAULT}`],
  ];
  for (const [component, image] of components) {
    await call(admin, 'POST', '/api/v1/namespaces/kube-system/pods', {
      metadata: {
        name: `${component}-${node.name}`,
        labels: { component, tier: 'control-plane' },
        annotations: { 'kubernetes.io/config.mirror': `${component}-fixture`, 'kubernetes.io/config.source': 'file' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid, controller: true }],
      },
      spec: { nodeName: node.name, priorityClassName: 'system-node-critical', containers: [{ name: component, image }], tolerations: [{ operator: 'Exists', effect: 'NoExecute' }] },
    });
  }
}

function imageOf(workload: WorkloadSnapshot, snapshot: ClusterSnapshot): string {
  if (workload.namespace === 'kube-system' && workload.name === 'kube-proxy') {
    const version = snapshot.addons.kubeProxy ?? snapshot.nodes[0]?.kubelet;
    return `k8s.gcr.io/kube-proxy:${version ? formatVersion(version) : 'v1.20.2'}`;
  }
  if (workload.namespace === 'kube-system' && workload.name === 'coredns') return `k8s.gcr.io/coredns:${snapshot.addons.coreDNS ?? COREDNS_DEFAULT}`;
  return 'registry.invalid/kubehop-fixture:1';
}

function podSpec(template: WorkloadSnapshot['template'], image: string, container: string, extra: object = {}): object {
  return {
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: template.terminationGraceSeconds ?? 30,
    nodeSelector: template.nodeSelector,
    tolerations: template.tolerations,
    containers: [{
      name: container,
      image,
      resources: { requests: { cpu: cpu(template.requests.cpuMillis), memory: String(template.requests.memoryBytes) } },
      ...(template.emptyDir ? { volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] } : {}),
    }],
    ...(template.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
    ...extra,
  };
}

async function seedWorkload(admin: Admin, workload: WorkloadSnapshot, snapshot: ClusterSnapshot): Promise<void> {
  const ns = workload.namespace;
  const container = workload.name === 'kube-proxy' || workload.name === 'coredns' ? workload.name : 'app';
  const template = { metadata: { labels: workload.labels }, spec: podSpec(workload.template, imageOf(workload, snapshot), container) };
  const metadata = { name: workload.name, labels: FIXTURE };
  const selector = { matchLabels: workload.labels };
  switch (workload.kind) {
    case 'Deployment':
      await call(admin, 'POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { metadata, spec: { replicas: workload.replicas, selector, template } });
      return;
    case 'ReplicaSet':
      await call(admin, 'POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, { metadata, spec: { replicas: workload.replicas, selector, template } });
      return;
    case 'StatefulSet':
      await call(admin, 'POST', `/apis/apps/v1/namespaces/${ns}/statefulsets`, { metadata, spec: { replicas: workload.replicas, serviceName: workload.name, podManagementPolicy: 'Parallel', selector, template } });
      return;
    case 'DaemonSet':
      await call(admin, 'POST', `/apis/apps/v1/namespaces/${ns}/daemonsets`, { metadata, spec: { selector, template } });
      return;
    case 'Job':
      await call(admin, 'POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
        metadata,
        spec: { parallelism: workload.replicas, completions: workload.replicas, template: { metadata: template.metadata, spec: { ...template.spec, restartPolicy: 'Never' } } },
      });
  }
}

async function seedBarePod(admin: Admin, pod: PodSnapshot): Promise<void> {
  const template = { requests: pod.requests, emptyDir: pod.emptyDir, nodeSelector: {}, tolerations: [] };
  await call(admin, 'POST', `/api/v1/namespaces/${pod.namespace}/pods`, {
    metadata: { name: pod.name, labels: pod.labels },
    spec: podSpec(template, 'registry.invalid/kubehop-fixture:1', 'app', pod.node ? { nodeName: pod.node } : {}),
  });
}

/** The PodDisruptionBudget group version the server serves (policy/v1beta1 on v1.20). */
export async function pdbVersionOf(admin: Admin): Promise<string> {
  const group = await call<{ versions: { groupVersion: string }[] }>(admin, 'GET', '/apis/policy');
  return group.versions.some((v) => v.groupVersion === 'policy/v1') ? 'policy/v1' : 'policy/v1beta1';
}

export async function seedKubeCluster(admin: Admin, snapshot: ClusterSnapshot): Promise<void> {
  const etcd = snapshot.etcd === 'external' ? 'external:\n  endpoints: ["https://etcd.invalid:2379"]' : 'local:\n  dataDir: /var/lib/etcd';
  const config = `apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\nclusterName: ${snapshot.name}\nkubernetesVersion: v1.20.2\netcd:\n  ${etcd.replace('\n', '\n  ')}\n`;
  await ignoring(404, call(admin, 'DELETE', '/api/v1/namespaces/kube-system/configmaps/kubeadm-config'));
  await call(admin, 'POST', '/api/v1/namespaces/kube-system/configmaps', { metadata: { name: 'kubeadm-config', labels: FIXTURE }, data: { ClusterConfiguration: config } });
  const namespaces = new Set([...snapshot.workloads.map((w) => w.namespace), ...snapshot.pdbs.map((p) => p.namespace), ...snapshot.pods.map((p) => p.namespace)]);
  for (const ns of namespaces) await ensureNamespace(admin, ns);
  for (const node of snapshot.nodes) await seedNode(admin, node);
  const pdbVersion = await pdbVersionOf(admin);
  for (const pdb of snapshot.pdbs) {
    await call(admin, 'POST', `/apis/${pdbVersion}/namespaces/${pdb.namespace}/poddisruptionbudgets`, {
      metadata: { name: pdb.name, labels: FIXTURE },
      spec: {
        selector: { matchLabels: pdb.selector },
        ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
        ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
      },
    });
  }
  for (const workload of snapshot.workloads) await seedWorkload(admin, workload, snapshot);
  for (const pod of snapshot.pods.filter((p) => !p.owner && !p.mirror)) await seedBarePod(admin, pod);
}

interface Named {
  readonly items: readonly { readonly metadata: { readonly name: string; readonly namespace?: string } }[];
}

/** Deletes what seedKubeCluster made (and what the controllers made from it) and waits until it is gone. */
export async function resetKubeCluster(admin: Admin, timeoutMs = 60_000): Promise<void> {
  const pdbVersion = await pdbVersionOf(admin);
  const collections = ['/apis/apps/v1/deployments', '/apis/apps/v1/statefulsets', '/apis/apps/v1/daemonsets', '/apis/batch/v1/jobs', '/apis/apps/v1/replicasets', `/apis/${pdbVersion}/poddisruptionbudgets`];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let left = 0;
    for (const path of [...collections, '/api/v1/pods', '/api/v1/nodes', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases']) {
      const list = await call<Named>(admin, 'GET', path);
      left += list.items.length;
      await Promise.all(list.items.map(({ metadata: m }) => {
        const base = path.replace(/\/([a-z]+)$/, m.namespace && !path.includes('/namespaces/') ? `/namespaces/${m.namespace}/$1` : '/$1');
        const query = path === '/api/v1/pods' ? { gracePeriodSeconds: 0 } : { propagationPolicy: 'Background' };
        return ignoring(404, call(admin, 'DELETE', `${base}/${m.name}`, undefined, { query }));
      }));
    }
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`failed to reset the test cluster within ${timeoutMs / 1000}s: ${left} objects remain`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
