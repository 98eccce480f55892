import type { ClusterSnapshot } from '../../../core/cluster/index.js';
import type { KubeVersion } from '../../../core/version/index.js';
import type { SimCertificate } from '../nodes/sim-host.js';
import type { SimControlPlane, SimNode, SimPackage, SimPod } from './sim-model.js';
import type { SimState } from './sim-state.js';
import { clusterSnapshotOf } from './sim-views.js';

// A simulated cluster written down between two processes, so that `apply --resume` of a built-in
// or file cluster meets the cluster the interrupted run left, as it would a real one. The
// snapshot carries what every reader sees; the node records carry what only the machine knows
// (installed packages and holds, the kubeadm that configured it, swap, disk, files, certificates).

export const SAVED_SIMULATION_FORMAT = 'kubehop.simulation/v1';

export interface SavedNode {
  readonly packages: { kubeadm: SimPackage; kubelet: SimPackage; kubectl: SimPackage | undefined };
  readonly lastManagedBy: KubeVersion;
  readonly aptListsMinor: number | undefined;
  readonly controlPlane: SimControlPlane | undefined;
  /** A kubelet restart this run started: systemd goes on starting it in the next process. */
  readonly kubeletRestarting: boolean;
  readonly host: {
    readonly swapOn: boolean;
    readonly freeDiskBytes: number | undefined;
    readonly repositoryReachable: boolean;
    readonly otherHolds: readonly string[];
    readonly yumExcludes: readonly string[];
    readonly certificates: readonly SimCertificate[] | undefined;
  };
  readonly files: readonly (readonly [string, number])[];
  readonly dirs: readonly string[];
}

export interface SavedSimulation {
  readonly format: typeof SAVED_SIMULATION_FORMAT;
  /** Virtual time when it was saved: the next process's clock goes on from there. */
  readonly at: number;
  readonly clusterConfigVersion: KubeVersion;
  readonly cluster: ClusterSnapshot;
  readonly nodes: Readonly<Record<string, SavedNode>>;
  /** Pods whose containers run (namespace/name): the snapshot shows only "ready", which a NotReady node hides. */
  readonly startedPods: readonly string[];
  /** Pods a kubelet was starting: it goes on starting them. */
  readonly startingPods: readonly string[];
}

export function savedSimulationOf(state: SimState, at: number): SavedSimulation {
  const nodes: Record<string, SavedNode> = {};
  for (const node of state.nodes.values()) {
    nodes[node.name] = {
      packages: node.packages,
      lastManagedBy: node.lastManagedBy,
      aptListsMinor: node.aptListsMinor,
      controlPlane: node.controlPlane,
      kubeletRestarting: !node.ready && node.kubeletGeneration > 0,
      host: { ...node.host, otherHolds: [...node.host.otherHolds] },
      files: [...node.files.entries()],
      dirs: [...node.dirs],
    };
  }
  const startedPods = [...state.pods.values()].filter((p) => p.started).map((p) => p.key);
  const startingPods = [...state.pods.values()].filter((p) => p.starting).map((p) => p.key);
  return { format: SAVED_SIMULATION_FORMAT, at, clusterConfigVersion: state.clusterConfigVersion, cluster: clusterSnapshotOf(state), nodes, startedPods, startingPods };
}

/** Puts back on nodes and pods loaded from `saved.cluster` what the snapshot alone does not carry. Returns the kubelets and pods that were starting. */
export function restoreSavedNodes(state: SimState, saved: SavedSimulation): { restarting: SimNode[]; starting: SimPod[] } {
  state.clusterConfigVersion = saved.clusterConfigVersion;
  const restarting: SimNode[] = [];
  for (const node of state.nodes.values()) {
    const record = saved.nodes[node.name];
    if (!record) continue;
    node.packages = { kubeadm: { ...record.packages.kubeadm }, kubelet: { ...record.packages.kubelet }, kubectl: record.packages.kubectl ? { ...record.packages.kubectl } : undefined };
    node.lastManagedBy = record.lastManagedBy;
    node.aptListsMinor = record.aptListsMinor;
    if (record.controlPlane && node.controlPlane) {
      // Static pods a killed kubeadm left stopped are started again by the kubelet.
      const up = <T extends { up: boolean }>(c: T): T => ({ ...c, up: true });
      const cp = record.controlPlane;
      node.controlPlane = { apiserver: up(cp.apiserver), controllerManager: up(cp.controllerManager), scheduler: up(cp.scheduler), ...(cp.etcd ? { etcd: up(cp.etcd) } : {}) };
    }
    Object.assign(node.host, {
      swapOn: record.host.swapOn,
      freeDiskBytes: record.host.freeDiskBytes,
      repositoryReachable: record.host.repositoryReachable,
      otherHolds: new Set(record.host.otherHolds),
      yumExcludes: [...record.host.yumExcludes],
      certificates: record.host.certificates ? [...record.host.certificates] : undefined,
    });
    node.files = new Map(record.files);
    node.dirs = new Set(record.dirs);
    node.view = undefined;
    if (record.kubeletRestarting) restarting.push(node);
  }
  for (const key of saved.startedPods) {
    const pod = state.pods.get(key);
    if (pod && pod.phase === 'Running') pod.started = true;
  }
  const starting = saved.startingPods.flatMap((key) => state.pods.get(key) ?? []);
  return { restarting, starting };
}

/** Checks the shape of a parsed saved simulation; the file is kubehop's own, so the shape is enough. */
export function validateSavedSimulation(value: unknown): { ok: true; value: SavedSimulation } | { ok: false; error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'it is not a JSON object' };
  const v = value as Record<string, unknown>;
  if (v.format !== SAVED_SIMULATION_FORMAT) return { ok: false, error: `format must be "${SAVED_SIMULATION_FORMAT}", found ${JSON.stringify(v.format)}` };
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return { ok: false, error: 'at must be a number (ms since the epoch)' };
  const cluster = v.cluster as Record<string, unknown> | null | undefined;
  if (typeof cluster !== 'object' || cluster === null || typeof cluster.name !== 'string' || !Array.isArray(cluster.nodes) || !Array.isArray(cluster.pods) || !Array.isArray(cluster.workloads) || !Array.isArray(cluster.pdbs)) {
    return { ok: false, error: 'cluster must be a cluster snapshot with name, nodes, pods, workloads and pdbs' };
  }
  if (typeof v.nodes !== 'object' || v.nodes === null || Array.isArray(v.nodes)) return { ok: false, error: 'nodes must be an object of node records' };
  if (typeof v.clusterConfigVersion !== 'object' || v.clusterConfigVersion === null) return { ok: false, error: 'clusterConfigVersion must be a version' };
  for (const field of ['startedPods', 'startingPods']) {
    const list = v[field];
    if (!Array.isArray(list) || !list.every((k) => typeof k === 'string')) return { ok: false, error: `${field} must be a list of pod names` };
  }
  return { ok: true, value: value as SavedSimulation };
}
