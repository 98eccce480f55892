import type { PodPhase, PodSnapshot } from '../../core/cluster/index.js';
import type { KubePod } from './kube-objects.js';
import { podOwnerOf, type ReplicaSetOwner } from './pod-owner-of.js';
import { podRequestsOf } from './pod-requests-of.js';

const PHASES = new Set<string>(['Pending', 'Running', 'Succeeded', 'Failed']);
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** A pod as the snapshot has it. An Unknown phase (node lost) reads as Pending. */
export function podSnapshotOf(pod: KubePod, replicaSetOwner: ReplicaSetOwner): PodSnapshot {
  const { metadata: meta, spec, status } = pod;
  const phase = PHASES.has(status?.phase ?? '') ? (status?.phase as PodPhase) : 'Pending';
  const owner = podOwnerOf(meta, replicaSetOwner);
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    uid: meta.uid ?? '',
    ...(spec?.nodeName ? { node: spec.nodeName } : {}),
    ...(owner ? { owner } : {}),
    phase,
    ready: status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    labels: { ...meta.labels },
    requests: podRequestsOf(spec),
    emptyDir: spec?.volumes?.some((v) => v.emptyDir !== undefined) ?? false,
    mirror: meta.annotations?.[MIRROR_ANNOTATION] !== undefined,
    ...(meta.deletionTimestamp ? { deleting: true } : {}),
  };
}
