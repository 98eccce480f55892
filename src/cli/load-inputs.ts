import { readCluster } from '../adapters/file/read-cluster-file.js';
import { readReleaseCatalog } from '../adapters/file/read-release-catalog.js';
import { readRemovedApis } from '../adapters/file/read-removed-apis.js';
import type { SshNodeShellOptions } from '../adapters/ssh/ssh-node-shell.js';
import { validateSshHostFlag, type SshHostOverride } from '../adapters/ssh/validate-ssh-host-flag.js';
import type { LiveCluster } from '../app/live-target.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
import type { ReleaseCatalog } from '../core/releases/index.js';
import type { CliIo } from './cli-io.js';
import { parseCount } from './parse-command-line.js';

/** Where the cluster comes from: --cluster (built-in or file) or a kubeconfig, with SSH to the nodes. */
export const SOURCE_OPTIONS = {
  cluster: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  ssh: { type: 'boolean' },
  'ssh-user': { type: 'string' },
  'ssh-port': { type: 'string' },
  'ssh-identity': { type: 'string', multiple: true },
  'ssh-host': { type: 'string', multiple: true },
  'ssh-accept-new': { type: 'boolean' },
  'known-hosts': { type: 'string' },
  'ssh-config': { type: 'string' },
} as const;

export interface SourceValues {
  cluster?: string | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  ssh?: boolean | undefined;
  'ssh-user'?: string | undefined;
  'ssh-port'?: string | undefined;
  'ssh-identity'?: string[] | undefined;
  'ssh-host'?: string[] | undefined;
  'ssh-accept-new'?: boolean | undefined;
  'known-hosts'?: string | undefined;
  'ssh-config'?: string | undefined;
}

export type ClusterSource =
  | { readonly kind: 'simulated'; readonly cluster: ClusterSnapshot }
  | { readonly kind: 'live'; readonly cluster: ClusterSnapshot; readonly live: LiveCluster };

/** The SSH settings of the flags; undefined when no SSH flag is given and `required` is false. */
export function sshOptionsFrom(values: SourceValues, required: boolean): SshNodeShellOptions | undefined {
  const given = values.ssh || Object.keys(values).some((k) => k.startsWith('ssh-') || k === 'known-hosts');
  if (!given && !required) return undefined;
  const hosts: SshHostOverride[] = [];
  for (const text of values['ssh-host'] ?? []) {
    const parsed = validateSshHostFlag(text);
    if (!parsed.ok) throw new ConfigError(parsed.errors.join('; '));
    hosts.push(parsed.value);
  }
  const port = values['ssh-port'] === undefined ? undefined : parseCount('--ssh-port', values['ssh-port'], 22);
  if (port !== undefined && port > 65535) throw new ConfigError(`invalid --ssh-port "${values['ssh-port']}": give a port from 1 to 65535`);
  return {
    ...(hosts.length > 0 ? { hosts } : {}),
    ...(values['ssh-user'] ? { user: values['ssh-user'] } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values['ssh-identity'] ? { identityFiles: values['ssh-identity'] } : {}),
    ...(values['ssh-accept-new'] ? { acceptNew: true } : {}),
    ...(values['known-hosts'] ? { knownHostsFile: values['known-hosts'] } : {}),
    ...(values['ssh-config'] ? { sshConfigFile: values['ssh-config'] } : {}),
  };
}

/** An --ssh-host for a node the cluster does not have is a typo that would silently do nothing. */
function checkSshHostNodes(ssh: SshNodeShellOptions | undefined, cluster: ClusterSnapshot): void {
  for (const host of ssh?.hosts ?? []) {
    if (!cluster.nodes.some((n) => n.name === host.node)) {
      throw new ConfigError(`invalid --ssh-host "${host.node}=${host.host}": cluster "${cluster.name}" has no node "${host.node}"; use one of its node names (${cluster.nodes.slice(0, 5).map((n) => n.name).join(', ')}, ...)`);
    }
  }
}

/**
 * The cluster to work on: a built-in or file cluster with --cluster, else the one the kubeconfig
 * points at (--kubeconfig, --context, KUBECONFIG, ~/.kube/config), read through its API.
 */
export async function loadClusterSource(values: SourceValues, io: CliIo, options: { sshRequired?: boolean; scanObjects?: boolean } = {}): Promise<ClusterSource> {
  if (values.cluster !== undefined) {
    if (values.kubeconfig || values.context) throw new ConfigError('--cluster names a built-in or file cluster: leave out --kubeconfig and --context, or drop --cluster to use the kubeconfig');
    // A simulated cluster is reached without SSH, but a malformed SSH flag is still a mistake to name.
    const ssh = sshOptionsFrom(values, false);
    const cluster = await readCluster(values.cluster);
    checkSshHostNodes(ssh, cluster);
    return { kind: 'simulated', cluster };
  }
  const ssh = sshOptionsFrom(values, options.sshRequired ?? false);
  // Loaded only for live clusters: the Kubernetes client takes most of a second to import.
  const { readLiveCluster } = await import('../app/live-target.js');
  const removedApis = options.scanObjects ? await readRemovedApis() : undefined;
  const live = await readLiveCluster({
    ...(removedApis ? { removedApis } : {}),
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.context ? { context: values.context } : {}),
    env: io.env,
    ...(ssh ? { ssh } : {}),
  });
  for (const problem of live.factProblems) io.stderr(`kubehop: warning: ${problem}\n`);
  checkSshHostNodes(ssh, live.cluster);
  return { kind: 'live', cluster: live.cluster, live };
}

/** For commands that only read: the cluster snapshot, connections closed. */
export async function loadCluster(values: SourceValues, io: CliIo, options: { scanObjects?: boolean } = {}): Promise<ClusterSnapshot> {
  const source = await loadClusterSource(values, io, options);
  if (source.kind === 'live') source.live.close();
  return source.cluster;
}

export async function loadCatalog(paths: readonly string[] | undefined): Promise<ReleaseCatalog> {
  return readReleaseCatalog(paths && paths.length > 0 ? paths : undefined);
}
