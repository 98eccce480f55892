import { clusterVersion, matchesNodeSelector, toleratesTaints, type ClusterSnapshot, type NodeSnapshot, type PodSnapshot, type WorkloadSnapshot } from '../../../core/cluster/index.js';
import { ConfigError } from '../../../core/errors.js';
import { baseDirectories } from '../nodes/file-commands.js';
import { etcdFor } from '../nodes/kubeadm-images.js';
import { podKey, workloadKey, type SimNode, type SimPdb, type SimPod, type SimWorkload } from './sim-model.js';
import { simHostOf } from '../nodes/sim-host.js';
import { SimState } from './sim-state.js';
import { DEFAULT_START_MS } from '../../shared/virtual-clock.js';

// Builds the simulator's records from a ClusterSnapshot: the model it starts from, whatever its
// source (a cluster file, the test builder, a live cluster).
//
// The cluster-wide observations are kept as they are, for reads; the simulation acts on the
// webhooks (admission-webhooks.ts) and on etcd's health (kubeadm-preconditions.ts). Objects at
// API versions a release removes change nothing here: the API server converts what it stores,
// so an upgrade goes through; what breaks is the operator's next apply of the old manifest or
// Helm chart, after the upgrade, which preflight reports instead.

/** `startMs`: the simulation's start, from which certificates nobody observed were issued. */
export function loadSimState(snapshot: ClusterSnapshot, startMs = DEFAULT_START_MS): SimState {
  const version = clusterVersion(snapshot);
  if (!version) {
    throw new ConfigError(`failed to simulate cluster "${snapshot.name}": no control-plane node has a kube-apiserver version; describe at least one control-plane node`);
  }
  const observed = {
    ...(snapshot.objects ? { objects: snapshot.objects } : {}),
    ...(snapshot.webhooks ? { webhooks: snapshot.webhooks } : {}),
    ...(snapshot.etcdHealthy !== undefined ? { etcdHealthy: snapshot.etcdHealthy } : {}),
    ...(snapshot.kubeadmConfig ? { kubeadmConfig: snapshot.kubeadmConfig } : {}),
    ...(snapshot.kubeletConfig ? { kubeletConfig: snapshot.kubeletConfig } : {}),
  };
  const state = new SimState({ name: snapshot.name, etcd: snapshot.etcd, kubectl: snapshot.kubectl, observed }, { ...snapshot.addons }, version);
  for (const node of snapshot.nodes) state.addNode(simNodeOf(node, snapshot, startMs));
  for (const pdb of snapshot.pdbs) {
    const record: SimPdb = { key: podKey(pdb.namespace, pdb.name), spec: pdb, pods: new Set(), healthy: 0, owners: new Map(), ownersVersion: 0, cache: undefined };
    state.pdbs.set(record.key, record);
    const list = state.pdbsByNamespace.get(pdb.namespace) ?? [];
    list.push(record);
    state.pdbsByNamespace.set(pdb.namespace, list);
  }
  for (const workload of snapshot.workloads) {
    const record = simWorkloadOf(workload, snapshot.pods);
    if (workload.kind === 'DaemonSet') {
      const { nodeSelector, tolerations } = workload.template;
      record.desired = snapshot.nodes.filter((n) => matchesNodeSelector(nodeSelector, n.labels) && toleratesTaints(tolerations, n.taints)).length;
    }
    state.workloads.set(record.key, record);
  }
  for (const pod of snapshot.pods) {
    if (state.pods.has(podKey(pod.namespace, pod.name))) continue;
    state.addPod(simPodOf(pod, state));
  }
  return state;
}

export function simNodeOf(node: NodeSnapshot, snapshot: Pick<ClusterSnapshot, 'etcd' | 'addons'>, startMs = DEFAULT_START_MS): SimNode {
  const apt = node.os.packageManager === 'apt';
  // apt nodes hold the packages (kubeadm's install guide) unless the snapshot lists the holds.
  const listed = node.facts?.heldPackages;
  const held = (name: string) => apt && (listed ? listed.includes(name) : true);
  const kubeadm = node.kubeadm ?? node.kubelet;
  const cp = node.controlPlane;
  return {
    name: node.name,
    role: node.role,
    os: node.os,
    ...(node.address !== undefined ? { address: node.address } : {}),
    allocatable: node.allocatable,
    labels: node.labels,
    taints: node.taints,
    repository: node.repository,
    aptListsMinor: node.repository.minor,
    cordoned: node.cordoned,
    ...(node.cordonMark ? { cordonMark: node.cordonMark } : {}),
    ready: node.ready,
    kubelet: node.kubelet,
    kubeProxy: node.kubeProxy ?? snapshot.addons.kubeProxy,
    packages: {
      kubeadm: { version: kubeadm, held: held('kubeadm') },
      kubelet: { version: node.kubelet, held: held('kubelet') },
      // kubeadm's install guide puts kubectl on every control-plane node (the admin kubeconfig is
      // there); when a cluster file does not say which, it is the kubelet's version.
      kubectl: node.kubectl ? { version: node.kubectl, held: held('kubectl') } : cp ? { version: node.kubelet, held: held('kubectl') } : undefined,
    },
    lastManagedBy: kubeadm,
    controlPlane: cp
      ? {
          apiserver: { version: cp.apiserver, up: true },
          controllerManager: { version: cp.controllerManager, up: true },
          scheduler: { version: cp.scheduler, up: true },
          ...(snapshot.etcd === 'local' ? { etcd: { version: cp.etcd ?? etcdFor(cp.apiserver.minor) ?? 'unknown', up: true } } : {}),
        }
      : undefined,
    used: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    kubeletGeneration: 0,
    host: simHostOf(node, kubeadm, snapshot.etcd === 'local', startMs),
    files: new Map(),
    dirs: baseDirectories(),
    view: undefined,
  };
}

function simWorkloadOf(workload: WorkloadSnapshot, pods: readonly PodSnapshot[]): SimWorkload {
  const own = pods.find((p) => p.namespace === workload.namespace && p.owner?.kind === workload.kind && p.owner.name === workload.name);
  let podPrefix = `${workload.name}-`;
  if (workload.kind === 'Deployment') {
    const hash = own?.name.slice(podPrefix.length).match(/^([a-z0-9]+)-[a-z0-9]+$/)?.[1];
    podPrefix = `${workload.name}-${hash ?? stableHash(`${workload.namespace}/${workload.name}`)}-`;
  }
  return {
    key: workloadKey(workload.kind, workload.namespace, workload.name),
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
    replicas: workload.replicas,
    labels: workload.labels,
    template: workload.template,
    podPrefix,
    healthy: 0,
    desired: workload.replicas,
    snapshot: workload,
  };
}

/** A pod-template-hash look-alike derived from the name, so it never consumes randomness. */
function stableHash(text: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  let out = '';
  for (let i = 0; i < 10; i++) {
    for (const c of `${text}#${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

function simPodOf(pod: PodSnapshot, state: SimState): SimPod {
  const key = pod.owner && pod.owner.kind !== 'Node' ? workloadKey(pod.owner.kind, pod.namespace, pod.owner.name) : undefined;
  const workload = key === undefined ? undefined : state.workloads.get(key);
  return {
    key: podKey(pod.namespace, pod.name),
    namespace: pod.namespace,
    name: pod.name,
    uid: pod.uid,
    node: pod.node,
    owner: pod.owner,
    workload: workload?.key,
    phase: pod.phase,
    started: pod.phase === 'Running' && pod.ready,
    ready: false,
    deleting: pod.deleting === true,
    labels: pod.labels,
    requests: pod.requests,
    emptyDir: pod.emptyDir,
    mirror: pod.mirror,
    targetNode: workload?.kind === 'DaemonSet' ? pod.node : undefined,
    startupSeconds: workload?.template.startupSeconds,
    terminationGraceSeconds: workload?.template.terminationGraceSeconds,
    pdbs: [],
    starting: false,
    timers: [],
    awaitingNodeToGo: false,
    view: undefined,
  };
}
