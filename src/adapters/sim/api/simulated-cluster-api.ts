import type { ClusterSnapshot, CordonMark, NodeSnapshot, PodSnapshot, WorkloadSnapshot } from '../../../core/cluster/index.js';
import { decideEviction } from '../../../core/drain/index.js';
import { ClusterApiError } from '../../../core/errors.js';
import type { ClusterApi, EvictOptions, PdbStatus, WaitOutcome, WatchTarget, WorkloadReadiness } from '../../../ports/index.js';
import { refusingWebhook, webhookRefusal } from './admission-webhooks.js';
import { pdbBudgetOf } from './pdb-status.js';
import { deletePodGracefully } from '../nodes/pod-lifecycle.js';
import type { SimContext } from '../sim-context.js';
import type { SimMetricsRecorder } from '../metrics/sim-metrics.js';
import { isHealthy, podKey, type SimNode, type SimPod } from '../state/sim-model.js';
import { clusterSnapshotOf, nodeSnapshotOf, pdbStatusesOf, podSnapshotOf } from '../state/sim-views.js';
import type { WatchHub } from './watch-hub.js';

// The Kubernetes API of the simulated cluster, with the server's semantics: every call fails
// while no kube-apiserver can answer; evictions are decided as EvictionREST does (429 when a
// budget has no disruption left, 500 for a pod under two budgets or a webhook that cannot be
// called). Calls take no virtual time, so parallel calls land at the same instant. readSnapshot
// gives the cluster-wide observations as the snapshot had them; what a node itself shows (swap,
// disk, holds, certificates) is read over the node shell, as on a live cluster.

export const API_DOWN_MESSAGE = 'failed to reach the API server: connection refused (simulated control plane restart)';

export class SimulatedClusterApi implements ClusterApi {
  constructor(
    private readonly ctx: SimContext,
    private readonly recorder: SimMetricsRecorder,
    private readonly watches: WatchHub,
  ) {}

  private ensureUp(): void {
    if (!this.ctx.state.apiUp) throw new ClusterApiError(API_DOWN_MESSAGE, undefined);
  }

  async readSnapshot(): Promise<ClusterSnapshot> {
    this.ensureUp();
    return clusterSnapshotOf(this.ctx.state);
  }

  async getNode(name: string): Promise<NodeSnapshot | undefined> {
    this.ensureUp();
    const node = this.ctx.state.nodes.get(name);
    return node ? nodeSnapshotOf(node) : undefined;
  }

  async listPodsOnNode(node: string): Promise<PodSnapshot[]> {
    this.ensureUp();
    return [...this.ctx.state.podsOn(node)].map(podSnapshotOf);
  }

  async getPod(namespace: string, name: string): Promise<PodSnapshot | undefined> {
    this.ensureUp();
    const pod = this.ctx.state.pods.get(podKey(namespace, name));
    return pod ? podSnapshotOf(pod) : undefined;
  }

  async listWorkloads(): Promise<WorkloadSnapshot[]> {
    this.ensureUp();
    return [...this.ctx.state.workloads.values()].map((w) => w.snapshot);
  }

  async listWorkloadReadiness(): Promise<WorkloadReadiness[]> {
    this.ensureUp();
    const charted = (w: { kind: string }): w is { kind: WorkloadReadiness['kind'] } => w.kind === 'Deployment' || w.kind === 'StatefulSet' || w.kind === 'DaemonSet';
    return [...this.ctx.state.workloads.values()].flatMap((w) => (charted(w) ? [{ kind: w.kind, namespace: w.namespace, name: w.name, labels: w.labels, desired: w.desired, ready: w.healthy }] : []));
  }

  async listPdbs(): Promise<PdbStatus[]> {
    this.ensureUp();
    return pdbStatusesOf(this.ctx.state);
  }

  async cordon(node: string, mark?: CordonMark): Promise<void> {
    this.setUnschedulable(node, true, mark);
  }

  async uncordon(node: string): Promise<void> {
    this.setUnschedulable(node, false, undefined);
  }

  private setUnschedulable(name: string, cordoned: boolean, mark: CordonMark | undefined): void {
    this.ensureUp();
    const node = this.requireNode(name, cordoned ? 'cordon' : 'uncordon');
    if (node.cordonMark !== mark && (mark !== undefined || !cordoned)) {
      // An uncordon clears the mark; a cordon without one leaves an earlier mark alone.
      node.cordonMark = mark;
      node.view = undefined;
    }
    if (node.cordoned === cordoned) return;
    this.ctx.state.batch(() => {
      this.ctx.state.setCordoned(node, cordoned);
      this.ctx.log.add(cordoned ? 'node-cordoned' : 'node-uncordoned', name);
    });
  }

  async evictPod(namespace: string, name: string, options?: EvictOptions): Promise<void> {
    this.ensureUp();
    const pod = this.requirePod(namespace, name, 'evict');
    const { state } = this.ctx;
    // Admission comes before the budgets: a webhook that cannot be called refuses with a 500.
    const refusing = refusingWebhook(state, 'pods/eviction');
    if (refusing) {
      this.ctx.log.add('eviction-refused', pod.key, '500 webhook');
      throw new ClusterApiError(`failed to evict pod ${pod.key}: ${webhookRefusal(refusing)}`, 500);
    }
    const decision = decideEviction(
      pod,
      pod.pdbs.map((pdb) => ({ spec: pdb.spec, status: () => pdbBudgetOf(pdb, state.workloads) })),
    );
    if (!decision.allowed) {
      this.recorder.recordEviction(decision.status);
      this.ctx.log.add('eviction-refused', pod.key, `${decision.status}${decision.cause ? ` ${decision.cause}` : ''}`);
      throw new ClusterApiError(
        `failed to evict pod ${pod.key}: ${decision.message}${decision.cause ? ` ${decision.cause}` : ''}`,
        decision.status,
        decision.cause ? { cause: new Error(decision.cause) } : undefined,
      );
    }
    this.remove(pod, 'eviction', options);
    this.recorder.recordEviction('accepted');
  }

  async deletePod(namespace: string, name: string, options?: EvictOptions): Promise<void> {
    this.ensureUp();
    this.remove(this.requirePod(namespace, name, 'delete'), 'delete', options);
  }

  private remove(pod: SimPod, via: 'eviction' | 'delete', options: EvictOptions | undefined): void {
    const wasHealthy = isHealthy(pod);
    this.ctx.state.batch(() => {
      this.ctx.log.add(via === 'eviction' ? 'pod-evicted' : 'pod-deleted', pod.key, pod.node === undefined ? undefined : `from ${pod.node}`);
      deletePodGracefully(this.ctx, pod, options?.gracePeriodSeconds);
      this.recorder.recordVoluntaryRemoval(pod, wasHealthy, via);
    });
  }

  async isApiReady(): Promise<boolean> {
    return this.ctx.state.apiUp;
  }

  async waitForChange(target: WatchTarget, timeoutMs: number): Promise<WaitOutcome> {
    this.ensureUp();
    return this.watches.wait(target, timeoutMs);
  }

  private requireNode(name: string, verb: string): SimNode {
    const node = this.ctx.state.nodes.get(name);
    if (!node) throw new ClusterApiError(`failed to ${verb} node ${name}: nodes "${name}" not found`, 404);
    return node;
  }

  private requirePod(namespace: string, name: string, verb: string): SimPod {
    const pod = this.ctx.state.pods.get(podKey(namespace, name));
    if (!pod) throw new ClusterApiError(`failed to ${verb} pod ${namespace}/${name}: pods "${name}" not found`, 404);
    return pod;
  }
}
