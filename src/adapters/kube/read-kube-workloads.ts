import { compareText } from '../../core/compare-names.js';
import type { OwnerRef, WorkloadKind, WorkloadSnapshot } from '../../core/cluster/index.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeWorkload } from './kube-objects.js';
import { listAll } from './list-all.js';
import { replicaSetOwnerOf, type ReplicaSetOwner } from './pod-owner-of.js';
import { workloadSnapshotOf } from './workload-snapshot-of.js';

// Every controller kind kubehop plans with, listed across namespaces. The ReplicaSets also tell
// which Deployment a pod belongs to.

export type KubeWorkloadLists = Readonly<Record<WorkloadKind, readonly KubeWorkload[]>>;

const KINDS: readonly { kind: WorkloadKind; group: string; version: string; resource: string }[] = [
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments' },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets' },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets' },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets' },
  { kind: 'Job', group: 'batch', version: 'v1', resource: 'jobs' },
];

export async function readKubeWorkloads(http: KubeHttp): Promise<KubeWorkloadLists> {
  const lists = await Promise.all(
    KINDS.map(({ group, version, resource }) =>
      listAll<KubeWorkload>(http, {
        method: 'GET',
        path: `/apis/${group}/${version}/${resource}`,
        action: `list ${resource}`,
        rbac: { verb: 'list', resource, group, namespace: '*' },
      }),
    ),
  );
  const result = {} as Record<WorkloadKind, readonly KubeWorkload[]>;
  KINDS.forEach(({ kind }, i) => {
    result[kind] = lists[i]?.items ?? [];
  });
  return result;
}

/** The snapshot's workloads, in kind order, then by namespace and name. */
export function workloadsOf(lists: KubeWorkloadLists): WorkloadSnapshot[] {
  return KINDS.flatMap(({ kind }) =>
    lists[kind]
      .map((object) => workloadSnapshotOf(kind, object))
      .filter((w): w is WorkloadSnapshot => w !== undefined)
      .sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name)),
  );
}

/** Resolves a pod's ReplicaSet to its Deployment from a list of ReplicaSets. */
export function replicaSetOwnersOf(replicaSets: readonly KubeWorkload[]): ReplicaSetOwner {
  const byKey = new Map(replicaSets.map((rs) => [`${rs.metadata.namespace}/${rs.metadata.name}`, rs] as const));
  return (namespace, name): OwnerRef => replicaSetOwnerOf(byKey.get(`${namespace}/${name}`)?.metadata, name);
}
