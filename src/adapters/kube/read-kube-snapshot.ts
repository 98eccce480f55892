import type { Addons, ClusterSnapshot, PdbSnapshot } from '../../core/cluster/index.js';
import type { PdbStatus } from '../../ports/index.js';
import type { KubeDiscovery } from './kube-discovery.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeNode, KubePod, KubeWorkload } from './kube-objects.js';
import { imageTagOf, kubeVersionOf } from './kube-version-of.js';
import { listAll } from './list-all.js';
import { nodeComponentsOf } from './node-components-of.js';
import { nodeSnapshotOf } from './node-snapshot-of.js';
import { podSnapshotOf } from './pod-snapshot-of.js';
import { readKubePdbs } from './read-kube-pdbs.js';
import { readKubeWorkloads, replicaSetOwnersOf, workloadsOf } from './read-kube-workloads.js';
import { hasKubeProxyConfigMap, readKubeadmConfig, readKubeletConfigMap } from './read-kubeadm-config.js';

// The cluster as kubeadm sees it, read through the API: nodes with their kubelets and, on
// control-plane nodes, the versions of the static pods' images; kube-proxy and CoreDNS; whether
// etcd is local; every workload, pod and budget. All lists are read at once, in pages.

export async function readServerVersion(http: KubeHttp): Promise<string | undefined> {
  const info = await http.request<{ gitVersion?: string }>({
    method: 'GET',
    path: '/version',
    action: 'read the API server version',
    rbac: { verb: 'get', resource: '/version' },
  });
  return info.gitVersion;
}

export function listKubeNodes(http: KubeHttp): Promise<KubeNode[]> {
  return listAll<KubeNode>(http, { method: 'GET', path: '/api/v1/nodes', action: 'list nodes', rbac: { verb: 'list', resource: 'nodes' } }).then((r) => r.items);
}

export function listKubePods(http: KubeHttp, query: { fieldSelector?: string; labelSelector?: string } = {}, namespace?: string): Promise<KubePod[]> {
  const path = namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  return listAll<KubePod>(http, {
    method: 'GET',
    path,
    query,
    action: `list pods${namespace === undefined ? '' : ` in ${namespace}`}`,
    rbac: { verb: 'list', resource: 'pods', namespace: namespace ?? '*' },
  }).then((r) => r.items);
}

function addonsOf(daemonSets: readonly KubeWorkload[], deployments: readonly KubeWorkload[]): Addons {
  const image = (list: readonly KubeWorkload[], name: string, container: string) => {
    const found = list.find((w) => w.metadata.namespace === 'kube-system' && w.metadata.name === name);
    const containers = found?.spec?.template?.spec?.containers ?? [];
    return imageTagOf((containers.find((c) => c.name === container) ?? containers[0])?.image);
  };
  const kubeProxy = kubeVersionOf(image(daemonSets, 'kube-proxy', 'kube-proxy'));
  const coreDNS = image(deployments, 'coredns', 'coredns')?.replace(/^v/, '');
  return { ...(coreDNS ? { coreDNS } : {}), ...(kubeProxy ? { kubeProxy } : {}) };
}

function pdbSnapshotOf({ currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, ...spec }: PdbStatus): PdbSnapshot {
  return spec;
}

/** `fallbackName`: the kubeconfig's name for the cluster, when kubeadm-config names none. */
export async function readKubeSnapshot(http: KubeHttp, discovery: KubeDiscovery, fallbackName: string): Promise<ClusterSnapshot> {
  const [gitVersion, nodes, pods, lists, pdbs, kubeadm] = await Promise.all([
    readServerVersion(http),
    listKubeNodes(http),
    listKubePods(http),
    readKubeWorkloads(http),
    readKubePdbs(http, discovery),
    readKubeadmConfig(http),
  ]);
  const images = nodeComponentsOf(pods);
  const apiServerVersion = kubeVersionOf(gitVersion);
  const nodeSnapshots = nodes.map((node) => nodeSnapshotOf(node, images.get(node.metadata.name) ?? {}, apiServerVersion));
  const owners = replicaSetOwnersOf(lists.ReplicaSet);
  const localEtcd = nodeSnapshots.some((n) => n.controlPlane?.etcd !== undefined);
  const addons = addonsOf(lists.DaemonSet, lists.Deployment);
  // For the breaking-change checks: what kubeadm hands the kubelets, and a kube-proxy it would bring back.
  const [kubeletConfig, kubeProxyConfigMap] = kubeadm
    ? await Promise.all([readKubeletConfigMap(http, apiServerVersion?.minor), addons.kubeProxy ? Promise.resolve(true) : hasKubeProxyConfigMap(http)])
    : [undefined, undefined];
  return {
    name: kubeadm?.clusterName ?? fallbackName,
    nodes: nodeSnapshots,
    addons,
    etcd: kubeadm?.etcd ?? (localEtcd ? 'local' : 'external'),
    workloads: workloadsOf(lists),
    pods: pods.map((pod) => podSnapshotOf(pod, owners)),
    pdbs: pdbs.map(pdbSnapshotOf),
    ...(kubeadm?.facts ? { kubeadmConfig: { ...kubeadm.facts, ...(!addons.kubeProxy && kubeProxyConfigMap !== undefined ? { kubeProxyRemoved: kubeProxyConfigMap } : {}) } } : {}),
    ...(kubeletConfig ? { kubeletConfig } : {}),
  };
}
