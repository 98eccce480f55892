import type { PodNotReady, PodPhase, PodSnapshot } from '../../core/cluster/index.js';
import type { KubeContainerStatus, KubePod } from './kube-objects.js';
import { podOwnerOf, type ReplicaSetOwner } from './pod-owner-of.js';
import { podRequestsOf } from './pod-requests-of.js';

const PHASES = new Set<string>(['Pending', 'Running', 'Succeeded', 'Failed']);
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * How a Running pod that is not ready stands at `readAt` (ms since the epoch), from its Ready
 * condition and container statuses; undefined when the status does not say when it changed.
 */
function notReadyOf(pod: KubePod, readAt: number): PodNotReady | undefined {
  const condition = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const since = Date.parse(condition?.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return undefined;
  const containers = pod.status?.containerStatuses ?? [];
  const exitedSince = (c: KubeContainerStatus) => Date.parse(c.lastState?.terminated?.finishedAt ?? '') >= since;
  return {
    forSeconds: Math.max(0, Math.round((readAt - since) / 1000)),
    containersUp: containers.length > 0 && containers.every((c) => c.state?.running !== undefined && !exitedSince(c)),
  };
}

/** A pod as the snapshot has it, read at `readAt`. An Unknown phase (node lost) reads as Pending. */
export function podSnapshotOf(pod: KubePod, replicaSetOwner: ReplicaSetOwner, readAt = Date.now()): PodSnapshot {
  const { metadata: meta, spec, status } = pod;
  const phase = PHASES.has(status?.phase ?? '') ? (status?.phase as PodPhase) : 'Pending';
  const owner = podOwnerOf(meta, replicaSetOwner);
  const ready = status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const notReady = phase === 'Running' && !ready ? notReadyOf(pod, readAt) : undefined;
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    uid: meta.uid ?? '',
    ...(spec?.nodeName ? { node: spec.nodeName } : {}),
    ...(owner ? { owner } : {}),
    phase,
    ready,
    labels: { ...meta.labels },
    requests: podRequestsOf(spec),
    emptyDir: spec?.volumes?.some((v) => v.emptyDir !== undefined) ?? false,
    mirror: meta.annotations?.[MIRROR_ANNOTATION] !== undefined,
    ...(meta.deletionTimestamp ? { deleting: true } : {}),
    ...(notReady ? { notReady } : {}),
  };
}
