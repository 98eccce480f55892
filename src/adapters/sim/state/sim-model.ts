import type {
  ControlPlaneComponents,
  CordonMark,
  NodeOs,
  NodeCapacity,
  NodeRole,
  NodeSnapshot,
  OwnerRef,
  PackageRepository,
  PdbSnapshot,
  PodPhase,
  PodSnapshot,
  PodTemplate,
  Resources,
  Taint,
  WorkloadKind,
  WorkloadSnapshot,
} from '../../../core/cluster/index.js';
import type { KubeVersion } from '../../../core/version/index.js';
import type { PdbStatus } from '../../../ports/index.js';
import type { SimHost } from '../nodes/sim-host.js';
import type { TimerHandle } from '../../shared/virtual-clock.js';

// The simulator's mutable records. Plain data plus the indexes' bookkeeping; the port-facing
// snapshots are built from these (and cached until the record changes).

export type ComponentName = 'apiserver' | 'controllerManager' | 'scheduler' | 'etcd';

export interface SimComponent {
  version: KubeVersion;
  up: boolean;
}

export interface SimControlPlane {
  apiserver: SimComponent;
  controllerManager: SimComponent;
  scheduler: SimComponent;
  /** Image tag; absent with external etcd. */
  etcd?: { version: string; up: boolean };
}

export interface SimPackage {
  version: KubeVersion;
  held: boolean;
}

export interface SimNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly os: NodeOs;
  readonly address?: string;
  readonly allocatable: NodeCapacity;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  repository: PackageRepository;
  /** pkgs.k8s.io minor whose package lists `apt-get update` last fetched. */
  aptListsMinor: number | undefined;
  cordoned: boolean;
  ready: boolean;
  /** The kubelet version the node reports: the running binary. */
  kubelet: KubeVersion;
  /** The kube-proxy pod's version here (the DaemonSet's once kubeadm has upgraded the addon). */
  kubeProxy: KubeVersion | undefined;
  packages: { kubeadm: SimPackage; kubelet: SimPackage; kubectl: SimPackage | undefined };
  /** The kubeadm that last configured this node (upgrade apply/node): the next may be one minor newer. */
  lastManagedBy: KubeVersion;
  controlPlane: SimControlPlane | undefined;
  /** Requests of the pods bound here that have not gone yet. */
  used: { cpuMillis: number; memoryBytes: number; pods: number };
  /** Files the simulation knows about on the node (path -> size in bytes) and its directories. */
  files: Map<string, number>;
  dirs: Set<string>;
  /** Bumped when the kubelet restarts so a pending "Ready again" from an earlier restart is ignored. */
  kubeletGeneration: number;
  /** The kubelet exits at every start (systemd restarts it every 10 s): since when, and its last log line. */
  kubeletFailing?: { readonly since: number; readonly message: string } | undefined;
  /** Swap, disk, repository reach, pins and certificates: what the machine itself would show. */
  readonly host: SimHost;
  /** kubehop's annotations on a node it cordoned. */
  cordonMark?: CordonMark | undefined;
  view: NodeSnapshot | undefined;
}

export interface SimWorkload {
  readonly key: string;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly template: PodTemplate;
  /** "web-6d4b75cb6d-" for a Deployment's pods, "node-exporter-" for a DaemonSet's. */
  podPrefix: string;
  /** Pods that are Ready and not being deleted: what serves. */
  healthy: number;
  /** For a DaemonSet, the nodes it should run on; else the replicas. */
  desired: number;
  readonly snapshot: WorkloadSnapshot;
}

export interface SimPod {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  uid: string;
  node: string | undefined;
  readonly owner: OwnerRef | undefined;
  /** Key of the owning workload in the simulation, when it has one. */
  readonly workload: string | undefined;
  phase: PodPhase;
  /** Containers started and passing readiness; ready also needs a Ready node. */
  started: boolean;
  ready: boolean;
  deleting: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: Resources;
  readonly emptyDir: boolean;
  readonly mirror: boolean;
  /** For a DaemonSet pod: the node it was made for. */
  readonly targetNode: string | undefined;
  readonly startupSeconds: number | undefined;
  readonly terminationGraceSeconds: number | undefined;
  /** PodDisruptionBudgets whose selector matches the pod. */
  pdbs: SimPdb[];
  /** Start-up is under way (timers set), so a node turning Ready does not start it twice. */
  starting: boolean;
  timers: TimerHandle[];
  /** Deletion finished its grace period but the kubelet is down: gone once the node is Ready. */
  awaitingNodeToGo: boolean;
  view: PodSnapshot | undefined;
}

export interface SimPdb {
  readonly key: string;
  readonly spec: PdbSnapshot;
  readonly pods: Set<SimPod>;
  /** How many of `pods` are healthy, kept up to date by the state. */
  healthy: number;
  /** Owning workload key ('' for a pod without one) -> how many of `pods` it owns. */
  readonly owners: Map<string, number>;
  /** Bumped when an owner joins or leaves `owners`: the expected pod count may have changed. */
  ownersVersion: number;
  /** The controllers' summed scale (undefined: one has none) as of `ownersVersion`. */
  cache: { ownersVersion: number; scale: number | undefined } | undefined;
  /** The last status built, with the counts it was built from: every drain lists every budget. */
  status?: { readonly pods: number; readonly healthy: number; readonly ownersVersion: number; readonly value: PdbStatus } | undefined;
}

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function workloadKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function controlPlaneComponentsOf(cp: SimControlPlane): ControlPlaneComponents {
  return {
    apiserver: cp.apiserver.version,
    controllerManager: cp.controllerManager.version,
    scheduler: cp.scheduler.version,
    ...(cp.etcd ? { etcd: cp.etcd.version } : {}),
  };
}

/** What serves traffic and counts toward a PodDisruptionBudget's currentHealthy. */
export function isHealthy(pod: SimPod): boolean {
  return pod.phase === 'Running' && pod.ready && !pod.deleting;
}

/** Pods that still hold their node's resources (finished pods do not). */
export function holdsResources(pod: SimPod): boolean {
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}
