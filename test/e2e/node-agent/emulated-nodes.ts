import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReleaseCatalog } from '../../../src/adapters/file/read-release-catalog.js';
import { kubeadmAddonVersions } from '../../../src/core/releases/index.js';
import { FIRST_PKGS_MINOR, formatBareVersion, formatVersion, type KubeVersion, type PackageEra } from '../../../src/core/version/index.js';
import { buildShims, writeShimLaunchers } from './build-shims.js';
import { nodeDirOf, writeInitialState, type ClusterState, type NodeRole, type NodeState } from './node-state.js';
import { killOwnProcess } from './own-process.js';
import { debRevision, repositoryText } from './shim/package-repository.js';

// The node side of the emulated cluster, without the API: each node's state, its tools (bin/),
// and its "machine" (a mount + UTS namespace with its own /etc and /var/lib, node-namespace.sh).
// Commands reach a node through node-session.sh: sshd runs it as a ForceCommand, and exec()
// below runs it directly, for tests of the tools alone.

const HERE = dirname(fileURLToPath(import.meta.url));
export const NODE_NAMESPACE_SCRIPT = join(HERE, 'node-namespace.sh');
export const NODE_SESSION_SCRIPT = join(HERE, 'node-session.sh');

export interface EmulatedNodeSpec {
  readonly name: string;
  readonly role: NodeRole;
}

export interface EmulatedNodesOptions {
  readonly clusterDir: string;
  readonly version: KubeVersion;
  readonly nodes: readonly EmulatedNodeSpec[];
  /** The package repository the nodes start with; by default the one of the version's era. */
  readonly repository?: PackageEra;
  /** How long kubeadm waits for the agent to show its changes; 0 without an agent. */
  readonly agentWaitMs: number;
  /** The namespaces end when this process ends (default: this one). */
  readonly watchPid?: number;
}

export interface CommandOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface EmulatedNodes {
  readonly clusterDir: string;
  readonly nodes: readonly EmulatedNodeSpec[];
  nodeDir(name: string): string;
  /** Runs a shell command line on a node as an SSH session would, without SSH. */
  exec(name: string, command: string): Promise<CommandOutput>;
  /** The pids of the namespace holders, for cleanup of last resort. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

function initialNode(spec: EmulatedNodeSpec, version: KubeVersion, era: PackageEra): NodeState {
  const v = formatVersion(version);
  const pkg = { version: `${formatBareVersion(version)}-${debRevision(era)}`, held: true };
  return {
    name: spec.name,
    role: spec.role,
    packages: { kubeadm: { ...pkg }, kubelet: { ...pkg }, kubectl: { ...pkg } },
    aptListsMinor: era === 'pkgs' ? version.minor : null,
    kubelet: { running: v, restarts: 0 },
    lastManagedBy: v,
    ...(spec.role === 'control-plane'
      ? { staticPods: { apiserver: v, controllerManager: v, scheduler: v, etcd: kubeadmAddonVersions(version.minor)?.etcd ?? '3.4.13-0' } }
      : {}),
    snapshots: {},
    generation: 1,
  };
}

async function startNamespace(nodeDir: string, watchPid: number): Promise<number> {
  const log = openSync(join(nodeDir, 'namespace.log'), 'a');
  const child = spawn('unshare', ['--mount', '--uts', '--propagation', 'private', NODE_NAMESPACE_SCRIPT, nodeDir, String(watchPid)], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`failed to start the namespace of node ${nodeDir}: unshare did not start`);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + 10_000;
  while (!existsSync(join(nodeDir, 'namespace.ready'))) {
    if (exited !== undefined || Date.now() > deadline) {
      const detail = readFileSync(join(nodeDir, 'namespace.log'), 'utf8').trim();
      throw new Error(`failed to start the namespace of node ${nodeDir}: ${exited !== undefined ? `exit ${exited}` : 'not ready after 10s'}: ${detail}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  // Sessions enter only a namespace that is complete: the pid file comes last.
  writeFileSync(join(nodeDir, 'namespace.pid'), `${pid}\n`);
  return pid;
}

export function runNodeSession(nodeDir: string, clusterDir: string, command: string): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [NODE_SESSION_SCRIPT, nodeDir, clusterDir], { env: { ...process.env, SSH_ORIGINAL_COMMAND: command }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

export async function startEmulatedNodes(options: EmulatedNodesOptions): Promise<EmulatedNodes> {
  const { clusterDir, version, nodes } = options;
  const era = options.repository ?? (version.minor >= 24 ? 'pkgs' : 'legacy');
  const addons = kubeadmAddonVersions(version.minor);
  // The legacy repository's contents: every patch of each minor it was the only source of.
  const catalog = await readReleaseCatalog();
  const legacyVersions = catalog.lines.filter((l) => l.minor < FIRST_PKGS_MINOR).flatMap((l) => Array.from({ length: l.latestPatch.patch + 1 }, (_, p) => `1.${l.minor}.${p}`));
  const cluster: ClusterState = {
    clusterName: 'kubehop-e2e',
    kubernetesVersion: formatVersion(version),
    kubeProxy: formatVersion(version),
    coreDNS: addons?.coreDNS ?? '1.7.0',
    generation: 1,
    agentWaitMs: options.agentWaitMs,
    legacyVersions,
  };
  writeInitialState(clusterDir, cluster, nodes.map((n) => initialNode(n, version, era)));
  const entry = buildShims(join(clusterDir, 'shim'));
  const pids: number[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(pids.map((pid) => killOwnProcess(pid, 'node-namespace.sh')));
  };
  try {
    for (const node of nodes) {
      const dir = nodeDirOf(clusterDir, node.name);
      writeShimLaunchers(join(dir, 'bin'), entry);
      const sources = join(dir, 'fs', 'etc', 'upper', 'apt', 'sources.list.d');
      mkdirSync(sources, { recursive: true });
      writeFileSync(join(sources, 'kubernetes.list'), repositoryText(era, version.minor));
      pids.push(await startNamespace(dir, options.watchPid ?? process.pid));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    clusterDir,
    nodes,
    nodeDir: (name) => nodeDirOf(clusterDir, name),
    exec: (name, command) => runNodeSession(nodeDirOf(clusterDir, name), clusterDir, command),
    pids,
    stop,
  };
}
