import { classifyPods, DAEMONSET_WARNING, pdbsForPod, podKey } from '../../core/drain/index.js';
import type { PdbStatus } from '../../ports/index.js';
import type { EngineContext } from '../engine-context.js';
import { formatDuration } from '../../core/format-duration.js';
import { throwIfAborted } from '../wait-for.js';
import type { PodSnapshot } from '../../core/cluster/index.js';
import { BudgetTurns } from './budget-turns.js';
import { cordonNode } from './cordon-node.js';
import type { DrainOptions } from './drain-options.js';
import { deletePod, evictPod, type PodRemoval, type PodResult } from './evict-pod.js';

export type DrainOutcome =
  | { readonly status: 'drained'; readonly removed: number }
  /** Pods that may not go without a flag: nothing was evicted. */
  | { readonly status: 'blocked'; readonly message: string }
  /** PDBs kept refusing (or pods kept terminating) until the timeout. */
  | { readonly status: 'timed-out'; readonly message: string; readonly stuck: readonly PodResult[] }
  | { readonly status: 'failed'; readonly message: string };

export interface DrainNodeInput {
  readonly node: string;
  readonly options: DrainOptions;
  /** Runs before the cordon, so the journal records it first. */
  readonly beforeCordon?: (node: string) => Promise<void>;
}

/**
 * kubectl drain through the ports: cordon, classify the pods, remove the removable ones in
 * parallel (evict, or delete for finished pods and the all-at-once strategy; healthy pods of one
 * budget ask for their evictions in turn), wait until each is gone. Leaves the node cordoned whatever happens; the caller decides what a failure means.
 */
export async function drainNode(ctx: EngineContext, input: DrainNodeInput): Promise<DrainOutcome> {
  const { node, options } = input;
  const deadline = ctx.clock.now() + options.timeoutMs;
  await cordonNode(ctx, node, input.beforeCordon);
  const pods = await ctx.api.listPodsOnNode(node);
  const classified = classifyPods(pods, { deleteEmptyDirData: options.deleteEmptyDirData, force: options.force, ignoreDaemonSets: true });
  if (classified.errors.length > 0) return { status: 'blocked', message: `failed to drain node ${node}: ${classified.errors.join('; ')}` };
  // DaemonSet pods are always ignored, so that warning would only repeat itself on every node.
  for (const warning of classified.warnings) {
    if (!warning.startsWith(DAEMONSET_WARNING)) ctx.emit({ kind: 'warning', message: `node ${node}: ${warning}` });
  }
  const removable = classified.pods.filter((d) => d.disposition === 'evict' || d.disposition === 'delete-finished');
  const pdbs = options.mode === 'evict' && removable.some((d) => d.disposition === 'evict') ? await ctx.api.listPdbs() : [];
  // Progress for a person watching: pods left and the evictions refused so far, as each changes.
  let left = removable.length;
  let refused = 0;
  const progress = () => ctx.emit({ kind: 'drain-progress', node, podsLeft: left, pods: removable.length, refused });
  const onRefused = () => {
    refused++;
    progress();
  };
  const removal = (pdb?: PdbStatus, at = deadline): PodRemoval => ({ ctx, node, deadline: at, options, pdb, onRefused });
  // Healthy pods of one budget take turns, and once this drain's evictions have used what the
  // budget allowed when listed, the next waits for it to allow one before asking.
  const turns = new BudgetTurns();
  const spent = new Map<string, number>();
  const evictPodOf = (pod: PodSnapshot, pdb: PdbStatus | undefined) => {
    if (!pdb || pod.phase !== 'Running' || !pod.ready || pod.deleting) return evictPod(removal(pdb), pod);
    const key = `${pdb.namespace}/${pdb.name}`;
    return evictPod({
      ...removal(pdb),
      inTurn: (request) => turns.inTurn(key, request),
      budgetSpent: () => (spent.get(key) ?? 0) >= pdb.disruptionsAllowed,
      onEvicted: () => spent.set(key, (spent.get(key) ?? 0) + 1),
    }, pod);
  };
  progress();
  const settled = await Promise.allSettled(
    removable.map(async ({ pod, disposition, reason }) => {
      const result = disposition === 'delete-finished' ? await deletePod(removal(), pod, reason)
        : options.mode === 'delete' ? await deletePod(removal(), pod, 'all-at-once strategy: the operator accepted downtime')
        : await evictPodOf(pod, pdbsForPod(pod, pdbs)[0]);
      if (result.kind === 'gone') {
        left--;
        progress();
      }
      return result;
    }),
  );
  throwIfAborted(ctx.signal);
  const results = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
  const failed = results.filter((r) => r.kind === 'failed');
  if (failed.length > 0) return { status: 'failed', message: failed.map((r) => r.error).join('; ') };

  let stuck: PodResult[] = results.filter((r) => r.kind === 'blocked' || r.kind === 'terminating');
  if (stuck.length > 0 && options.disruptPdbsOnTimeout) {
    const forcedDeadline = ctx.clock.now() + options.forcedDeleteWaitMs;
    stuck = await Promise.all(
      stuck.map(async (r) => {
        if (r.kind !== 'blocked') return r;
        const pdb = r.pdb ? `PodDisruptionBudget ${r.pdb.namespace}/${r.pdb.name}` : 'its PodDisruptionBudget';
        ctx.emit({ kind: 'warning', message: `deleting pod ${podKey(r.pod)} on node ${node} in spite of ${pdb} after the drain timeout (--delete-pods-violating-pdbs-after-timeout)` });
        return deletePod(removal(undefined, forcedDeadline), r.pod, `drain timed out; deleted around ${pdb} (--delete-pods-violating-pdbs-after-timeout)`);
      }),
    );
    const failedAgain = stuck.filter((r) => r.kind === 'failed');
    if (failedAgain.length > 0) return { status: 'failed', message: failedAgain.map((r) => (r.kind === 'failed' ? r.error : '')).join('; ') };
    stuck = stuck.filter((r) => r.kind !== 'gone');
  }
  if (stuck.length > 0) {
    const fresh = await ctx.api.listPdbs().catch(() => pdbs);
    return { status: 'timed-out', stuck, message: `failed to drain node ${node} within ${formatDuration(options.timeoutMs)}: ${describeStuck(stuck, fresh)}` };
  }
  return { status: 'drained', removed: results.length };
}

function describeStuck(stuck: readonly PodResult[], pdbs: readonly PdbStatus[]): string {
  const parts = stuck.map((r) => {
    if (r.kind === 'terminating') return `pod ${podKey(r.pod)} was evicted but is still terminating`;
    if (r.kind !== 'blocked') return `pod ${podKey(r.pod)}`;
    if (!r.pdb) return `pod ${podKey(r.pod)} was refused eviction (${r.reason})`;
    const pdb = r.pdb;
    const status = pdbs.find((p) => p.namespace === pdb.namespace && p.name === pdb.name);
    const numbers = status ? `: needs ${status.desiredHealthy} healthy pods, has ${status.currentHealthy}, allows ${status.disruptionsAllowed} disruptions` : '';
    return `pod ${podKey(r.pod)} is blocked by PodDisruptionBudget ${pdb.namespace}/${pdb.name}${numbers}`;
  });
  return `${parts.join('; ')}; raise the drain timeout, fix the budget or its workload, or use the skip-node drain timeout policy`;
}
