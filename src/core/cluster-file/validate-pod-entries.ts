import type { NodeSnapshot, OwnerRef, PodPhase, PodSnapshot, WorkloadSnapshot } from '../cluster/cluster-snapshot.js';
import type { DocumentChecker, FieldPath, Fields } from './document-checker.js';
import { stableUid } from '../cluster/stable-hash.js';
import { readObjectName, readRequests, WORKLOAD_KINDS } from './validate-workload-entries.js';

// The pods[] section: pods the operator lists one by one (bare pods, a pod stuck Pending, a
// workload's pod pinned to a node). They are kept exactly as given; an owned pod counts toward its
// workload's replicas, and what it leaves out comes from that workload's template.

const POD_FIELDS = [
  'name', 'namespace', 'node', 'phase', 'ready', 'owner', 'labels', 'requests', 'emptyDir', 'mirror', 'deleting', 'uid',
];
const PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed'];
const OWNER_KINDS: readonly OwnerRef['kind'][] = [...WORKLOAD_KINDS, 'Node'];

interface Known {
  readonly nodes: readonly NodeSnapshot[];
  readonly workloads: readonly WorkloadSnapshot[];
}

function readOwner(check: DocumentChecker, fields: Fields, path: FieldPath, namespace: string, known: Known) {
  if (fields.owner === undefined || fields.owner === null) return {};
  const ownerPath = [...path, 'owner'];
  const owner = check.mapping(fields.owner, ownerPath, ['kind', 'name']);
  if (!owner) return {};
  const kind = check.oneOf(owner, 'kind', ownerPath, OWNER_KINDS, `missing kind; use one of ${OWNER_KINDS.join(', ')}`);
  const name = check.string(owner, 'name', ownerPath, 'missing name of the owning controller or node');
  if (kind === undefined || name === undefined) return {};
  if (kind === 'Node') {
    if (!known.nodes.some((n) => n.name === name)) {
      check.fail([...ownerPath, 'name'], `no node "${name}" in nodes; a mirror pod is owned by the node it runs on`);
    }
    return { owner: { kind, name } };
  }
  const workload = known.workloads.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
  if (!workload) {
    check.fail([...ownerPath, 'name'], `no ${kind} "${name}" in namespace "${namespace}"; add it under workloads or remove owner`);
  }
  return { owner: { kind, name }, workload };
}

export function validatePodEntries(check: DocumentChecker, entries: readonly unknown[], known: Known): PodSnapshot[] {
  const pods: PodSnapshot[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = ['pods', index];
    const fields = check.mapping(entry, path, POD_FIELDS);
    if (!fields) return;
    const { namespace, name } = readObjectName(check, fields, path, 'pod');
    const node = check.string(fields, 'node', path);
    if (node !== undefined && !known.nodes.some((n) => n.name === node)) {
      check.fail([...path, 'node'], `no node "${node}" in nodes; bind the pod to a listed node or leave node out (Pending)`);
    }
    const phase = check.oneOf(fields, 'phase', path, PHASES) ?? (node === undefined ? 'Pending' : 'Running');
    if (node === undefined && phase !== 'Pending') {
      check.fail([...path, 'phase'], `a ${phase} pod runs on a node; set node or use phase: Pending`);
    }
    const ready = check.boolean(fields, 'ready', path) ?? phase === 'Running';
    if (ready && phase !== 'Running') check.fail([...path, 'ready'], `a ${phase} pod cannot be ready; remove ready or use phase: Running`);
    const { owner, workload } = readOwner(check, fields, path, namespace, known);
    const labels = check.stringMap(fields, 'labels', path);
    const requests = fields.requests === undefined ? workload?.template.requests : readRequests(check, fields, path);
    const emptyDir = check.boolean(fields, 'emptyDir', path) ?? workload?.template.emptyDir ?? false;
    const mirror = check.boolean(fields, 'mirror', path) ?? owner?.kind === 'Node';
    if (mirror && node === undefined) check.fail([...path, 'mirror'], 'a mirror pod is the static pod of a node; set node');
    const deleting = check.boolean(fields, 'deleting', path);
    const uid = check.string(fields, 'uid', path);
    if (name === undefined || !labels) return;
    const key = `${namespace}/${name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      check.fail([...path, 'name'], `pod ${key} is already listed as pods.${earlier}; pod names are unique per namespace`);
      return;
    }
    seen.set(key, index);
    pods.push({
      namespace,
      name,
      uid: uid ?? stableUid(`pod/${key}`),
      ...(node !== undefined ? { node } : {}),
      ...(owner ? { owner } : {}),
      phase,
      ready,
      labels: fields.labels === undefined || fields.labels === null ? (workload?.labels ?? {}) : labels,
      requests: requests ?? { cpuMillis: 0, memoryBytes: 0 },
      emptyDir,
      mirror,
      ...(deleting !== undefined ? { deleting } : {}),
    });
  });
  return pods;
}
