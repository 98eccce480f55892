import { FileJournal } from '../adapters/file/file-journal.js';
import { openKubeCluster, type KubeCluster } from '../adapters/kube/index.js';
import { applyNodeFacts } from '../adapters/ssh/apply-node-facts.js';
import { readNodeFacts } from '../adapters/ssh/read-node-facts.js';
import { SshNodeShell, type SshNodeShellOptions } from '../adapters/ssh/ssh-node-shell.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { RemovedApiTable } from '../core/preflight/index.js';
import type { UpgradePorts } from '../engine/index.js';
import type { EventSink } from '../ports/index.js';

export interface LiveClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read each node's OS, packages and repository over SSH too. */
  readonly ssh?: SshNodeShellOptions;
  /** Scan objects for API versions a coming release removes (live, last-applied, Helm). */
  readonly removedApis?: RemovedApiTable;
}

export interface LiveCluster {
  readonly kube: KubeCluster;
  readonly cluster: ClusterSnapshot;
  readonly shell?: SshNodeShell;
  /** Nodes whose facts could not be read over SSH, with why. */
  readonly factProblems: readonly string[];
  close(): void;
}

/** The cluster behind a kubeconfig, as kubeadm sees it, with node facts over SSH when asked. */
export async function readLiveCluster(options: LiveClusterOptions): Promise<LiveCluster> {
  const kube = openKubeCluster({
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    env: options.env,
  });
  try {
    let cluster = await kube.api.readSnapshot();
    const problems: string[] = [];
    if (options.removedApis) {
      const scan = await kube.api.readObservedObjects(options.removedApis);
      problems.push(...scan.problems);
      cluster = { ...cluster, objects: scan.objects };
    }
    let shell: SshNodeShell | undefined;
    if (options.ssh) {
      const addresses = Object.fromEntries(cluster.nodes.flatMap((n) => (n.address ? [[n.name, n.address]] : [])));
      shell = new SshNodeShell({ addresses, ...options.ssh });
      const nodes = [];
      for (const node of cluster.nodes) {
        const facts = await readNodeFacts(shell, node.name);
        problems.push(...facts.problems);
        nodes.push(applyNodeFacts(node, facts));
      }
      cluster = { ...cluster, nodes };
    }
    return { kube, cluster, ...(shell ? { shell } : {}), factProblems: problems, close: () => { kube.close(); void shell?.close().catch(() => undefined); } };
  } catch (error) {
    kube.close();
    throw error;
  }
}

/** The ports of a real run: the API, SSH to the nodes, the wall clock, the Lease and a journal. */
export function liveUpgradePorts(live: LiveCluster, shell: SshNodeShell, events: EventSink, journalFile?: string): UpgradePorts {
  return {
    api: live.kube.api,
    shell,
    clock: new SystemClock(),
    lock: live.kube.lock,
    journal: journalFile ? new FileJournal(journalFile) : live.kube.journal,
    events,
  };
}
