import { readCluster } from '../adapters/file/read-cluster-file.js';
import { readReleaseCatalog } from '../adapters/file/read-release-catalog.js';
import { readRemovedApis } from '../adapters/file/read-removed-apis.js';
import type { SshNodeShellOptions } from '../adapters/ssh/ssh-node-shell.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
import type { ReleaseCatalog } from '../core/releases/index.js';
import type { LiveCluster } from './live-target.js';

/** Which cluster to work on: a built-in or file cluster by name, else the one a kubeconfig points at. */
export interface ClusterSourceRequest {
  /** A built-in cluster (demo, classic, shop) or a cluster file; worked on as a simulated copy. */
  readonly cluster?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** How to reach a live cluster's nodes; checked against a named cluster's nodes too. */
  readonly ssh?: SshNodeShellOptions;
  /** The environment a kubeconfig is found through (KUBECONFIG, HOME). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Warnings about facts a live cluster could not show (e.g. a node that does not answer). */
  readonly warn?: (message: string) => void;
}

export type ClusterSource =
  | { readonly kind: 'simulated'; readonly cluster: ClusterSnapshot }
  | { readonly kind: 'live'; readonly cluster: ClusterSnapshot; readonly live: LiveCluster };

/** An SSH host override for a node the cluster does not have is a typo that would silently do nothing. */
function checkSshHostNodes(ssh: SshNodeShellOptions | undefined, cluster: ClusterSnapshot): void {
  for (const host of ssh?.hosts ?? []) {
    if (!cluster.nodes.some((n) => n.name === host.node)) {
      throw new ConfigError(`invalid --ssh-host "${host.node}=${host.host}": cluster "${cluster.name}" has no node "${host.node}"; use one of its node names (${cluster.nodes.slice(0, 5).map((n) => n.name).join(', ')}, ...)`);
    }
  }
}

/**
 * The cluster to work on. A live one keeps its connections open for an apply: close it with
 * `source.live.close()`. `scanObjects` also reads the objects whose APIs a later Kubernetes removes.
 */
export async function openClusterSource(request: ClusterSourceRequest, options: { scanObjects?: boolean } = {}): Promise<ClusterSource> {
  if (request.cluster !== undefined) {
    if (request.kubeconfig || request.context) throw new ConfigError('--cluster names a built-in or file cluster: leave out --kubeconfig and --context, or drop --cluster to use the kubeconfig');
    const cluster = await readCluster(request.cluster);
    checkSshHostNodes(request.ssh, cluster);
    return { kind: 'simulated', cluster };
  }
  // Loaded only for live clusters: the Kubernetes client takes most of a second to import.
  const { readLiveCluster } = await import('./live-target.js');
  const removedApis = options.scanObjects ? await readRemovedApis() : undefined;
  const live = await readLiveCluster({
    ...(removedApis ? { removedApis } : {}),
    ...(request.kubeconfig ? { kubeconfig: request.kubeconfig } : {}),
    ...(request.context ? { context: request.context } : {}),
    env: request.env,
    ...(request.ssh ? { ssh: request.ssh } : {}),
  });
  for (const problem of live.factProblems) request.warn?.(problem);
  checkSshHostNodes(request.ssh, live.cluster);
  return { kind: 'live', cluster: live.cluster, live };
}

/** For use cases that only read: the cluster snapshot, connections closed. */
export async function readClusterFrom(request: ClusterSourceRequest, options: { scanObjects?: boolean } = {}): Promise<ClusterSnapshot> {
  const source = await openClusterSource(request, options);
  if (source.kind === 'live') source.live.close();
  return source.cluster;
}

/** The release catalog: the files given, else the one kubehop ships. */
export async function loadCatalog(paths: readonly string[] | undefined): Promise<ReleaseCatalog> {
  return readReleaseCatalog(paths && paths.length > 0 ? paths : undefined);
}
