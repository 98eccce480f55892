import { defaultEraFor, type KubeVersion, type PackageEra } from '../version/index.js';
import type { NodeCapacity, NodeFacts, NodeOs, NodeRole, NodeSnapshot, OsFamily, PackageManager, Taint } from '../cluster/cluster-snapshot.js';
import { describeValue, type DocumentChecker, type FieldPath, type Fields } from './document-checker.js';
import { kubeadmNodeLabels, kubeadmNodeTaints } from '../cluster/kubeadm-node-marks.js';
import { validateCertificateEntries } from './validate-certificate-entries.js';
import { validateNodeFacts } from './validate-node-facts.js';

// The nodes[] and defaults sections of a cluster file: count expansion, defaults, kubeadm's labels
// and taints. kubeProxy is left to the caller when absent: its default needs every node's apiserver.

const SETTINGS = ['os', 'repository', 'allocatable', 'facts'] as const;
export const DEFAULTS_FIELDS: readonly string[] = SETTINGS;
const NODE_FIELDS = [
  'name', 'count', 'role', 'kubelet', 'kubeadm', 'kubectl', 'kubeProxy', 'ready', 'cordoned',
  'labels', 'taints', 'address', 'controlPlane', 'certificates', ...SETTINGS,
];
const OS_FIELDS = ['image', 'family', 'packageManager'];
const REPOSITORY_FIELDS = ['era', 'minor'];
const ALLOCATABLE_FIELDS = ['cpu', 'memory', 'pods'];
const CONTROL_PLANE_FIELDS = ['apiserver', 'controllerManager', 'scheduler', 'etcd'];
const EFFECTS: readonly Taint['effect'][] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ETCD_TAG = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/;
const TAINT_TEXT = /^([^=:\s]+)(?:=([^:\s]*))?:(\w+)$/;
const FAMILY_OF: Record<PackageManager, OsFamily> = { apt: 'debian', dnf: 'rhel', yum: 'rhel' };
const MANAGER_OF: Record<OsFamily, PackageManager> = { debian: 'apt', rhel: 'dnf' };
const IMAGE_OF: Record<OsFamily, string> = { debian: 'Ubuntu 24.04 LTS', rhel: 'Rocky Linux 9' };
const BUILT_IN_CAPACITY: NodeCapacity = { cpuMillis: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 };

/** What defaults and a node entry may both set; a node's value wins field by field. */
export interface NodeSettings {
  readonly os: Partial<NodeOs>;
  readonly repository: { readonly era?: PackageEra; readonly minor?: number };
  readonly allocatable: Partial<NodeCapacity>;
  readonly facts: NodeFacts;
}

function pick<T extends object>(entries: [keyof T, T[keyof T] | undefined][]): Partial<T> {
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Partial<T>;
}

function readMinor(check: DocumentChecker, fields: Fields, path: FieldPath): number | undefined {
  const value = fields.minor;
  if (value === undefined || value === null) return undefined;
  const m = /^v?1\.(\d+)$/.exec(typeof value === 'string' ? value : '');
  const minor = typeof value === 'number' && Number.isInteger(value) ? value : m ? Number(m[1]) : undefined;
  if (minor === undefined) {
    return check.fail([...path, 'minor'], `must be a minor line such as 32 or "v1.32", found ${describeValue(value)}`);
  }
  if (minor < 24) {
    return check.fail([...path, 'minor'], `pkgs.k8s.io has no repository for v1.${minor} (it starts at v1.24); use era: legacy`);
  }
  return minor;
}

export function readNodeSettings(check: DocumentChecker, fields: Fields, path: FieldPath): NodeSettings {
  const osPath = [...path, 'os'];
  const os = check.mapping(fields.os, osPath, OS_FIELDS) ?? {};
  const family = check.oneOf<OsFamily>(os, 'family', osPath, ['debian', 'rhel']);
  const packageManager = check.oneOf<PackageManager>(os, 'packageManager', osPath, ['apt', 'dnf', 'yum']);
  if (family && packageManager && FAMILY_OF[packageManager] !== family) {
    check.fail([...osPath, 'packageManager'], `${packageManager} does not go with family ${family}; use ${family === 'debian' ? 'apt' : 'dnf or yum'}`);
  }
  const repoPath = [...path, 'repository'];
  const repo = check.mapping(fields.repository, repoPath, REPOSITORY_FIELDS) ?? {};
  const era = check.oneOf<PackageEra>(repo, 'era', repoPath, ['pkgs', 'legacy']);
  let minor = readMinor(check, repo, repoPath);
  if (era === 'legacy' && minor !== undefined) {
    minor = check.fail([...repoPath, 'minor'], 'the legacy repository has no minor lines; remove minor or use era: pkgs');
  }
  const capPath = [...path, 'allocatable'];
  const cap = check.mapping(fields.allocatable, capPath, ALLOCATABLE_FIELDS) ?? {};
  return {
    os: pick<NodeOs>([['image', check.string(os, 'image', osPath)], ['family', family], ['packageManager', packageManager]]),
    repository: pick<NodeSettings['repository']>([['era', era], ['minor', minor]]),
    allocatable: pick<NodeCapacity>([
      ['cpuMillis', check.cpu(cap, 'cpu', capPath)],
      ['memoryBytes', check.memory(cap, 'memory', capPath)],
      ['pods', check.integer(cap, 'pods', capPath, 1)],
    ]),
    facts: validateNodeFacts(check, fields.facts, [...path, 'facts']),
  };
}

function readTaints(check: DocumentChecker, fields: Fields, path: FieldPath): Taint[] | undefined {
  if (fields.taints === undefined || fields.taints === null) return undefined;
  return check.list(fields, 'taints', path).flatMap((item, i): Taint[] => {
    const itemPath = [...path, 'taints', i];
    if (typeof item === 'string') {
      const m = TAINT_TEXT.exec(item);
      if (m && (EFFECTS as readonly string[]).includes(m[3] ?? '')) {
        const taint = { key: m[1] ?? '', effect: m[3] as Taint['effect'] };
        return [m[2] === undefined ? taint : { ...taint, value: m[2] }];
      }
      check.fail(itemPath, `invalid taint "${item}": write key=value:Effect or key:Effect with Effect one of ${EFFECTS.join(', ')}`);
      return [];
    }
    const taint = check.mapping(item, itemPath, ['key', 'value', 'effect']);
    if (!taint) return [];
    const key = check.string(taint, 'key', itemPath, 'missing key; a taint needs key and effect');
    const value = check.string(taint, 'value', itemPath);
    const effect = check.oneOf(taint, 'effect', itemPath, EFFECTS, `missing effect; use one of ${EFFECTS.join(', ')}`);
    if (key === undefined || effect === undefined) return [];
    return [value === undefined ? { key, effect } : { key, value, effect }];
  });
}

function readRole(check: DocumentChecker, fields: Fields, path: FieldPath): NodeRole {
  return check.oneOf<NodeRole>(fields, 'role', path, ['control-plane', 'worker']) ?? 'worker';
}

function resolveOs(node: NodeSettings, defaults: NodeSettings): NodeOs {
  const merged = { ...defaults.os, ...node.os };
  const family = merged.family ?? (merged.packageManager ? FAMILY_OF[merged.packageManager] : 'debian');
  return { image: merged.image ?? IMAGE_OF[family], family, packageManager: merged.packageManager ?? MANAGER_OF[family] };
}

export interface NodeContext {
  readonly defaults: NodeSettings;
  readonly etcd: 'local' | 'external';
}

/** Nodes a cluster file may describe in all: beyond any kubeadm cluster, short of a hang. */
export const MAX_NODES = 10_000;
/** Kubernetes object names are DNS subdomains: at most 253 characters. */
export const MAX_NAME = 253;

/** Every node the nodes[] list describes, in file order, with count entries expanded. */
export function validateNodeEntries(check: DocumentChecker, entries: readonly unknown[], context: NodeContext): NodeSnapshot[] {
  const nodes: NodeSnapshot[] = [];
  let total = 0;
  const firstEntryOf = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = ['nodes', index];
    const fields = check.mapping(entry, path, NODE_FIELDS);
    if (!fields) return;
    const name = check.string(fields, 'name', path, 'missing name; every node needs one, e.g. name: worker-1');
    if (name !== undefined && !DNS_NAME.test(name)) {
      check.fail([...path, 'name'], `invalid node name "${name}": use lowercase letters, digits, "-" and "." (a DNS name)`);
    } else if (name !== undefined && name.length + (fields.count === undefined ? 0 : 6) > MAX_NAME) {
      check.fail([...path, 'name'], `invalid node name "${name.slice(0, 20)}...": ${name.length} characters is more than a node name may have (${MAX_NAME}, with a count's "-N" suffix)`);
    }
    const count = check.integer(fields, 'count', path, 1, MAX_NODES);
    const role = readRole(check, fields, path);
    const kubelet = check.version(fields, 'kubelet', path, `missing kubelet version; add e.g. kubelet: v1.32.9`);
    const kubeadm = check.version(fields, 'kubeadm', path) ?? kubelet;
    const kubectl = check.version(fields, 'kubectl', path);
    const kubeProxy = check.version(fields, 'kubeProxy', path);
    const ready = check.boolean(fields, 'ready', path) ?? true;
    const cordoned = check.boolean(fields, 'cordoned', path) ?? false;
    const labels = check.stringMap(fields, 'labels', path);
    const taints = readTaints(check, fields, path);
    const address = check.string(fields, 'address', path);
    if (address !== undefined && count !== undefined && count > 1) {
      check.fail([...path, 'address'], `an address cannot be shared by the ${count} nodes of a count entry; list those nodes one by one`);
    }
    const settings = readNodeSettings(check, fields, path);
    const controlPlane = readControlPlane(check, fields, path, role, context.etcd);
    const certificates = validateCertificateEntries(check, fields, path, { role, etcd: context.etcd, kubeadm });
    if (name === undefined || kubelet === undefined || kubeadm === undefined || labels === undefined) return;

    const era = settings.repository.era ?? context.defaults.repository.era ?? defaultEraFor(kubelet);
    const minor = settings.repository.minor ?? context.defaults.repository.minor ?? kubelet.minor;
    if (era === 'pkgs' && minor < 24) {
      check.fail([...path, 'repository'], `pkgs.k8s.io has no repository for v1.${minor} (it starts at v1.24); use era: legacy or set minor`);
    }
    const facts = { ...context.defaults.facts, ...settings.facts };
    total += count ?? 1;
    if (total > MAX_NODES) {
      check.fail([...path, 'count'], `the file describes more than ${MAX_NODES} nodes in all; kubehop plans clusters up to that size`);
      return;
    }
    const names = count === undefined ? [name] : Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);
    for (const nodeName of names) {
      const earlier = firstEntryOf.get(nodeName);
      if (earlier !== undefined) {
        check.fail([...path, 'name'], `node name "${nodeName}" is already used by nodes.${earlier}; node names must be unique`);
        continue;
      }
      firstEntryOf.set(nodeName, index);
      const versionOf = (given: KubeVersion | undefined) => given ?? kubelet;
      nodes.push({
        name: nodeName,
        role,
        kubelet,
        ...(kubeProxy ? { kubeProxy } : {}),
        kubeadm,
        ...(kubectl ? { kubectl } : {}),
        os: resolveOs(settings, context.defaults),
        repository: era === 'pkgs' ? { era, minor } : { era },
        ready,
        cordoned,
        ...(role === 'control-plane'
          ? {
              controlPlane: {
                apiserver: versionOf(controlPlane?.apiserver),
                controllerManager: versionOf(controlPlane?.controllerManager),
                scheduler: versionOf(controlPlane?.scheduler),
                ...(controlPlane?.etcd ? { etcd: controlPlane.etcd } : {}),
              },
            }
          : {}),
        allocatable: { ...BUILT_IN_CAPACITY, ...context.defaults.allocatable, ...settings.allocatable },
        labels: { ...kubeadmNodeLabels(nodeName, role, kubelet), ...labels },
        taints: taints ?? kubeadmNodeTaints(role, kubelet),
        ...(address !== undefined ? { address } : {}),
        ...(certificates ? { certificates } : {}),
        ...(Object.keys(facts).length > 0 ? { facts } : {}),
      });
    }
  });
  // Judged on the roles written, so a control-plane entry with another mistake is not also "missing".
  const roles = entries.map((e) => (e !== null && typeof e === 'object' ? (e as Fields).role : undefined));
  if (entries.length > 0 && !roles.includes('control-plane')) {
    check.fail(['nodes'], 'no control-plane node; give at least one node role: control-plane');
  }
  return nodes;
}

interface ControlPlaneVersions {
  readonly apiserver?: KubeVersion;
  readonly controllerManager?: KubeVersion;
  readonly scheduler?: KubeVersion;
  readonly etcd?: string;
}

function readControlPlane(
  check: DocumentChecker,
  fields: Fields,
  path: FieldPath,
  role: NodeRole,
  etcd: 'local' | 'external',
): ControlPlaneVersions | undefined {
  if (fields.controlPlane === undefined || fields.controlPlane === null) return undefined;
  const cpPath = [...path, 'controlPlane'];
  if (role !== 'control-plane') {
    return check.fail(cpPath, 'controlPlane is only for control-plane nodes; remove it or set role: control-plane');
  }
  const cp = check.mapping(fields.controlPlane, cpPath, CONTROL_PLANE_FIELDS);
  if (!cp) return undefined;
  const tag = check.string(cp, 'etcd', cpPath);
  if (tag !== undefined && !ETCD_TAG.test(tag)) {
    check.fail([...cpPath, 'etcd'], `invalid etcd version "${tag}": use an etcd image tag such as 3.5.16-0`);
  } else if (tag !== undefined && etcd === 'external') {
    check.fail([...cpPath, 'etcd'], 'the cluster uses external etcd, so control-plane nodes run no etcd; remove this or set etcd: local');
  }
  return pick<ControlPlaneVersions>([
    ['apiserver', check.version(cp, 'apiserver', cpPath)],
    ['controllerManager', check.version(cp, 'controllerManager', cpPath)],
    ['scheduler', check.version(cp, 'scheduler', cpPath)],
    ['etcd', tag !== undefined && ETCD_TAG.test(tag) && etcd === 'local' ? tag : undefined],
  ]);
}
