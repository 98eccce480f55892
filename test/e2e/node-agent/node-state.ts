import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// What an emulated node "is", as files under the cluster directory, shared by the node-side shims
// (which change it, as apt-get or kubeadm change a machine) and the node agent (which reports it
// through the API, as a kubelet does):
//
//   CLUSTER/cluster.json            the cluster-wide part kubeadm keeps (ClusterConfiguration, addons)
//   CLUSTER/nodes/NAME/state.json   one node: packages, holds, the running kubelet, static pods
//   CLUSTER/nodes/NAME/observed.json, CLUSTER/cluster-observed.json
//                                   written by the agent: the generation it has made the API show
//
// Writers take one lock for the whole cluster and replace files by rename, so readers never see
// half a file. Versions are "v1.20.2"; package versions are as apt shows them ("1.20.2-00").

export type NodeRole = 'control-plane' | 'worker';
export type PackageName = 'kubeadm' | 'kubelet' | 'kubectl';

export interface PackageState {
  /** The package version, e.g. "1.20.2-00" (legacy) or "1.30.2-1.1" (pkgs.k8s.io). */
  version: string;
  held: boolean;
}

/** kubeadm's static pods on a control-plane node: image tags. */
export interface StaticPods {
  apiserver: string;
  controllerManager: string;
  scheduler: string;
  /** etcd's image tag, e.g. "3.4.13-0". */
  etcd: string;
}

export interface NodeState {
  name: string;
  role: NodeRole;
  packages: Partial<Record<PackageName, PackageState>>;
  /** The pkgs.k8s.io minor whose package lists `apt-get update` fetched last; null: legacy lists or none. */
  aptListsMinor: number | null;
  kubelet: {
    /** The version the running kubelet reports: it changes on `systemctl restart kubelet`. */
    running: string;
    restarts: number;
    restartedAt?: string;
  };
  /** The kubeadm version that last upgraded (or set up) this node. */
  lastManagedBy: string;
  staticPods?: StaticPods;
  /** etcd snapshots taken with etcdctl on this node, by path. */
  snapshots: Record<string, { bytes: number; savedAt: string }>;
  /** Bumped by every change the agent should make the API show. */
  generation: number;
  /** Hosts the node's curl cannot resolve (pkgs.k8s.io answers by default). */
  unreachableHosts?: string[];
  /** Versions ("1.21.14") the node's legacy source lacks, as a mirror that stopped short: neither its apt nor its Packages index has them. */
  legacyMissing?: string[];
}

export interface ClusterState {
  clusterName: string;
  /** ClusterConfiguration.kubernetesVersion in kube-system/kubeadm-config. */
  kubernetesVersion: string;
  /** The kube-proxy DaemonSet's image tag. */
  kubeProxy: string;
  /** The CoreDNS Deployment's image tag, e.g. "1.7.0" or "v1.8.0". */
  coreDNS: string;
  generation: number;
  /** How long kubeadm waits for the agent to show its change (0: it does not wait). */
  agentWaitMs: number;
  /**
   * The versions the legacy apt repository carries ("1.21.14"), every patch of each minor before
   * pkgs.k8s.io from the release catalog: what apt installs from it and its Packages index lists.
   */
  legacyVersions: string[];
}

export interface Observed {
  generation: number;
}

export const nodesDirOf = (clusterDir: string): string => join(clusterDir, 'nodes');
export const nodeDirOf = (clusterDir: string, node: string): string => join(clusterDir, 'nodes', node);
const clusterFile = (clusterDir: string): string => join(clusterDir, 'cluster.json');
const nodeFile = (nodeDir: string): string => join(nodeDir, 'state.json');
export const nodeObservedFile = (nodeDir: string): string => join(nodeDir, 'observed.json');
export const clusterObservedFile = (clusterDir: string): string => join(clusterDir, 'cluster-observed.json');

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Writes by rename, so a reader sees the old file or the new one, never a torn one. */
export function writeJsonFile(path: string, value: unknown): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, path);
}

export function readClusterState(clusterDir: string): ClusterState {
  return readJson<ClusterState>(clusterFile(clusterDir));
}

export function readNodeState(nodeDir: string): NodeState {
  return readJson<NodeState>(nodeFile(nodeDir));
}

export function readObserved(path: string): number {
  return existsSync(path) ? readJson<Observed>(path).generation : 0;
}

export function nodeNamesOf(clusterDir: string): string[] {
  const dir = nodesDirOf(clusterDir);
  return existsSync(dir) ? readdirSync(dir).filter((n) => existsSync(nodeFile(join(dir, n)))).sort() : [];
}

export function readAllNodeStates(clusterDir: string): NodeState[] {
  return nodeNamesOf(clusterDir).map((n) => readNodeState(nodeDirOf(clusterDir, n)));
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 15_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding the cluster's lock file (O_EXCL); a lock older than 30 s is taken as stale. */
export function withClusterLock<T>(clusterDir: string, fn: () => T): T {
  const lock = join(clusterDir, 'state.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { force: true });
      } catch {
        // Released meanwhile.
      }
      if (Date.now() > deadline) throw new Error(`failed to lock the emulated cluster state: ${lock} is held for more than ${LOCK_WAIT_MS / 1000}s`);
      sleepSync(20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

export function nodeIn(nodes: readonly NodeState[], name: string): NodeState {
  const node = nodes.find((n) => n.name === name);
  if (!node) throw new Error(`failed to read the state of node ${name}: it is not in the emulated cluster`);
  return node;
}

/** Everything a command may look at and change, read under the lock. */
export interface StateTransaction {
  readonly cluster: ClusterState;
  readonly nodes: readonly NodeState[];
  /** Marks the cluster state or a node's state as changed: written back, its generation bumped. */
  changed(what: ClusterState | NodeState): void;
}

/** Reads every state under the lock, lets `change` look and change, writes back what it marked. */
export function updateStates<T>(clusterDir: string, change: (tx: StateTransaction) => T): T {
  return withClusterLock(clusterDir, () => {
    const cluster = readClusterState(clusterDir);
    const nodes = readAllNodeStates(clusterDir);
    const dirty = new Set<ClusterState | NodeState>();
    const result = change({ cluster, nodes, changed: (what) => dirty.add(what) });
    for (const what of dirty) {
      what.generation += 1;
      if (what === cluster) writeJsonFile(clusterFile(clusterDir), cluster);
      else writeJsonFile(nodeFile(nodeDirOf(clusterDir, (what as NodeState).name)), what);
    }
    return result;
  });
}

/** Writes the first state of the cluster and its nodes (the fixture, before anything runs). */
export function writeInitialState(clusterDir: string, cluster: ClusterState, nodes: readonly NodeState[]): void {
  writeJsonFile(clusterFile(clusterDir), cluster);
  for (const node of nodes) {
    const dir = nodeDirOf(clusterDir, node.name);
    mkdirSync(dir, { recursive: true });
    writeJsonFile(nodeFile(dir), node);
  }
}
