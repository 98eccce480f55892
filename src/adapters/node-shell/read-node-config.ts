import { parse } from 'yaml';
import { flattenFields, parseFlags, staticPodApiReferences, type FlagSetting, type NodeFacts, type StaticPodFacts } from '../../core/cluster/index.js';
import { isRecord } from '../../core/describe-value.js';
import type { CommandResult, NodeShell } from '../../ports/index.js';
import { failureReason } from './failure-reason.js';

// How a node's kubelet and runtime are configured, for the breaking-change checks: the kubelet's
// flag files and systemd drop-ins, /var/lib/kubelet/config.yaml, the cgroup hierarchy,
// containerd's cgroup driver and every static pod manifest. Read-only commands; a file that does
// not exist is simply not there, any other failure is a problem, not a throw.

export type ObservedNodeConfig = Pick<NodeFacts, 'kubeletFlags' | 'kubeletConfig' | 'cgroupVersion' | 'containerdSystemdCgroup' | 'staticPods'>;

export interface ReadNodeConfigResult {
  readonly facts: ObservedNodeConfig;
  readonly problems: readonly string[];
}

/** Where kubeadm and the packages put kubelet flags: KUBELET_KUBEADM_ARGS, then KUBELET_EXTRA_ARGS (deb, rpm). */
export const KUBELET_FLAG_FILES: readonly string[] = ['/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet', '/etc/sysconfig/kubelet'];
/** The kubelet unit's drop-in folders: older debs put 10-kubeadm.conf under /etc, newer packages under /usr/lib. */
export const KUBELET_DROP_IN_DIRS: readonly string[] = ['/etc/systemd/system/kubelet.service.d', '/usr/lib/systemd/system/kubelet.service.d'];
export const KUBELET_CONFIG_FILE = '/var/lib/kubelet/config.yaml';
export const CONTAINERD_CONFIG_FILE = '/etc/containerd/config.toml';
export const MANIFESTS_DIR = '/etc/kubernetes/manifests';

const MISSING = /No such file or directory/;

/** `stat -fc %T /sys/fs/cgroup`: cgroup2fs on a unified (v2) host; tmpfs (v1 or hybrid) otherwise. */
export function cgroupVersionOf(fsType: string): 1 | 2 | undefined {
  const type = fsType.trim();
  if (type === 'cgroup2fs') return 2;
  return type === 'tmpfs' ? 1 : undefined;
}

/** containerd's runc option; an absent SystemdCgroup is false (containerd's default). */
export function containerdSystemdCgroupOf(toml: string): boolean {
  return /^\s*SystemdCgroup\s*=\s*true\b/m.test(toml);
}

export async function readNodeConfig(shell: NodeShell, node: string, options: { timeoutMs?: number } = {}): Promise<ReadNodeConfigResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const run = (argv: readonly string[], privileged = false): Promise<CommandResult> => shell.run(node, argv, { privileged, timeoutMs, readOnly: true });
  const problems: string[] = [];
  /** A file's text; undefined when it does not exist or could not be read (then a problem). */
  const read = async (file: string, privileged = false): Promise<string | undefined> => {
    const answer = await run(['cat', file], privileged);
    if (answer.exitCode === 0) return answer.stdout;
    if (!MISSING.test(answer.stderr)) problems.push(`failed to read ${file} on node ${node}: ${failureReason(answer)}`);
    return undefined;
  };
  const list = async (dir: string, privileged = false): Promise<string[]> => {
    const answer = await run(['ls', '-1', dir], privileged);
    if (answer.exitCode === 0) return answer.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '').sort();
    if (!MISSING.test(answer.stderr)) problems.push(`failed to list ${dir} on node ${node}: ${failureReason(answer)}`);
    return [];
  };
  let facts: ObservedNodeConfig = {};

  const kubeletFlags: FlagSetting[] = [];
  for (const file of KUBELET_FLAG_FILES) {
    const text = await read(file);
    if (text !== undefined) kubeletFlags.push(...parseFlags(text, file));
  }
  for (const dir of KUBELET_DROP_IN_DIRS) {
    for (const name of (await list(dir)).filter((n) => n.endsWith('.conf'))) {
      const text = await read(`${dir}/${name}`);
      if (text !== undefined) kubeletFlags.push(...parseFlags(text, `${dir}/${name}`));
    }
  }
  facts = { ...facts, kubeletFlags };

  const config = await read(KUBELET_CONFIG_FILE, true);
  if (config !== undefined) {
    try {
      facts = { ...facts, kubeletConfig: { file: KUBELET_CONFIG_FILE, fields: flattenFields(parse(config) ?? {}) } };
    } catch (error) {
      problems.push(`failed to read ${KUBELET_CONFIG_FILE} on node ${node}: not YAML (${(error as Error).message.split('\n')[0]})`);
    }
  }

  const stat = await run(['stat', '-fc', '%T', '/sys/fs/cgroup']);
  const cgroupVersion = stat.exitCode === 0 ? cgroupVersionOf(stat.stdout) : undefined;
  if (cgroupVersion !== undefined) facts = { ...facts, cgroupVersion };
  else problems.push(`failed to tell the cgroup version of node ${node}: ${stat.exitCode === 0 ? `unexpected file system type "${stat.stdout.trim()}" for /sys/fs/cgroup` : failureReason(stat)}`);

  const containerd = await read(CONTAINERD_CONFIG_FILE, true);
  if (containerd !== undefined) facts = { ...facts, containerdSystemdCgroup: containerdSystemdCgroupOf(containerd) };

  const staticPods: StaticPodFacts[] = [];
  for (const name of (await list(MANIFESTS_DIR, true)).filter((n) => /\.(ya?ml|json)$/.test(n))) {
    const file = `${MANIFESTS_DIR}/${name}`;
    const text = await read(file, true);
    if (text === undefined) continue;
    try {
      const pod: unknown = parse(text);
      const podName = isRecord(pod) && isRecord(pod.metadata) && typeof pod.metadata.name === 'string' ? pod.metadata.name : name.replace(/\.(ya?ml|json)$/, '');
      staticPods.push({ file, name: podName, apiReferences: staticPodApiReferences(pod) });
    } catch (error) {
      problems.push(`failed to read ${file} on node ${node}: not YAML (${(error as Error).message.split('\n')[0]})`);
    }
  }
  facts = { ...facts, staticPods };
  return { facts, problems };
}
