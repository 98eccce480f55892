import { compareText } from '../../core/compare-names.js';
import type { WorkloadReadiness } from '../../ports/index.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeWorkload } from './kube-objects.js';
import { listAll } from './list-all.js';

// Each controller's Ready pods against its desired ones, from the controllers' own status: three
// lists and no pods, cheap enough to ask every few seconds during a run.

const KINDS = [
  { kind: 'Deployment', resource: 'deployments' },
  { kind: 'StatefulSet', resource: 'statefulsets' },
  { kind: 'DaemonSet', resource: 'daemonsets' },
] as const;

/** One controller's numbers: a DaemonSet counts nodes (desiredNumberScheduled, numberReady), the others replicas. */
export function workloadReadinessOf(kind: WorkloadReadiness['kind'], object: KubeWorkload): WorkloadReadiness {
  const status = object.status;
  return {
    kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
    labels: { ...object.spec?.template?.metadata?.labels },
    desired: kind === 'DaemonSet' ? (status?.desiredNumberScheduled ?? 0) : (object.spec?.replicas ?? 1),
    ready: (kind === 'DaemonSet' ? status?.numberReady : status?.readyReplicas) ?? 0,
  };
}

export async function readKubeWorkloadReadiness(http: KubeHttp): Promise<WorkloadReadiness[]> {
  const lists = await Promise.all(
    KINDS.map(({ resource }) =>
      listAll<KubeWorkload>(http, { method: 'GET', path: `/apis/apps/v1/${resource}`, action: `list ${resource}`, rbac: { verb: 'list', resource, group: 'apps', namespace: '*' } }),
    ),
  );
  return KINDS.flatMap(({ kind }, i) =>
    (lists[i]?.items ?? []).map((object) => workloadReadinessOf(kind, object)).sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name)),
  );
}
