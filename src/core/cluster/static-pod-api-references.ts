import { isRecord } from '../describe-value.js';

// The API objects a static pod needs. From v1.34 the kubelet refuses static pods that reference
// any (a service account other than default, ConfigMaps, Secrets, PersistentVolumeClaims,
// ClusterTrustBundles, ResourceClaims): the API server is not there to give them to a static pod.

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function name(value: unknown, key = 'name'): string {
  return isRecord(value) && typeof value[key] === 'string' ? (value[key] as string) : '?';
}

/** "Kind name" for each object a parsed Pod manifest references, in manifest order, without repeats. */
export function staticPodApiReferences(pod: unknown): string[] {
  const spec = isRecord(pod) && isRecord(pod.spec) ? pod.spec : {};
  const found: string[] = [];
  const add = (ref: string) => {
    if (!found.includes(ref)) found.push(ref);
  };
  const account = spec.serviceAccountName ?? spec.serviceAccount;
  if (typeof account === 'string' && account !== '' && account !== 'default') add(`ServiceAccount ${account}`);
  for (const volume of list(spec.volumes)) {
    if (isRecord(volume.configMap)) add(`ConfigMap ${name(volume.configMap)}`);
    if (isRecord(volume.secret)) add(`Secret ${name(volume.secret, 'secretName')}`);
    if (isRecord(volume.persistentVolumeClaim)) add(`PersistentVolumeClaim ${name(volume.persistentVolumeClaim, 'claimName')}`);
    if (isRecord(volume.projected)) {
      for (const source of list(volume.projected.sources)) {
        if (isRecord(source.configMap)) add(`ConfigMap ${name(source.configMap)}`);
        if (isRecord(source.secret)) add(`Secret ${name(source.secret)}`);
        if (isRecord(source.clusterTrustBundle)) add(`ClusterTrustBundle ${name(source.clusterTrustBundle)}`);
        if (isRecord(source.serviceAccountToken)) add('ServiceAccount token');
      }
    }
  }
  for (const claim of list(spec.resourceClaims)) add(`ResourceClaim ${name(claim)}`);
  for (const container of [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)]) {
    for (const from of list(container.envFrom)) {
      if (isRecord(from.configMapRef)) add(`ConfigMap ${name(from.configMapRef)}`);
      if (isRecord(from.secretRef)) add(`Secret ${name(from.secretRef)}`);
    }
    for (const env of list(container.env)) {
      const source = isRecord(env.valueFrom) ? env.valueFrom : {};
      if (isRecord(source.configMapKeyRef)) add(`ConfigMap ${name(source.configMapKeyRef)}`);
      if (isRecord(source.secretKeyRef)) add(`Secret ${name(source.secretKeyRef)}`);
    }
  }
  return found;
}
