import type { ClusterSnapshot, NodeSnapshot, PodSnapshot } from '../../../core/cluster/index.js';
import type { PdbStatus } from '../../../ports/index.js';
import { pdbStatusOf } from '../api/pdb-status.js';
import { controlPlaneComponentsOf, type SimNode, type SimPod } from './sim-model.js';
import type { SimState } from './sim-state.js';

// The port-facing, immutable snapshots of the simulator's records. Each record caches its
// snapshot until it changes, so reading a 1,000-node cluster again and again stays cheap.

export function podSnapshotOf(pod: SimPod): PodSnapshot {
  pod.view ??= Object.freeze({
    namespace: pod.namespace,
    name: pod.name,
    uid: pod.uid,
    ...(pod.node !== undefined ? { node: pod.node } : {}),
    ...(pod.owner ? { owner: pod.owner } : {}),
    phase: pod.phase,
    ready: pod.ready,
    labels: pod.labels,
    requests: pod.requests,
    emptyDir: pod.emptyDir,
    mirror: pod.mirror,
    ...(pod.deleting ? { deleting: true } : {}),
  });
  return pod.view;
}

export function nodeSnapshotOf(node: SimNode): NodeSnapshot {
  node.view ??= Object.freeze({
    name: node.name,
    role: node.role,
    kubelet: node.kubelet,
    ...(node.kubeProxy ? { kubeProxy: node.kubeProxy } : {}),
    kubeadm: node.packages.kubeadm.version,
    ...(node.packages.kubectl ? { kubectl: node.packages.kubectl.version } : {}),
    os: node.os,
    repository: node.repository,
    ready: node.ready,
    cordoned: node.cordoned,
    ...(node.controlPlane ? { controlPlane: controlPlaneComponentsOf(node.controlPlane) } : {}),
    allocatable: node.allocatable,
    labels: node.labels,
    taints: node.taints,
    ...(node.address !== undefined ? { address: node.address } : {}),
    ...(node.host.containerRuntimeVersion !== undefined ? { facts: { containerRuntimeVersion: node.host.containerRuntimeVersion } } : {}),
    ...(node.cordonMark ? { cordonMark: node.cordonMark } : {}),
  });
  return node.view;
}

export function pdbStatusesOf(state: SimState): PdbStatus[] {
  return [...state.pdbs.values()].map((pdb) => pdbStatusOf(pdb, state.workloads));
}

export interface SnapshotOptions {
  /** Leave pods out (an empty list): much cheaper at every tick of a large simulation. */
  readonly pods?: boolean;
  /** Only the control-plane nodes and these (in the cluster's order): checks of a few changed nodes. */
  readonly nodes?: ReadonlySet<string>;
}

export function clusterSnapshotOf(state: SimState, options: SnapshotOptions = {}): ClusterSnapshot {
  return {
    name: state.meta.name,
    nodes: (options.nodes ? [...state.nodes.values()].filter((n) => n.controlPlane || options.nodes?.has(n.name)) : [...state.nodes.values()]).map(nodeSnapshotOf),
    addons: { ...state.addons },
    ...(state.meta.kubectl ? { kubectl: state.meta.kubectl } : {}),
    etcd: state.meta.etcd,
    workloads: [...state.workloads.values()].map((w) => w.snapshot),
    pods: options.pods === false ? [] : [...state.pods.values()].map(podSnapshotOf),
    pdbs: [...state.pdbs.values()].map((p) => p.spec),
    ...state.meta.observed,
  };
}
