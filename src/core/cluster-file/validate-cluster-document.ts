import { minVersion, type KubeVersion } from '../version/index.js';
import { addKubeadmAddons } from '../cluster/add-kubeadm-addons.js';
import type { ClusterSnapshot, NodeSnapshot } from '../cluster/cluster-snapshot.js';
import { DocumentChecker, describeValue, type FieldError } from './document-checker.js';
import { placePods } from '../cluster/place-pods.js';
import { DEFAULTS_FIELDS, readNodeSettings, validateNodeEntries } from './validate-node-entries.js';
import { validateObjectEntries } from './validate-object-entries.js';
import { validatePdbEntries } from './validate-pdb-entries.js';
import { validatePodEntries } from './validate-pod-entries.js';
import { validateWebhookEntries } from './validate-webhook-entries.js';
import { validateWorkloadEntries } from './validate-workload-entries.js';
import { readKubeletConfigEntry, validateKubeadmConfigEntry } from './validate-config-facts.js';

// A cluster file (docs/cluster-file.md), already parsed from YAML, checked and turned into a
// ClusterSnapshot with every default filled in and the workloads' pods placed on nodes. All
// problems are reported together, each with the path of the field at fault.

export type { FieldError } from './document-checker.js';
export type ClusterDocumentResult = { ok: true; value: ClusterSnapshot } | { ok: false; errors: FieldError[] };

export const CLUSTER_API_VERSION = 'kubehop/v1';
const TOP_FIELDS = [
  'kind', 'apiVersion', 'name', 'etcd', 'kubectl', 'addons', 'defaults', 'nodes', 'workloads', 'pods', 'pdbs',
  'etcdHealthy', 'webhooks', 'objects', 'kubeadmConfig', 'kubeletConfig',
];
const COREDNS_VERSION = /^v?\d+\.\d+\.\d+$/;

function checkHeader(check: DocumentChecker, doc: Readonly<Record<string, unknown>>): void {
  if (doc.kind === undefined) check.fail(['kind'], 'missing kind; start the file with "kind: Cluster"');
  else if (doc.kind !== 'Cluster') check.fail(['kind'], `must be Cluster, found ${describeValue(doc.kind)}; is this a cluster file?`);
  if (doc.apiVersion === undefined) {
    check.fail(['apiVersion'], `missing apiVersion; add "apiVersion: ${CLUSTER_API_VERSION}"`);
  } else if (doc.apiVersion !== CLUSTER_API_VERSION) {
    check.fail(['apiVersion'], `unsupported apiVersion ${describeValue(doc.apiVersion)}; this kubehop reads ${CLUSTER_API_VERSION}`);
  }
}

function apiserversOf(nodes: readonly NodeSnapshot[]): KubeVersion[] {
  return nodes.flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver] : []));
}

export function validateClusterDocument(doc: unknown): ClusterDocumentResult {
  const check = new DocumentChecker();
  const top = check.mapping(doc, [], TOP_FIELDS);
  if (!top || doc === undefined || doc === null) {
    return { ok: false, errors: top ? [{ path: [], message: 'the cluster file is empty; see the example in docs/cluster-file.md' }] : check.errors };
  }
  checkHeader(check, top);
  const name = check.string(top, 'name', [], 'missing name; name the cluster, e.g. name: prod');
  const etcd = check.oneOf(top, 'etcd', [], ['local', 'external'] as const) ?? 'local';
  const kubectl = check.version(top, 'kubectl', []);
  const addons = check.mapping(top.addons, ['addons'], ['coreDNS', 'kubeProxy']) ?? {};
  const coreDNS = check.string(addons, 'coreDNS', ['addons']);
  if (coreDNS !== undefined && !COREDNS_VERSION.test(coreDNS)) {
    check.fail(['addons', 'coreDNS'], `invalid CoreDNS version "${coreDNS}": use an image tag such as v1.11.3`);
  }
  const addonKubeProxy = check.version(addons, 'kubeProxy', ['addons']);
  const defaults = readNodeSettings(check, check.mapping(top.defaults, ['defaults'], DEFAULTS_FIELDS) ?? {}, ['defaults']);

  const nodeEntries = check.list(top, 'nodes', []);
  if (top.nodes === undefined || top.nodes === null || (Array.isArray(top.nodes) && top.nodes.length === 0)) {
    check.fail(['nodes'], 'missing nodes; list the nodes of the cluster, at least one with role: control-plane');
  }
  const nodes = validateNodeEntries(check, nodeEntries, { defaults, etcd });
  const kubeProxy = addonKubeProxy ?? minVersion(apiserversOf(nodes));
  const workloads = addKubeadmAddons(validateWorkloadEntries(check, check.list(top, 'workloads', [])));
  const listedPods = validatePodEntries(check, check.list(top, 'pods', []), { nodes, workloads });
  const pdbs = validatePdbEntries(check, check.list(top, 'pdbs', []));
  // Observations for preflight: absent (or left empty) means not observed, unlike an empty list.
  const etcdHealthy = check.boolean(top, 'etcdHealthy', []);
  const webhooks = top.webhooks === undefined || top.webhooks === null ? undefined : validateWebhookEntries(check, check.list(top, 'webhooks', []));
  const objects = top.objects === undefined || top.objects === null ? undefined : validateObjectEntries(check, check.list(top, 'objects', []));
  const kubeadmConfig = validateKubeadmConfigEntry(check, top.kubeadmConfig, ['kubeadmConfig']);
  const kubeletConfig = readKubeletConfigEntry(check, top.kubeletConfig, ['kubeletConfig'], 'configmap kube-system/kubelet-config');
  if (check.errors.length > 0 || name === undefined) return { ok: false, errors: check.errors };

  const withProxy = nodes.map((n) => (n.kubeProxy || !kubeProxy ? n : { ...n, kubeProxy }));
  return {
    ok: true,
    value: {
      name,
      nodes: withProxy,
      addons: { ...(coreDNS !== undefined ? { coreDNS } : {}), ...(kubeProxy ? { kubeProxy } : {}) },
      ...(kubectl ? { kubectl } : {}),
      etcd,
      workloads,
      pods: placePods({ nodes: withProxy, workloads, pods: listedPods, etcd }),
      pdbs,
      ...(objects ? { objects } : {}),
      ...(webhooks ? { webhooks } : {}),
      ...(etcdHealthy !== undefined ? { etcdHealthy } : {}),
      ...(kubeadmConfig ? { kubeadmConfig } : {}),
      ...(kubeletConfig ? { kubeletConfig } : {}),
    },
  };
}
