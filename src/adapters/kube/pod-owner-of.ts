import type { OwnerRef } from '../../core/cluster/index.js';
import type { ObjectMeta } from './kube-objects.js';

// A pod's owner as kubehop reports it: the top controller. A Deployment's pod is owned by a
// ReplicaSet, which is owned by the Deployment; the snapshot names the Deployment, as the
// workload list does. Controllers of other kinds (ReplicationController, operators' custom
// resources) cannot be named in the model and come back as absent.

/** Resolves a ReplicaSet to its Deployment when a Deployment controls it. */
export type ReplicaSetOwner = (namespace: string, name: string) => OwnerRef;

const DIRECT = new Set(['StatefulSet', 'DaemonSet', 'Job', 'Node']);

/** The controller reference of an object (the one marked controller: true). */
export function controllerOf(meta: ObjectMeta): { kind: string; name: string } | undefined {
  return meta.ownerReferences?.find((ref) => ref.controller === true);
}

export function podOwnerOf(meta: ObjectMeta, replicaSetOwner: ReplicaSetOwner): OwnerRef | undefined {
  const ref = controllerOf(meta);
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') return replicaSetOwner(meta.namespace ?? 'default', ref.name);
  return DIRECT.has(ref.kind) ? { kind: ref.kind as OwnerRef['kind'], name: ref.name } : undefined;
}

/** The owner a ReplicaSet gives its pods: its Deployment, else itself. */
export function replicaSetOwnerOf(replicaSet: ObjectMeta | undefined, name: string): OwnerRef {
  const ref = replicaSet ? controllerOf(replicaSet) : undefined;
  return ref?.kind === 'Deployment' ? { kind: 'Deployment', name: ref.name } : { kind: 'ReplicaSet', name };
}
