import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parseVersion, type PackageEra } from '../../src/core/version/index.js';
import { startEmulatedNodes, type CommandOutput, type EmulatedNodes, type EmulatedNodeSpec } from './node-agent/emulated-nodes.js';
import { NodeAgent, type NodeAgentOptions } from './node-agent/node-agent.js';
import { nodeDirOf, nodeIn, readClusterState, readNodeState, updateStates, type ClusterState, type NodeState } from './node-agent/node-state.js';
import { startNodeSshd, type NodeSshd, type SshHost } from './node-agent/node-sshd.js';
import { killOwnProcess, killOwnProcessNow } from './node-agent/own-process.js';

// The whole emulated cluster for end-to-end tests: the real v1.20.2 control plane
// (control-plane/start.sh), the emulated nodes (their state, tools and namespaces), one sshd
// that puts each node behind its own port, and the node agent that plays their kubelets.
// stop() takes it all down; if the test process dies first, the nodes' namespaces end with it
// and a detached watchdog stops sshd and the control plane.

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const CONTROL_PLANE = join(HERE, 'control-plane');
const WATCHDOG = join(HERE, 'node-agent', 'cluster-watchdog.sh');
const BIN_DIR = process.env.KUBEHOP_K8S_BIN_DIR ?? '/var/cache/kubehop/kubernetes-v1.20.2/bin';

export type { SshHost } from './node-agent/node-sshd.js';

export interface E2eClusterOptions {
  readonly controlPlanes?: number;
  readonly workers?: number;
  /** The version the emulated nodes start at (the real API server stays v1.20.2). Default v1.20.2. */
  readonly version?: string;
  /** The nodes' package repository; by default the version's era (legacy before v1.24). */
  readonly repository?: PackageEra;
  readonly agent?: Omit<NodeAgentOptions, 'kubeconfig' | 'clusterDir'>;
  /** How long kubeadm on a node waits for the agent to show its change. Default 60 s. */
  readonly agentWaitMs?: number;
  /** Keep the directory after stop() (also KUBEHOP_KEEP_E2E_DIR=1). */
  readonly keepDir?: boolean;
}

export interface E2eCluster {
  readonly dir: string;
  /** The admin kubeconfig (system:masters). */
  readonly kubeconfig: string;
  /** control-plane/start.sh's facts (env.json): server, CA, tokens, kubectl, ports. */
  readonly env: Readonly<Record<string, string>>;
  readonly nodes: readonly EmulatedNodeSpec[];
  readonly sshHosts: Readonly<Record<string, SshHost>>;
  nodeState(name: string): NodeState;
  clusterState(): ClusterState;
  /** Changes a node's state under the cluster's lock, e.g. `(n) => (n.unreachableHosts = ['pkgs.k8s.io'])`. */
  changeNode(name: string, change: (state: NodeState) => void): void;
  /** Runs a command line on a node without SSH (the same session script sshd runs). */
  exec(name: string, command: string): Promise<CommandOutput>;
  stop(): Promise<void>;
}

/** Why the e2e cluster cannot run here, or undefined when it can. */
export function e2eClusterSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'the e2e cluster needs root (etcd, kube-apiserver, sshd, mount namespaces); run the tests as root';
  const missing = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'].filter((b) => !existsSync(join(BIN_DIR, b)));
  if (missing.length > 0) return `no Kubernetes v1.20.2 binaries (${missing.join(', ')}) in ${BIN_DIR}; run test/e2e/control-plane/provision.sh as root`;
  return undefined;
}

function nodeSpecs(controlPlanes: number, workers: number): EmulatedNodeSpec[] {
  return [
    ...Array.from({ length: controlPlanes }, (_, i) => ({ name: `cp-${i + 1}`, role: 'control-plane' as const })),
    ...Array.from({ length: workers }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const })),
  ];
}

async function startControlPlane(dir: string): Promise<Record<string, string>> {
  try {
    await run('bash', [join(CONTROL_PLANE, 'start.sh'), dir], { maxBuffer: 16 * 2 ** 20 });
  } catch (error) {
    throw new Error(`failed to start the control plane in ${dir}: ${(error as { stderr?: string }).stderr?.trim() ?? (error as Error).message}`);
  }
  return JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as Record<string, string>;
}

/** Until every node is Ready, kube-proxy runs on each and CoreDNS is available. */
async function waitSettled(kubeconfig: string, nodes: number, timeoutMs: number): Promise<void> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  const apps = config.makeApiClient(AppsV1Api);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const list = await core.listNode();
      const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
      const proxy = await apps.readNamespacedDaemonSet({ name: 'kube-proxy', namespace: 'kube-system' });
      const dns = await apps.readNamespacedDeployment({ name: 'coredns', namespace: 'kube-system' });
      last = `${ready}/${nodes} nodes Ready, kube-proxy ${proxy.status?.numberReady ?? 0}/${nodes} ready, coredns ${dns.status?.availableReplicas ?? 0}/2 available`;
      if (ready === nodes && proxy.status?.numberReady === nodes && (dns.status?.availableReplicas ?? 0) >= 2) return;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`failed to settle the e2e cluster within ${timeoutMs / 1000}s: ${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startE2eCluster(options: E2eClusterOptions = {}): Promise<E2eCluster> {
  const skip = e2eClusterSkipReason();
  if (skip) throw new Error(`failed to start the e2e cluster: ${skip}`);
  const version = parseVersion(options.version ?? 'v1.20.2');
  const specs = nodeSpecs(options.controlPlanes ?? 1, options.workers ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'kubehop-e2e-'));
  const cpDir = join(dir, 'control-plane');
  const keep = options.keepDir === true || process.env.KUBEHOP_KEEP_E2E_DIR === '1';

  const watchdog = spawn('bash', [WATCHDOG, String(process.pid), dir], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  let nodes: EmulatedNodes | undefined;
  let sshd: NodeSshd | undefined;
  let agent: NodeAgent | undefined;
  const onExit = () => {
    if (sshd) killOwnProcessNow(sshd.pid, join(dir, 'sshd'));
    for (const pid of nodes?.pids ?? []) killOwnProcessNow(pid, 'node-namespace.sh');
    spawnSync('bash', [join(CONTROL_PLANE, 'stop.sh'), cpDir], { stdio: 'ignore' });
  };
  process.once('exit', onExit);

  let stopped = false;
  const stop = async (keepDir = keep): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    await agent?.stop();
    await sshd?.stop();
    await nodes?.stop();
    await run('bash', [join(CONTROL_PLANE, 'stop.sh'), cpDir]).catch(() => undefined);
    if (watchdog.pid !== undefined) await killOwnProcess(watchdog.pid, WATCHDOG, 1_000);
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const agentWaitMs = options.agentWaitMs ?? 60_000;
    const [env, started] = await Promise.all([
      startControlPlane(cpDir),
      startEmulatedNodes({ clusterDir: dir, version, nodes: specs, agentWaitMs, ...(options.repository ? { repository: options.repository } : {}) }),
    ]);
    nodes = started;
    sshd = await startNodeSshd({ dir: join(dir, 'sshd'), clusterDir: dir, nodes: Object.fromEntries(specs.map((s) => [s.name, nodeDirOf(dir, s.name)])) });
    const kubeconfig = env.KUBEHOP_CP_ADMIN_KUBECONFIG ?? join(cpDir, 'admin.kubeconfig');
    agent = await NodeAgent.start({ ...options.agent, kubeconfig, clusterDir: dir });
    await waitSettled(kubeconfig, specs.length, 120_000);
    const emulated = started;
    return {
      dir,
      kubeconfig,
      env,
      nodes: specs,
      sshHosts: sshd.hosts,
      nodeState: (name) => readNodeState(nodeDirOf(dir, name)),
      clusterState: () => readClusterState(dir),
      changeNode: (name, change) =>
        updateStates(dir, (tx) => {
          const node = nodeIn(tx.nodes, name);
          change(node);
          tx.changed(node);
        }),
      exec: (name, command) => emulated.exec(name, command),
      stop: () => stop(),
    };
  } catch (error) {
    // The directory stays, with every log (control-plane/*.log, sshd/sshd.log, agent.log).
    await stop(true).catch(() => undefined);
    throw new Error(`${(error as Error).message} (logs kept in ${dir})`, { cause: error });
  }
}
