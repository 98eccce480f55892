import { compareText } from '../../core/compare-names.js';
import { isEligibleNode, type ClusterSnapshot, type CordonMark, type NodeSnapshot, type PodSnapshot, type WorkloadSnapshot } from '../../core/cluster/index.js';
import { decideEviction, pdbsForPod, podKey } from '../../core/drain/index.js';
import { ClusterApiError } from '../../core/errors.js';
import type { ClusterApi, EvictOptions, PdbStatus, WaitOutcome, WatchTarget, WorkloadReadiness } from '../../ports/index.js';
import { memoryPdbStatus } from './memory-pdb-status.js';
import type { VirtualClock } from '../shared/virtual-clock.js';

// A small in-memory cluster for engine and drain tests: cordons, evictions that honour PDBs with
// 429s, controllers that replace deleted pods (a StatefulSet pod comes back under the same name
// with a new uid), a scheduler that respects cordons, and watches that wake waiters at once.
// The simulator (src/adapters/sim) is the full model; this one stays small and predictable.

export interface MemoryClusterOptions {
  /** From a replacement pod's creation to Ready. */
  readonly replacementReadyMs?: number;
  /** From deletion to the pod being gone. */
  readonly terminationMs?: number;
}

type Fault = { readonly method: keyof ClusterApi; readonly matches: (args: readonly unknown[]) => boolean; readonly error: () => Error; times: number };
type Waiter = { readonly target: WatchTarget; readonly wake: () => void };

export class MemoryCluster implements ClusterApi {
  readonly nodes = new Map<string, NodeSnapshot>();
  readonly pods = new Map<string, PodSnapshot>();
  readonly workloads: WorkloadSnapshot[];
  readonly base: ClusterSnapshot;
  apiDown = false;
  private readonly faults: Fault[] = [];
  private waiters: Waiter[] = [];
  private serial = 0;
  private readonly replacementReadyMs: number;
  private readonly terminationMs: number;

  constructor(
    snapshot: ClusterSnapshot,
    readonly clock: VirtualClock,
    options: MemoryClusterOptions = {},
  ) {
    this.base = snapshot;
    for (const node of snapshot.nodes) this.nodes.set(node.name, node);
    for (const pod of snapshot.pods) this.pods.set(podKey(pod), pod);
    this.workloads = [...snapshot.workloads];
    this.replacementReadyMs = options.replacementReadyMs ?? 10_000;
    this.terminationMs = options.terminationMs ?? 1_000;
  }

  /** Makes the next `times` calls of `method` whose arguments match fail with `error`. */
  failNext(method: keyof ClusterApi, error: () => Error, options: { times?: number; matches?: (args: readonly unknown[]) => boolean } = {}): void {
    this.faults.push({ method, error, times: options.times ?? 1, matches: options.matches ?? (() => true) });
  }

  private async enter(method: keyof ClusterApi, ...args: unknown[]): Promise<void> {
    await Promise.resolve();
    if (this.apiDown) throw new ClusterApiError(`failed to call ${method}: the API server is not reachable (connection refused)`, undefined);
    const fault = this.faults.find((f) => f.method === method && f.times > 0 && f.matches(args));
    if (fault) {
      fault.times -= 1;
      throw fault.error();
    }
  }

  updateNode(name: string, change: Partial<NodeSnapshot>): void {
    const node = this.nodes.get(name);
    if (!node) return;
    this.nodes.set(name, { ...node, ...change });
    this.notify({ kind: 'node', name });
    if (change.cordoned === false || change.ready === true) this.schedulePending();
  }

  updatePod(pod: PodSnapshot): void {
    this.pods.set(podKey(pod), pod);
    this.notify({ kind: 'pod', namespace: pod.namespace, name: pod.name });
  }

  addNode(node: NodeSnapshot): void {
    this.nodes.set(node.name, node);
    this.notify({ kind: 'node', name: node.name });
    this.schedulePending();
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    for (const pod of [...this.pods.values()]) if (pod.node === name) this.finishDelete(pod);
    this.notify({ kind: 'node', name });
  }

  notify(target: WatchTarget): void {
    const targets: WatchTarget[] = [target];
    if (target.kind === 'pod') {
      const pod = this.pods.get(`${target.namespace}/${target.name}`);
      const pdbs = this.base.pdbs.filter((p) => p.namespace === target.namespace);
      for (const pdb of pod ? pdbsForPod(pod, pdbs) : pdbs) targets.push({ kind: 'pdb', namespace: pdb.namespace, name: pdb.name });
    }
    const woken = this.waiters.filter((w) => (w.target.kind === 'any' || targets.some((t) => sameTarget(t, w.target))) && this.awaited(w.target));
    this.waiters = this.waiters.filter((w) => !woken.includes(w));
    for (const waiter of woken) waiter.wake();
  }

  /** Whether the change a narrowed target waits for may have come: the pod gone, the budget allowing. */
  private awaited(target: WatchTarget): boolean {
    if (target.kind === 'pod' && target.untilGoneUid !== undefined) return this.pods.get(`${target.namespace}/${target.name}`)?.uid !== target.untilGoneUid;
    if (target.kind === 'pdb' && target.untilDisruptionAllowed === true) return (this.pdbStatus(target.namespace, target.name)?.disruptionsAllowed ?? 1) > 0;
    return true;
  }

  async readSnapshot(): Promise<ClusterSnapshot> {
    await this.enter('readSnapshot');
    return { ...this.base, nodes: [...this.nodes.values()], pods: [...this.pods.values()], workloads: [...this.workloads] };
  }

  async getNode(name: string): Promise<NodeSnapshot | undefined> {
    await this.enter('getNode', name);
    return this.nodes.get(name);
  }

  async listPodsOnNode(node: string): Promise<PodSnapshot[]> {
    await this.enter('listPodsOnNode', node);
    return [...this.pods.values()].filter((p) => p.node === node);
  }

  async getPod(namespace: string, name: string): Promise<PodSnapshot | undefined> {
    await this.enter('getPod', namespace, name);
    return this.pods.get(`${namespace}/${name}`);
  }

  async listWorkloads(): Promise<WorkloadSnapshot[]> {
    await this.enter('listWorkloads');
    return [...this.workloads];
  }

  async listWorkloadReadiness(): Promise<WorkloadReadiness[]> {
    await this.enter('listWorkloadReadiness');
    const pods = [...this.pods.values()];
    return this.workloads.flatMap((w) => {
      if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet' && w.kind !== 'DaemonSet') return [];
      const own = pods.filter((p) => p.owner?.kind === w.kind && p.owner.name === w.name && p.namespace === w.namespace);
      const desired = w.kind === 'DaemonSet' ? [...this.nodes.values()].filter((n) => isEligibleNode(w.template, n)).length : w.replicas;
      return [{ kind: w.kind, namespace: w.namespace, name: w.name, labels: w.labels, desired, ready: own.filter((p) => p.ready && !p.deleting).length }];
    });
  }

  async listPdbs(): Promise<PdbStatus[]> {
    await this.enter('listPdbs');
    return this.base.pdbs.map((pdb) => this.pdbStatus(pdb.namespace, pdb.name)).filter((s): s is PdbStatus => s !== undefined);
  }

  pdbStatus(namespace: string, name: string): PdbStatus | undefined {
    const pdb = this.base.pdbs.find((p) => p.namespace === namespace && p.name === name);
    return pdb ? memoryPdbStatus(pdb, [...this.pods.values()], this.workloads) : undefined;
  }

  async cordon(node: string, mark?: CordonMark): Promise<void> {
    await this.enter('cordon', node);
    if (!this.nodes.has(node)) throw new ClusterApiError(`failed to cordon node ${node}: nodes "${node}" not found`, 404);
    this.updateNode(node, { cordoned: true, ...(mark ? { cordonMark: mark } : {}) });
  }

  async uncordon(node: string): Promise<void> {
    await this.enter('uncordon', node);
    if (!this.nodes.has(node)) throw new ClusterApiError(`failed to uncordon node ${node}: nodes "${node}" not found`, 404);
    const { cordonMark: _mark, ...rest } = this.nodes.get(node) as NodeSnapshot;
    this.nodes.set(node, rest);
    this.updateNode(node, { cordoned: false });
  }

  async evictPod(namespace: string, name: string, options?: EvictOptions): Promise<void> {
    await this.enter('evictPod', namespace, name);
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod) throw new ClusterApiError(`failed to evict pod ${namespace}/${name}: pods "${name}" not found`, 404);
    const budgets = pdbsForPod(pod, this.base.pdbs).map((pdb) => ({ spec: pdb, status: () => memoryPdbStatus(pdb, [...this.pods.values()], this.workloads) }));
    const decision = decideEviction(pod, budgets);
    if (!decision.allowed) {
      throw new ClusterApiError(`failed to evict pod ${namespace}/${name}: ${decision.message}${decision.cause ? ` ${decision.cause}` : ''}`, decision.status);
    }
    this.startDelete(pod, options);
  }

  async deletePod(namespace: string, name: string, options?: EvictOptions): Promise<void> {
    await this.enter('deletePod', namespace, name);
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod) throw new ClusterApiError(`failed to delete pod ${namespace}/${name}: pods "${name}" not found`, 404);
    this.startDelete(pod, options);
  }

  async isApiReady(): Promise<boolean> {
    await Promise.resolve();
    return !this.apiDown;
  }

  waitForChange(target: WatchTarget, timeoutMs: number): Promise<WaitOutcome> {
    if (narrowed(target) && this.awaited(target)) return Promise.resolve('reached');
    return new Promise((resolve) => {
      const timeout = this.clock.wait(timeoutMs, () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve('timeout');
      });
      const waiter: Waiter = {
        target,
        wake: () => {
          timeout.cancel();
          resolve(narrowed(target) ? 'reached' : 'changed');
        },
      };
      this.waiters.push(waiter);
    });
  }

  private startDelete(pod: PodSnapshot, options?: EvictOptions): void {
    if (pod.deleting) return;
    this.updatePod({ ...pod, deleting: true, ready: false });
    const grace = options?.gracePeriodSeconds !== undefined ? options.gracePeriodSeconds * 1000 : this.terminationMs;
    this.clock.schedule(grace, () => this.finishDelete(pod));
  }

  private finishDelete(pod: PodSnapshot): void {
    const current = this.pods.get(podKey(pod));
    if (!current || current.uid !== pod.uid) return;
    this.pods.delete(podKey(pod));
    this.notify({ kind: 'pod', namespace: pod.namespace, name: pod.name });
    const owner = pod.owner;
    if (!owner || owner.kind === 'DaemonSet' || owner.kind === 'Node' || owner.kind === 'Job' || pod.phase !== 'Running') return;
    const serial = ++this.serial;
    const name = owner.kind === 'StatefulSet' ? pod.name : `${owner.name}-r${serial}`;
    this.updatePod({ ...pod, name, uid: `${pod.uid}-r${serial}`, node: undefined, phase: 'Pending', ready: false, deleting: false });
    this.schedulePending();
  }

  /** Binds pending pods to the schedulable node with the fewest pods; each is Ready a while later. */
  private schedulePending(): void {
    for (const pod of [...this.pods.values()]) {
      if (pod.node !== undefined || pod.phase !== 'Pending') continue;
      const workload = this.workloads.find((w) => w.namespace === pod.namespace && w.name === pod.owner?.name && w.kind === pod.owner?.kind);
      const candidates = [...this.nodes.values()].filter((n) => n.ready && !n.cordoned && (!workload || isEligibleNode(workload.template, n)));
      const load = (n: NodeSnapshot) => [...this.pods.values()].filter((p) => p.node === n.name).length;
      const node = candidates.sort((a, b) => load(a) - load(b) || compareText(a.name, b.name))[0];
      if (!node) continue;
      const bound = { ...pod, node: node.name };
      this.updatePod(bound);
      this.clock.schedule(this.replacementReadyMs, () => {
        const current = this.pods.get(podKey(bound));
        if (current?.uid === bound.uid && !current.deleting) this.updatePod({ ...current, phase: 'Running', ready: true });
      });
    }
  }
}

/** A target that waits for one kind of change: it resolves at once when that already holds. */
function narrowed(target: WatchTarget): boolean {
  return (target.kind === 'pod' && target.untilGoneUid !== undefined) || (target.kind === 'pdb' && target.untilDisruptionAllowed === true);
}

function sameTarget(a: WatchTarget, b: WatchTarget): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'any') return true;
  if (a.kind === 'node' && b.kind === 'node') return a.name === b.name;
  if ((a.kind === 'pod' || a.kind === 'pdb') && (b.kind === 'pod' || b.kind === 'pdb')) return a.namespace === b.namespace && a.name === b.name;
  return false;
}
