import type { Resources, Toleration, WorkloadKind, WorkloadSnapshot } from '../cluster/cluster-snapshot.js';
import type { DocumentChecker, FieldPath, Fields } from './document-checker.js';

// The workloads[] section: controllers whose pods placePods() creates and binds to nodes.

export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];
const WORKLOAD_FIELDS = [
  'kind', 'namespace', 'name', 'replicas', 'labels', 'requests', 'emptyDir', 'nodeSelector', 'tolerations',
  'startupSeconds', 'terminationGraceSeconds',
];
const TOLERATION_FIELDS = ['key', 'operator', 'value', 'effect'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** namespace (default "default") and name, both checked against Kubernetes' naming rules. */
/** Replicas one workload may ask for in a cluster file: a clear error instead of a hang placing them. */
export const MAX_REPLICAS = 100_000;

export function readObjectName(
  check: DocumentChecker,
  fields: Fields,
  path: FieldPath,
  what: string,
): { namespace: string; name: string | undefined } {
  const namespace = check.string(fields, 'namespace', path) ?? 'default';
  if (!DNS_LABEL.test(namespace)) {
    check.fail([...path, 'namespace'], `invalid namespace "${namespace}": use lowercase letters, digits and "-" (at most 63)`);
  }
  const name = check.string(fields, 'name', path, `missing name; every ${what} needs one`);
  if (name !== undefined && name.length > 253) {
    check.fail([...path, 'name'], `invalid ${what} name "${name.slice(0, 20)}...": ${name.length} characters is more than a Kubernetes name may have (253)`);
  } else if (name !== undefined && !DNS_NAME.test(name)) {
    check.fail([...path, 'name'], `invalid ${what} name "${name}": use lowercase letters, digits, "-" and "." (a DNS name)`);
    return { namespace, name: undefined };
  }
  return { namespace, name };
}

/** requests: {cpu, memory}; what is not given is zero, as in Kubernetes. */
export function readRequests(check: DocumentChecker, fields: Fields, path: FieldPath): Resources | undefined {
  const requestsPath = [...path, 'requests'];
  const requests = check.mapping(fields.requests, requestsPath, ['cpu', 'memory']);
  if (!requests) return undefined;
  return {
    cpuMillis: check.cpu(requests, 'cpu', requestsPath) ?? 0,
    memoryBytes: check.memory(requests, 'memory', requestsPath) ?? 0,
  };
}

function readTolerations(check: DocumentChecker, fields: Fields, path: FieldPath): Toleration[] {
  return check.list(fields, 'tolerations', path).flatMap((item, i): Toleration[] => {
    const itemPath = [...path, 'tolerations', i];
    const toleration = check.mapping(item, itemPath, TOLERATION_FIELDS);
    if (!toleration) return [];
    const key = check.string(toleration, 'key', itemPath);
    const operator = check.oneOf(toleration, 'operator', itemPath, ['Equal', 'Exists'] as const);
    const value = check.string(toleration, 'value', itemPath);
    const effect = check.oneOf(toleration, 'effect', itemPath, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const);
    if (operator === 'Exists' && value !== undefined) {
      check.fail([...itemPath, 'value'], 'a toleration with operator Exists takes no value; remove value or use operator: Equal');
    }
    if (operator !== 'Exists' && key === undefined) {
      check.fail([...itemPath, 'key'], 'missing key; only operator: Exists may leave key out (to tolerate every taint)');
    }
    return [{
      ...(key !== undefined ? { key } : {}),
      ...(operator !== undefined ? { operator } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(effect !== undefined ? { effect } : {}),
    }];
  });
}

export function validateWorkloadEntries(check: DocumentChecker, entries: readonly unknown[]): WorkloadSnapshot[] {
  const workloads: WorkloadSnapshot[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = ['workloads', index];
    const fields = check.mapping(entry, path, WORKLOAD_FIELDS);
    if (!fields) return;
    const kind = check.oneOf(fields, 'kind', path, WORKLOAD_KINDS, `missing kind; use one of ${WORKLOAD_KINDS.join(', ')}`);
    const { namespace, name } = readObjectName(check, fields, path, 'workload');
    const replicas = check.integer(fields, 'replicas', path, 0, MAX_REPLICAS);
    if (kind === 'DaemonSet' && replicas !== undefined) {
      check.fail([...path, 'replicas'], 'a DaemonSet runs one pod per eligible node and has no replicas; remove replicas');
    }
    const labels = check.stringMap(fields, 'labels', path);
    const requests = readRequests(check, fields, path);
    const emptyDir = check.boolean(fields, 'emptyDir', path) ?? false;
    const nodeSelector = check.stringMap(fields, 'nodeSelector', path);
    const tolerations = readTolerations(check, fields, path);
    const startupSeconds = check.integer(fields, 'startupSeconds', path, 0);
    const terminationGraceSeconds = check.integer(fields, 'terminationGraceSeconds', path, 0);
    if (kind === undefined || name === undefined || !labels || !requests || !nodeSelector) return;
    const key = `${kind}/${namespace}/${name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      check.fail([...path, 'name'], `${kind} ${namespace}/${name} is already defined by workloads.${earlier}; rename one of them`);
      return;
    }
    seen.set(key, index);
    workloads.push({
      kind,
      namespace,
      name,
      replicas: kind === 'DaemonSet' ? 0 : (replicas ?? 1),
      labels: fields.labels === undefined || fields.labels === null ? { app: name } : labels,
      template: {
        requests,
        emptyDir,
        nodeSelector,
        tolerations,
        ...(startupSeconds !== undefined ? { startupSeconds } : {}),
        ...(terminationGraceSeconds !== undefined ? { terminationGraceSeconds } : {}),
      },
    });
  });
  return workloads;
}
