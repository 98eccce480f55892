import type { PodTemplate, Toleration, WorkloadKind, WorkloadSnapshot } from '../../core/cluster/index.js';
import type { KubePodSpec, KubeToleration, KubeWorkload } from './kube-objects.js';
import { controllerOf } from './pod-owner-of.js';
import { podRequestsOf } from './pod-requests-of.js';

// Controllers as the snapshot has them, with their pod template. A ReplicaSet a Deployment
// controls is part of that Deployment, not a workload of its own; a Job counts by parallelism.

const EFFECTS = new Set<string>(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

function tolerationOf(t: KubeToleration): Toleration {
  return {
    ...(t.key ? { key: t.key } : {}),
    ...(t.operator === 'Exists' || t.operator === 'Equal' ? { operator: t.operator } : {}),
    ...(t.value ? { value: t.value } : {}),
    ...(t.effect && EFFECTS.has(t.effect) ? { effect: t.effect as Toleration['effect'] } : {}),
  };
}

export function podTemplateOf(spec: KubePodSpec | undefined): PodTemplate {
  return {
    requests: podRequestsOf(spec),
    emptyDir: spec?.volumes?.some((v) => v.emptyDir !== undefined) ?? false,
    nodeSelector: { ...spec?.nodeSelector },
    tolerations: (spec?.tolerations ?? []).map(tolerationOf),
    ...(spec?.terminationGracePeriodSeconds !== undefined ? { terminationGraceSeconds: spec.terminationGracePeriodSeconds } : {}),
  };
}

/** The workload, or undefined for a ReplicaSet that belongs to a Deployment. */
export function workloadSnapshotOf(kind: WorkloadKind, object: KubeWorkload): WorkloadSnapshot | undefined {
  if (kind === 'ReplicaSet' && controllerOf(object.metadata)?.kind === 'Deployment') return undefined;
  const spec = object.spec;
  const replicas = kind === 'DaemonSet' ? (object.status?.desiredNumberScheduled ?? 0) : kind === 'Job' ? (spec?.parallelism ?? 1) : (spec?.replicas ?? 1);
  return {
    kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
    replicas,
    labels: { ...spec?.template?.metadata?.labels },
    template: podTemplateOf(spec?.template?.spec),
  };
}
