import type { ClusterSnapshot, CordonMark, NodeSnapshot, OwnerRef, PodSnapshot, WorkloadSnapshot } from '../../core/cluster/index.js';
import { CORDONED_AT, CORDONED_BY_RUN, cordonMarkAnnotations } from './cordon-mark-annotations.js';
import { ClusterApiError } from '../../core/errors.js';
import type { ClusterApi, EvictOptions, PdbStatus, WaitOutcome, WatchTarget, WorkloadReadiness } from '../../ports/index.js';
import { ApiOutageMonitor } from './api-outage-monitor.js';
import { KubeDiscovery } from './kube-discovery.js';
import type { KubeHttp } from './kube-http.js';
import { readAdmissionWebhooks, type AdmissionWebhooks } from './read-admission-webhooks.js';
import { readEtcdHealth, type EtcdHealth } from './read-etcd-health.js';
import { readObservedObjects, type ObservedObjects } from './read-observed-objects.js';
import type { RemovedApiTable } from '../../core/preflight/index.js';
import type { KubeNode, KubePod, KubeWorkload } from './kube-objects.js';
import { kubeVersionOf } from './kube-version-of.js';
import { nodeComponentsOf } from './node-components-of.js';
import { isControlPlane, nodeSnapshotOf } from './node-snapshot-of.js';
import { replicaSetOwnerOf, type ReplicaSetOwner } from './pod-owner-of.js';
import { podSnapshotOf } from './pod-snapshot-of.js';
import { readKubePdbs } from './read-kube-pdbs.js';
import { listKubePods, readKubeSnapshot, readServerVersion } from './read-kube-snapshot.js';
import { readKubeWorkloadReadiness } from './read-kube-workload-readiness.js';
import { readKubeWorkloads, workloadsOf } from './read-kube-workloads.js';
import { waitForKubeChange } from './wait-for-kube-change.js';
import { WatchResume } from './watch-resume.js';

// The ClusterApi port over a real API server. Reads map objects to the snapshot model; writes are
// the few kubectl drain makes: a merge patch of spec.unschedulable, an Eviction through the group
// version discovery found, a DELETE whose grace period travels as a query parameter.

const MERGE_PATCH = 'application/merge-patch+json';
const READY_TIMEOUT_MS = 5_000;

function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
}

export class KubeClusterApi implements ClusterApi {
  private readonly discovery: KubeDiscovery;
  private readonly outages: ApiOutageMonitor;
  private readonly resume = new WatchResume();

  /** `clusterName`: the snapshot's name when kube-system/kubeadm-config gives none. */
  constructor(
    private readonly http: KubeHttp,
    private readonly clusterName: string,
  ) {
    this.discovery = new KubeDiscovery(http);
    this.outages = new ApiOutageMonitor(http);
  }

  readSnapshot(): Promise<ClusterSnapshot> {
    return readKubeSnapshot(this.http, this.discovery, this.clusterName);
  }

  /** Objects recorded with an API version the table lists as removed (live, last-applied, Helm). */
  readObservedObjects(table: RemovedApiTable): Promise<ObservedObjects> {
    return readObservedObjects(this.http, table);
  }

  /** Validating and mutating webhooks, with whether each one's service has a ready endpoint. */
  readAdmissionWebhooks(): Promise<AdmissionWebhooks> {
    return readAdmissionWebhooks(this.http);
  }

  /** Whether etcd answers the API server's own check (/readyz/etcd, /healthz/etcd on old servers). */
  readEtcdHealth(): Promise<EtcdHealth> {
    return readEtcdHealth(this.http);
  }

  async getNode(name: string): Promise<NodeSnapshot | undefined> {
    let node: KubeNode;
    try {
      node = await this.http.request<KubeNode>({ method: 'GET', path: `/api/v1/nodes/${encodeURIComponent(name)}`, action: `read node ${name}`, rbac: { verb: 'get', resource: 'nodes' } });
    } catch (error) {
      if (error instanceof ClusterApiError && error.isNotFound()) return undefined;
      throw error;
    }
    const systemPods = await listKubePods(this.http, { fieldSelector: `spec.nodeName=${name}` }, 'kube-system');
    const images = nodeComponentsOf(systemPods).get(name) ?? {};
    // Only a control plane's versions fall back to /version: a worker's snapshot has none.
    const needsFallback = isControlPlane(node, images) && (images.apiserver === undefined || images.controllerManager === undefined || images.scheduler === undefined);
    const apiServerVersion = needsFallback ? kubeVersionOf(await readServerVersion(this.http)) : undefined;
    return nodeSnapshotOf(node, images, apiServerVersion);
  }

  async listPodsOnNode(node: string): Promise<PodSnapshot[]> {
    const pods = await listKubePods(this.http, { fieldSelector: `spec.nodeName=${node}` });
    // A drain watches these pods go next: from the versions listed here, without a read first.
    for (const pod of pods) this.resume.note('pod', pod.metadata.namespace ?? 'default', pod.metadata.name, pod);
    const owners = await this.replicaSetOwners(pods);
    return pods.map((pod) => podSnapshotOf(pod, owners));
  }

  async getPod(namespace: string, name: string): Promise<PodSnapshot | undefined> {
    let pod: KubePod;
    try {
      pod = await this.http.request<KubePod>({ method: 'GET', path: podPath(namespace, name), action: `read pod ${namespace}/${name}`, rbac: { verb: 'get', resource: 'pods', namespace } });
    } catch (error) {
      if (error instanceof ClusterApiError && error.isNotFound()) {
        this.resume.note('pod', namespace, name, undefined);
        return undefined;
      }
      throw error;
    }
    this.resume.note('pod', namespace, name, pod);
    return podSnapshotOf(pod, await this.replicaSetOwners([pod]));
  }

  async listWorkloads(): Promise<WorkloadSnapshot[]> {
    return workloadsOf(await readKubeWorkloads(this.http));
  }

  listWorkloadReadiness(): Promise<WorkloadReadiness[]> {
    return readKubeWorkloadReadiness(this.http);
  }

  listPdbs(): Promise<PdbStatus[]> {
    return readKubePdbs(this.http, this.discovery, (pdb) => this.resume.note('pdb', pdb.metadata.namespace ?? 'default', pdb.metadata.name, pdb));
  }

  cordon(node: string, mark?: CordonMark): Promise<void> {
    return this.setUnschedulable(node, true, mark ? cordonMarkAnnotations(mark) : undefined);
  }

  uncordon(node: string): Promise<void> {
    // null deletes a key in a merge patch: the mark goes with the cordon.
    return this.setUnschedulable(node, false, { [CORDONED_BY_RUN]: null, [CORDONED_AT]: null });
  }

  private async setUnschedulable(node: string, unschedulable: boolean, annotations: Record<string, string | null> | undefined): Promise<void> {
    // A patch that changes nothing writes nothing, so a repeated cordon is a no-op on the server.
    await this.http.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${encodeURIComponent(node)}`,
      body: { ...(annotations ? { metadata: { annotations } } : {}), spec: { unschedulable: unschedulable ? true : null } },
      contentType: MERGE_PATCH,
      action: `${unschedulable ? 'cordon' : 'uncordon'} node ${node}`,
      rbac: { verb: 'patch', resource: 'nodes' },
    });
  }

  async evictPod(namespace: string, name: string, options?: EvictOptions): Promise<void> {
    const version = await this.discovery.evictionVersion();
    const grace = options?.gracePeriodSeconds;
    const answer = this.http.request({
      method: 'POST',
      path: `${podPath(namespace, name)}/eviction`,
      body: {
        apiVersion: version,
        kind: 'Eviction',
        metadata: { name, namespace },
        ...(grace !== undefined && grace >= 0 ? { deleteOptions: { gracePeriodSeconds: grace } } : {}),
      },
      action: `evict pod ${namespace}/${name}`,
      rbac: { verb: 'create', resource: 'pods/eviction', namespace },
    });
    try {
      await answer;
    } catch (error) {
      if (error instanceof ClusterApiError && error.isTooManyRequests()) this.resume.evicted(namespace);
      throw error;
    }
    this.resume.evicted(namespace);
  }

  async deletePod(namespace: string, name: string, options?: EvictOptions): Promise<void> {
    const grace = options?.gracePeriodSeconds;
    await this.http.request({
      method: 'DELETE',
      path: podPath(namespace, name),
      // As a query parameter: a v1.20 apiserver ignores DeleteOptions in a chunked body.
      query: { gracePeriodSeconds: grace !== undefined && grace >= 0 ? grace : undefined },
      action: `delete pod ${namespace}/${name}`,
      rbac: { verb: 'delete', resource: 'pods', namespace },
    });
  }

  async isApiReady(): Promise<boolean> {
    for (const path of ['/readyz', '/healthz']) {
      let response;
      try {
        response = await this.http.send({ method: 'GET', path, action: `read ${path}`, rbac: { verb: 'get', resource: path }, timeoutMs: READY_TIMEOUT_MS });
      } catch {
        return false;
      }
      // Servers before v1.16 have no /readyz: ask /healthz instead.
      if (response.status === 404 && path === '/readyz') continue;
      if (response.status === 401 || response.status === 403) throw this.http.statusError({ method: 'GET', path, action: `read ${path}`, rbac: { verb: 'get', resource: path } }, response);
      return response.status === 200;
    }
    return false;
  }

  waitForChange(target: WatchTarget, timeoutMs: number): Promise<WaitOutcome> {
    return waitForKubeChange(this.http, this.discovery, this.outages, target, timeoutMs, this.resume);
  }

  /** Closes idle connections so a finished CLI exits at once. */
  close(): void {
    this.http.close();
  }

  /**
   * The owner each ReplicaSet gives its pods, by namespace, name and uid: a ReplicaSet's controller
   * does not change, and a drain reads the same few ReplicaSets' pods again and again.
   */
  private readonly replicaSetOwnerCache = new Map<string, OwnerRef>();

  /** The Deployment behind each ReplicaSet these pods belong to, one GET per ReplicaSet not seen before. */
  private async replicaSetOwners(pods: readonly KubePod[]): Promise<ReplicaSetOwner> {
    const keyOf = (namespace: string, name: string, uid: string | undefined) => `${namespace}/${name}/${uid ?? ''}`;
    const wanted = new Map<string, { namespace: string; name: string }>();
    const byName = new Map<string, string>();
    for (const pod of pods) {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === 'ReplicaSet');
      const namespace = pod.metadata.namespace ?? 'default';
      if (!ref) continue;
      const key = keyOf(namespace, ref.name, ref.uid);
      byName.set(`${namespace}/${ref.name}`, key);
      if (!this.replicaSetOwnerCache.has(key)) wanted.set(key, { namespace, name: ref.name });
    }
    await Promise.all(
      [...wanted].map(async ([key, { namespace, name }]) => {
        try {
          const replicaSet = await this.http.request<KubeWorkload>({
            method: 'GET',
            path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets/${encodeURIComponent(name)}`,
            action: `read replicaset ${namespace}/${name}`,
            rbac: { verb: 'get', resource: 'replicasets', group: 'apps', namespace },
          });
          this.replicaSetOwnerCache.set(key, replicaSetOwnerOf(replicaSet.metadata, name));
        } catch (error) {
          if (!(error instanceof ClusterApiError && error.isNotFound())) throw error;
        }
      }),
    );
    return (namespace, name) => {
      const key = byName.get(`${namespace}/${name}`);
      // A ReplicaSet not found (gone meanwhile) gives its pods itself as owner, and is asked again next time.
      return (key !== undefined ? this.replicaSetOwnerCache.get(key) : undefined) ?? replicaSetOwnerOf(undefined, name);
    };
  }
}
