import { FileJournal } from '../adapters/file/file-journal.js';
import { openKubeCluster, type KubeCluster } from '../adapters/kube/index.js';
import { SshNodeShell, type SshNodeShellOptions } from '../adapters/ssh/ssh-node-shell.js';
import { readLocalKubectl } from '../adapters/system/read-local-kubectl.js';
import { SystemClock } from '../adapters/shared/system-clock.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { RemovedApiTable } from '../core/preflight/index.js';
import type { UpgradePorts } from '../engine/index.js';
import type { EventSink, Journal } from '../ports/index.js';
import { observeNodes } from './observe-nodes.js';

export interface LiveClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read each node's OS, packages, repository (and whether it reaches the next minor's), swap, disk and certificates over SSH too. */
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
  let shell: SshNodeShell | undefined;
  try {
    let cluster = await kube.api.readSnapshot();
    const kubectl = await readLocalKubectl('kubectl', { ...process.env, ...options.env });
    if (kubectl) cluster = { ...cluster, kubectl };
    const problems: string[] = [];
    if (options.removedApis) {
      const scan = await kube.api.readObservedObjects(options.removedApis);
      problems.push(...scan.problems);
      cluster = { ...cluster, objects: scan.objects };
    }
    const hooks = await kube.api.readAdmissionWebhooks();
    problems.push(...hooks.problems);
    cluster = { ...cluster, webhooks: hooks.webhooks };
    const etcd = await kube.api.readEtcdHealth();
    problems.push(...etcd.problems);
    if (etcd.healthy !== undefined) cluster = { ...cluster, etcdHealthy: etcd.healthy };
    if (options.ssh) {
      const addresses = Object.fromEntries(cluster.nodes.flatMap((n) => (n.address ? [[n.name, n.address]] : [])));
      shell = new SshNodeShell({ addresses, ...options.ssh });
      const observed = await observeNodes(shell, cluster.nodes);
      problems.push(...observed.problems);
      cluster = { ...cluster, nodes: observed.nodes };
    }
    const opened = shell;
    return { kube, cluster, ...(opened ? { shell: opened } : {}), factProblems: problems, close: () => { kube.close(); void opened?.close().catch(() => undefined); } };
  } catch (error) {
    kube.close();
    await shell?.close().catch(() => undefined);
    throw error;
  }
}

/** A live run's journal: the kube-system ConfigMap, or FILE with --journal. */
export function liveJournal(live: LiveCluster, journalFile: string | undefined): Journal {
  return journalFile ? new FileJournal(journalFile) : live.kube.journal;
}

/** SSH to the nodes: the connections reading the cluster opened, else new ones. */
export function liveShell(live: LiveCluster, options: SshNodeShellOptions): SshNodeShell {
  return live.shell ?? new SshNodeShell(options);
}

/** The ports of a real run: the API, SSH to the nodes, the wall clock, the Lease and a journal. */
export function liveUpgradePorts(live: LiveCluster, shell: SshNodeShell, events: EventSink, journalFile?: string): UpgradePorts {
  return {
    api: live.kube.api,
    shell,
    clock: new SystemClock(),
    lock: live.kube.lock,
    journal: liveJournal(live, journalFile),
    events,
  };
}
