import { keepsLimits, type BatchLimits } from '../core/batching/index.js';
import type { ClusterSnapshot, WorkloadKind } from '../core/cluster/index.js';
import { hasScale } from '../core/drain/index.js';
import type { WorkloadReadiness } from '../ports/index.js';
import type { EngineContext } from './engine-context.js';
import { pause } from './wait-for.js';

// A part of a split batch waits before its cordon until the cluster has settled for it
// (run-batch-parts.ts). Only a full read of the cluster can say so: Ready pods counted from the
// pods themselves, and the budgets, the workload bound and the room. On a large cluster that read
// lists every node and pod, so the wait takes it only when it may pass: once at the start, to
// learn which workloads the part's nodes carry, then again when the controllers' status (the
// readiness read: three lists, no pods) says they all run their replicas Ready again, and at
// least every SETTLE_FULL_READ_MS. The readiness read never lets a part through on its own: a
// controller's status may lag behind its pods, count a pod that is terminating, or miss a pod
// that landed on the part's nodes since, so the part is cordoned only on a full read that holds.

/** How often a waiting part looks again: a replacement pod takes seconds to run again. */
export const SETTLE_RECHECK_MS = 2_000;

/**
 * The longest the wait goes without a full read, whatever the readiness read says: a
 * controller's status that stopped following its pods (kube-controller-manager restarting) holds
 * the part back no longer than this.
 */
export const SETTLE_FULL_READ_MS = 30_000;

/** Controllers the readiness read reports; a workload of another kind (a ReplicaSet of its own) only a full read can judge. */
const REPORTED: ReadonlySet<WorkloadKind> = new Set(['Deployment', 'StatefulSet']);

/** Resolves once the cluster settled for `nodes`, or at once when `before` (the part before) is done. */
export async function waitUntilSettled(
  ctx: Pick<EngineContext, 'api' | 'clock' | 'signal'>,
  nodes: readonly string[],
  limits: BatchLimits | undefined,
  before: { readonly done: boolean; readonly promise: Promise<void> },
): Promise<void> {
  for (;;) {
    if (before.done) return;
    const cluster = await ctx.api.readSnapshot();
    if (replicasReady(cluster, nodes) && (!limits || keepsLimits(cluster, nodes, limits))) return;
    const carried = workloadsOn(cluster, nodes);
    const fullReadAt = ctx.clock.now() + SETTLE_FULL_READ_MS;
    for (;;) {
      await Promise.race([before.promise, pause(ctx, SETTLE_RECHECK_MS)]);
      if (before.done) return;
      if (ctx.clock.now() >= fullReadAt || mayBeReady(await ctx.api.listWorkloadReadiness(), carried)) break;
    }
  }
}

/**
 * Whether every workload with replicas (not a DaemonSet: drains leave its pods) that has a pod on
 * `nodes` has as many Ready pods as it wants replicas.
 */
export function replicasReady(cluster: ClusterSnapshot, nodes: readonly string[]): boolean {
  const wanted = new Set(workloadsOn(cluster, nodes).map(keyOf));
  if (wanted.size === 0) return true;
  const ready = new Map<string, number>();
  for (const p of cluster.pods) {
    if (!p.owner || !p.ready || p.deleting || p.phase !== 'Running') continue;
    const k = keyOf({ namespace: p.namespace, kind: p.owner.kind, name: p.owner.name });
    if (wanted.has(k)) ready.set(k, (ready.get(k) ?? 0) + 1);
  }
  return cluster.workloads.every((w) => !wanted.has(keyOf(w)) || (ready.get(keyOf(w)) ?? 0) >= w.replicas);
}

interface WorkloadRef {
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly name: string;
}

const keyOf = (w: { readonly namespace: string; readonly kind: string; readonly name: string }) => `${w.namespace}/${w.kind}/${w.name}`;

/** The workloads with replicas that have a pod on `nodes` and that the cluster still has. */
function workloadsOn(cluster: ClusterSnapshot, nodes: readonly string[]): WorkloadRef[] {
  const on = new Set(nodes);
  const owners = new Set(cluster.pods.flatMap((p) => (p.node !== undefined && on.has(p.node) && p.owner && hasScale(p.owner.kind) ? [keyOf({ namespace: p.namespace, kind: p.owner.kind, name: p.owner.name })] : [])));
  return cluster.workloads.filter((w) => owners.has(keyOf(w)));
}

/**
 * Whether the controllers' status leaves a full read worth taking: each workload `carried` runs
 * its replicas Ready as its controller reports them, is gone (a full read no longer counts a
 * workload that was deleted), or is of a kind the readiness read does not report.
 */
export function mayBeReady(readiness: readonly WorkloadReadiness[], carried: readonly WorkloadRef[]): boolean {
  const reported = new Map(readiness.map((r) => [keyOf(r), r]));
  return carried.every((w) => {
    if (!REPORTED.has(w.kind)) return true;
    const r = reported.get(keyOf(w));
    return r === undefined || r.ready >= r.desired;
  });
}
