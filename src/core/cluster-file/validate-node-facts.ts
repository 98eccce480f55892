import type { NodeFacts } from '../cluster/cluster-snapshot.js';
import { describeValue, type DocumentChecker, type FieldPath } from './document-checker.js';
import { parseMemoryQuantity } from '../cluster/parse-quantity.js';
import { KUBELET_CONFIG_FILE, readCgroupEntry, readContainerRuntimeEntry, readKubeletConfigEntry, readKubeletFlagsEntry, readStaticPodsEntry } from './validate-config-facts.js';

// `facts:` of a node entry or of defaults: what preflight would otherwise observe on the node over
// SSH. A fact left out stays unobserved, so the check that needs it says nothing.

export const NODE_FACTS_FIELDS: readonly string[] = ['swapOn', 'freeDisk', 'heldPackages', 'repositoryReachable', 'containerRuntime', 'cgroup', 'kubeletFlags', 'kubeletConfig', 'containerdSystemdCgroup', 'staticPods'];
/** Debian's rule for package names, which RPM names of Kubernetes packages also follow. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** How a cluster file writes them. */
export interface NodeFactsEntry {
  readonly swapOn?: boolean;
  /** Free space on the filesystem holding /var, as a quantity: 1.5Gi, 800Mi, bytes. */
  readonly freeDisk?: string | number;
  readonly heldPackages?: readonly string[];
  readonly repositoryReachable?: boolean;
  /** As the Node reports it: containerd://1.7.24, docker://20.10.24. */
  readonly containerRuntime?: string;
  readonly cgroup?: 'v1' | 'v2';
  /** The flags in kubeadm-flags.env, or file -> flags. */
  readonly kubeletFlags?: string | Readonly<Record<string, string>>;
  /** /var/lib/kubelet/config.yaml as a mapping. */
  readonly kubeletConfig?: Readonly<Record<string, unknown>>;
  readonly containerdSystemdCgroup?: boolean;
  readonly staticPods?: readonly { readonly name: string; readonly file?: string; readonly references?: readonly string[] }[];
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function readFreeDisk(check: DocumentChecker, value: unknown, path: FieldPath): number | undefined {
  if (value === undefined || value === null) return undefined;
  const result = parseMemoryQuantity(value);
  if (result.ok) return result.value;
  return check.fail(path, `invalid disk space ${describeValue(value)}: use bytes or a suffix such as 800Mi, 1.5Gi or 20G`);
}

function readHeldPackages(check: DocumentChecker, value: unknown, path: FieldPath): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    return check.fail(path, `must be a list of package names such as [kubeadm, kubelet], found ${describeValue(value)}`);
  }
  const names: string[] = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || !PACKAGE_NAME.test(item)) {
      ok = false;
      check.fail([...path, i], `invalid package name ${describeValue(item)}: use a name such as kubeadm (lowercase letters, digits, "+", "-", ".")`);
    } else if (names.includes(item)) {
      ok = false;
      check.fail([...path, i], `package ${item} is listed twice; list each held package once`);
    } else {
      names.push(item);
    }
  });
  return ok ? names : undefined;
}

/** The facts given under `facts:` at `path`; an empty object when none. */
export function validateNodeFacts(check: DocumentChecker, value: unknown, path: FieldPath): NodeFacts {
  const fields = check.mapping(value, path, NODE_FACTS_FIELDS);
  if (!fields) return {};
  const facts: Writable<NodeFacts> = {};
  const swapOn = check.boolean(fields, 'swapOn', path);
  const freeDiskBytes = readFreeDisk(check, fields.freeDisk, [...path, 'freeDisk']);
  const heldPackages = readHeldPackages(check, fields.heldPackages, [...path, 'heldPackages']);
  const repositoryReachable = check.boolean(fields, 'repositoryReachable', path);
  if (swapOn !== undefined) facts.swapOn = swapOn;
  if (freeDiskBytes !== undefined) facts.freeDiskBytes = freeDiskBytes;
  if (heldPackages !== undefined) facts.heldPackages = heldPackages;
  if (repositoryReachable !== undefined) facts.repositoryReachable = repositoryReachable;
  const containerRuntimeVersion = readContainerRuntimeEntry(check, fields.containerRuntime, [...path, 'containerRuntime']);
  const cgroupVersion = readCgroupEntry(check, fields.cgroup, [...path, 'cgroup']);
  const kubeletFlags = readKubeletFlagsEntry(check, fields.kubeletFlags, [...path, 'kubeletFlags']);
  const kubeletConfig = readKubeletConfigEntry(check, fields.kubeletConfig, [...path, 'kubeletConfig'], KUBELET_CONFIG_FILE);
  const containerdSystemdCgroup = check.boolean(fields, 'containerdSystemdCgroup', path);
  const staticPods = readStaticPodsEntry(check, fields.staticPods, [...path, 'staticPods']);
  if (containerRuntimeVersion !== undefined) facts.containerRuntimeVersion = containerRuntimeVersion;
  if (cgroupVersion !== undefined) facts.cgroupVersion = cgroupVersion;
  if (kubeletFlags !== undefined) facts.kubeletFlags = kubeletFlags;
  if (kubeletConfig !== undefined) facts.kubeletConfig = kubeletConfig;
  if (containerdSystemdCgroup !== undefined) facts.containerdSystemdCgroup = containerdSystemdCgroup;
  if (staticPods !== undefined) facts.staticPods = staticPods;
  return facts;
}
