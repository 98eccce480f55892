import { matchesLabels, matchesNodeSelector, toleratesTaints, type Addons, type ClusterSnapshot } from '../../../core/cluster/index.js';
import type { KubeVersion } from '../../../core/version/index.js';
import { holdsResources, isHealthy, type SimNode, type SimPdb, type SimPod, type SimWorkload } from './sim-model.js';

// The simulated cluster's objects with the indexes that keep every event cheap at 1,000 nodes:
// pods by node, by workload and unscheduled; PodDisruptionBudgets by namespace and the pods each
// one covers. Every mutation goes through here inside a batch; when the outermost batch ends the
// recorded changes go to the subscribers at once (metrics, watchers, controllers, tick listeners),
// so nobody ever sees half of an update.

export type PodChangeKind = 'added' | 'bound' | 'running' | 'ready' | 'unready' | 'deleting' | 'removed' | 'replaced';
export type NodeChangeKind = 'added' | 'removed' | 'cordoned' | 'uncordoned' | 'ready' | 'not-ready' | 'versions' | 'packages';

export type SimChange =
  | { readonly kind: 'pod'; readonly pod: SimPod; readonly what: PodChangeKind; readonly wasHealthy: boolean }
  | { readonly kind: 'node'; readonly node: SimNode; readonly what: NodeChangeKind }
  | { readonly kind: 'api'; readonly up: boolean }
  | { readonly kind: 'components'; readonly node: string }
  | { readonly kind: 'addons' };

export type ChangeListener = (changes: readonly SimChange[]) => void;

export interface ClusterMeta {
  readonly name: string;
  readonly etcd: 'local' | 'external';
  readonly kubectl: KubeVersion | undefined;
  /** The snapshot's cluster-wide observations, unchanged by the simulation (see load-sim-state.ts). */
  readonly observed: Pick<ClusterSnapshot, 'objects' | 'webhooks' | 'etcdHealthy' | 'kubeadmConfig' | 'kubeletConfig'>;
}

export class SimState {
  readonly nodes = new Map<string, SimNode>();
  /** The control-plane nodes, in the order they were added. */
  controlPlanes: SimNode[] = [];
  readonly pods = new Map<string, SimPod>();
  readonly podsByNode = new Map<string, Set<SimPod>>();
  readonly podsByWorkload = new Map<string, Set<SimPod>>();
  /** Pending pods no node has been chosen for. */
  readonly unbound = new Set<SimPod>();
  readonly workloads = new Map<string, SimWorkload>();
  readonly pdbs = new Map<string, SimPdb>();
  readonly pdbsByNamespace = new Map<string, SimPdb[]>();
  /** workload key -> node -> how many of its pods are bound there (for spreading replicas). */
  readonly spread = new Map<string, Map<string, number>>();
  addons: Addons;
  /** kubernetesVersion in the kubeadm-config ConfigMap: what `kubeadm upgrade node` upgrades to. */
  clusterConfigVersion: KubeVersion;
  apiUp = true;

  private depth = 0;
  private changes: SimChange[] = [];
  private readonly listeners: ChangeListener[] = [];

  constructor(
    readonly meta: ClusterMeta,
    addons: Addons,
    clusterConfigVersion: KubeVersion,
  ) {
    this.addons = addons;
    this.clusterConfigVersion = clusterConfigVersion;
  }

  /** Listeners run in subscription order after every outermost batch that changed something. */
  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  batch<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) this.flush();
    }
  }

  private flush(): void {
    // A listener may change state again (it then runs inside its own batch); deliver until quiet.
    while (this.changes.length > 0) {
      const changes = this.changes;
      this.changes = [];
      this.depth++;
      try {
        for (const listener of this.listeners) listener(changes);
      } finally {
        this.depth--;
      }
    }
  }

  private record(change: SimChange): void {
    this.changes.push(change);
    if (this.depth === 0) this.flush();
  }

  // ---- nodes ----

  addNode(node: SimNode): void {
    this.nodes.set(node.name, node);
    this.podsByNode.set(node.name, new Set());
    if (node.controlPlane) this.controlPlanes.push(node);
    this.countDaemonSetNode(node, 1);
    this.record({ kind: 'node', node, what: 'added' });
  }

  /** Removes the node object; its pods must have been removed first. */
  removeNode(node: SimNode): void {
    this.nodes.delete(node.name);
    this.podsByNode.delete(node.name);
    this.controlPlanes = this.controlPlanes.filter((n) => n !== node);
    this.countDaemonSetNode(node, -1);
    this.record({ kind: 'node', node, what: 'removed' });
  }

  /** A DaemonSet wants a pod on every node its selector and tolerations allow. */
  private countDaemonSetNode(node: SimNode, sign: 1 | -1): void {
    for (const workload of this.workloads.values()) {
      if (workload.kind !== 'DaemonSet') continue;
      const { nodeSelector, tolerations } = workload.template;
      if (matchesNodeSelector(nodeSelector, node.labels) && toleratesTaints(tolerations, node.taints)) workload.desired += sign;
    }
  }

  setCordoned(node: SimNode, cordoned: boolean): void {
    if (node.cordoned === cordoned) return;
    node.cordoned = cordoned;
    node.view = undefined;
    this.record({ kind: 'node', node, what: cordoned ? 'cordoned' : 'uncordoned' });
  }

  setNodeReady(node: SimNode, ready: boolean): void {
    if (node.ready === ready) return;
    node.ready = ready;
    node.view = undefined;
    this.record({ kind: 'node', node, what: ready ? 'ready' : 'not-ready' });
    for (const pod of this.podsByNode.get(node.name) ?? []) this.updatePod(pod, () => undefined, ready ? 'ready' : 'unready');
  }

  /** Records a change of a node's versions, packages or control-plane components. */
  touchNode(node: SimNode, what: 'versions' | 'packages'): void {
    node.view = undefined;
    this.record({ kind: 'node', node, what });
  }

  componentsChanged(node: SimNode): void {
    node.view = undefined;
    this.record({ kind: 'components', node: node.name });
  }

  setApiUp(up: boolean): void {
    if (this.apiUp === up) return;
    this.apiUp = up;
    this.record({ kind: 'api', up });
  }

  setAddons(addons: Addons): void {
    this.addons = addons;
    for (const node of this.nodes.values()) {
      if (addons.kubeProxy) node.kubeProxy = addons.kubeProxy;
      node.view = undefined;
    }
    this.record({ kind: 'addons' });
  }

  // ---- pods ----

  addPod(pod: SimPod): void {
    this.pods.set(pod.key, pod);
    if (pod.workload) setOf(this.podsByWorkload, pod.workload).add(pod);
    pod.pdbs = (this.pdbsByNamespace.get(pod.namespace) ?? []).filter((pdb) => matchesLabels(pdb.spec.selector, pod.labels));
    for (const pdb of pod.pdbs) {
      pdb.pods.add(pod);
      const owner = pod.workload ?? '';
      const count = pdb.owners.get(owner) ?? 0;
      if (count === 0) pdb.ownersVersion++;
      pdb.owners.set(owner, count + 1);
    }
    if (pod.node === undefined) {
      if (pod.phase === 'Pending' && !pod.deleting) this.unbound.add(pod);
    } else {
      this.place(pod, pod.node);
    }
    this.refreshReady(pod);
    if (isHealthy(pod)) this.countHealthy(pod, 1);
    this.record({ kind: 'pod', pod, what: 'added', wasHealthy: false });
  }

  bindPod(pod: SimPod, node: string): void {
    this.unbound.delete(pod);
    pod.node = node;
    this.place(pod, node);
    this.updatePod(pod, () => undefined, 'bound');
  }

  /** Applies `mutate`, recomputes readiness and the health counts, and records the change. */
  updatePod(pod: SimPod, mutate: (pod: SimPod) => void, what: PodChangeKind): void {
    const wasHealthy = isHealthy(pod);
    const heldResources = holdsResources(pod);
    mutate(pod);
    if (pod.deleting) this.unbound.delete(pod);
    if (pod.node !== undefined && heldResources && !holdsResources(pod)) this.use(pod, pod.node, -1);
    this.refreshReady(pod);
    const healthy = isHealthy(pod);
    if (healthy !== wasHealthy) this.countHealthy(pod, healthy ? 1 : -1);
    pod.view = undefined;
    this.record({ kind: 'pod', pod, what, wasHealthy });
  }

  removePod(pod: SimPod): void {
    if (!this.pods.has(pod.key) || this.pods.get(pod.key) !== pod) return;
    for (const timer of pod.timers) timer.cancel();
    pod.timers = [];
    const wasHealthy = isHealthy(pod);
    if (wasHealthy) this.countHealthy(pod, -1);
    this.pods.delete(pod.key);
    this.unbound.delete(pod);
    if (pod.workload) this.podsByWorkload.get(pod.workload)?.delete(pod);
    if (pod.node !== undefined && holdsResources(pod)) this.use(pod, pod.node, -1);
    if (pod.node !== undefined) this.podsByNode.get(pod.node)?.delete(pod);
    for (const pdb of pod.pdbs) {
      pdb.pods.delete(pod);
      const owner = pod.workload ?? '';
      const left = (pdb.owners.get(owner) ?? 0) - 1;
      if (left > 0) pdb.owners.set(owner, left);
      else {
        pdb.owners.delete(owner);
        pdb.ownersVersion++;
      }
    }
    this.record({ kind: 'pod', pod, what: 'removed', wasHealthy });
  }

  podsOn(node: string): ReadonlySet<SimPod> {
    return this.podsByNode.get(node) ?? EMPTY;
  }

  podsOf(workload: string): ReadonlySet<SimPod> {
    return this.podsByWorkload.get(workload) ?? EMPTY;
  }

  private refreshReady(pod: SimPod): void {
    const node = pod.node === undefined ? undefined : this.nodes.get(pod.node);
    pod.ready = pod.started && pod.phase === 'Running' && node?.ready === true;
  }

  private countHealthy(pod: SimPod, delta: number): void {
    for (const pdb of pod.pdbs) pdb.healthy += delta;
    const workload = pod.workload === undefined ? undefined : this.workloads.get(pod.workload);
    if (workload) workload.healthy += delta;
  }

  private place(pod: SimPod, nodeName: string): void {
    setOf(this.podsByNode, nodeName).add(pod);
    if (holdsResources(pod)) this.use(pod, nodeName, 1);
  }

  /** Node resources and the spread count that a pod holds while it is not finished. */
  private use(pod: SimPod, nodeName: string, sign: 1 | -1): void {
    const node = this.nodes.get(nodeName);
    if (node) {
      node.used.cpuMillis += sign * pod.requests.cpuMillis;
      node.used.memoryBytes += sign * pod.requests.memoryBytes;
      node.used.pods += sign;
    }
    if (pod.workload) {
      const counts = this.spread.get(pod.workload) ?? new Map<string, number>();
      this.spread.set(pod.workload, counts);
      const next = (counts.get(nodeName) ?? 0) + sign;
      if (next > 0) counts.set(nodeName, next);
      else counts.delete(nodeName);
    }
  }
}

const EMPTY: ReadonlySet<SimPod> = new Set();

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

