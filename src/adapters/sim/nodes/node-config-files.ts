import { stringify } from 'yaml';
import { parseFlags, type FlagSetting, type NodeFacts, type StaticPodFacts } from '../../../core/cluster/index.js';
import type { BreakingChanges } from '../../../core/preflight/index.js';
import type { KubeVersion } from '../../../core/version/index.js';

// The kubelet's and the runtime's configuration files on a simulated node, as text written from
// the snapshot's node facts, so the readers written for live nodes (src/adapters/node-shell/
// read-node-config.ts) read them back, `sed -i` edits them for real, and a restarted kubelet
// judges the flags the files hold then.

const FLAG_VARIABLE: Record<string, string> = { '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS' };
const KUBELET_CONFIG_FILE = '/var/lib/kubelet/config.yaml';
const CONTAINERD_CONFIG_FILE = '/etc/containerd/config.toml';
const MANIFESTS_DIR = '/etc/kubernetes/manifests';
/** Where flags live, in the order the kubelet's unit reads them. */
const FLAG_FILES = ['/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet', '/etc/sysconfig/kubelet'];
const DROP_IN_DIRS = ['/etc/systemd/system/kubelet.service.d', '/usr/lib/systemd/system/kubelet.service.d'];

function flagText(setting: FlagSetting): string {
  return setting.value !== undefined ? `${setting.flag}=${setting.value}` : setting.flag;
}

/** One file's flags back as lines, each on the line it was seen on. */
function flagFileText(file: string, settings: readonly FlagSetting[]): string {
  const lines: string[] = [];
  for (const setting of settings) {
    const index = (setting.line ?? 1) - 1;
    while (lines.length <= index) lines.push('');
    lines[index] = lines[index] === '' ? flagText(setting) : `${lines[index]} ${flagText(setting)}`;
  }
  const variable = FLAG_VARIABLE[file] ?? 'KUBELET_EXTRA_ARGS';
  const dropIn = file.endsWith('.conf');
  return `${lines.map((line) => (line === '' ? '' : dropIn ? `Environment="${variable}=${line}"` : `${variable}="${line}"`)).join('\n')}\n`;
}

function nested(fields: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(fields)) {
    const keys = path.split('.');
    let at = out;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    const parsed = value === 'true' ? true : value === 'false' ? false : /^-?\d+$/.test(value) ? Number(value) : value;
    at[keys[keys.length - 1]!] = parsed;
  }
  return out;
}

/** A Pod manifest that refers to exactly the objects listed. */
function staticPodText(pod: StaticPodFacts): string {
  const volumes: Record<string, unknown>[] = [];
  const spec: Record<string, unknown> = { containers: [{ name: pod.name, image: `${pod.name}:latest` }] };
  for (const ref of pod.apiReferences) {
    const [kind, name = ''] = ref.split(' ');
    if (kind === 'ServiceAccount' && name !== 'token') spec.serviceAccountName = name;
    else if (kind === 'ConfigMap') volumes.push({ name: `cm-${volumes.length}`, configMap: { name } });
    else if (kind === 'Secret') volumes.push({ name: `secret-${volumes.length}`, secret: { secretName: name } });
    else if (kind === 'PersistentVolumeClaim') volumes.push({ name: `pvc-${volumes.length}`, persistentVolumeClaim: { claimName: name } });
    else if (kind === 'ClusterTrustBundle') volumes.push({ name: `ctb-${volumes.length}`, projected: { sources: [{ clusterTrustBundle: { name } }] } });
    else if (kind === 'ServiceAccount') volumes.push({ name: `token-${volumes.length}`, projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } });
    else if (kind === 'ResourceClaim') spec.resourceClaims = [...((spec.resourceClaims as unknown[]) ?? []), { name }];
  }
  if (volumes.length > 0) spec.volumes = volumes;
  return stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.name, namespace: 'kube-system' }, spec });
}

/** The files the facts describe; nothing for what the facts leave out. */
export function nodeConfigFiles(facts: NodeFacts | undefined): Map<string, string> {
  const files = new Map<string, string>();
  const byFile = new Map<string, FlagSetting[]>();
  for (const setting of facts?.kubeletFlags ?? []) byFile.set(setting.file, [...(byFile.get(setting.file) ?? []), setting]);
  for (const [file, settings] of byFile) files.set(file, flagFileText(file, settings));
  if (facts?.kubeletConfig) files.set(KUBELET_CONFIG_FILE, stringify({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', ...nested(facts.kubeletConfig.fields) }));
  if (facts?.containerdSystemdCgroup !== undefined) {
    files.set(CONTAINERD_CONFIG_FILE, ['version = 2', '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]', `  SystemdCgroup = ${facts.containerdSystemdCgroup}`, ''].join('\n'));
  }
  for (const pod of facts?.staticPods ?? []) files.set(pod.file.startsWith('/') ? pod.file : `${MANIFESTS_DIR}/${pod.file}`, staticPodText(pod));
  return files;
}

/** Every kubelet flag the node's files hold now. */
export function kubeletFlagsOf(texts: ReadonlyMap<string, string>): FlagSetting[] {
  const files = [...FLAG_FILES, ...[...texts.keys()].filter((f) => DROP_IN_DIRS.some((d) => f.startsWith(`${d}/`)) && f.endsWith('.conf')).sort()];
  return files.flatMap((file) => {
    const text = texts.get(file);
    return text === undefined ? [] : parseFlags(text, file);
  });
}

/**
 * Why a kubelet of `version` would not start with these flags and this runtime, as its log says;
 * undefined when it starts. Needs the breaking-change catalog; without it nothing is refused.
 */
export function kubeletStartFailure(version: KubeVersion, flags: readonly FlagSetting[], runtime: string | undefined, catalog: BreakingChanges | undefined): string | undefined {
  if (!catalog) return undefined;
  for (const setting of flags) {
    const removed = catalog.kubeletFlags.find((e) => e.flags.includes(setting.flag) && e.removedIn <= version.minor);
    if (removed) return `failed to parse kubelet flag: unknown flag: ${setting.flag}`;
  }
  const criDockerd = flags.some((f) => f.flag === '--container-runtime-endpoint' && (f.value ?? '').includes('cri-dockerd'));
  if (runtime?.startsWith('docker://') && !criDockerd && version.minor >= catalog.runtime.dockershimRemovedIn) {
    return 'failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint "unix:///var/run/dockershim.sock": no such file or directory';
  }
  return undefined;
}
