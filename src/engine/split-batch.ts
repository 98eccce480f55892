import { batchLimitsOf, batchModel, chooseBatches, DrainForecast, type BatchLimits } from '../core/batching/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { stepsByNode, type StepUnit } from './group-steps.js';
import type { RunContext } from './run-context.js';

/**
 * A worker batch as the cluster allows it now. The plan chose its batches on the cluster as it was
 * observed then; pods have moved since (evicted pods land elsewhere, controllers reschedule), so
 * just before cordoning, the batch is judged again on a fresh observation and split into parts
 * that each keep the budgets, the workload bound and the room (never merged with another batch),
 * as few as the choice finds: each part is one more drain window.
 */
export async function splitBatch(run: RunContext, unit: StepUnit): Promise<StepUnit[]> {
  const { plan, ctx } = run;
  const byNode = stepsByNode(unit.steps);
  const first = unit.steps[0];
  const limits = batchLimitsOf(plan.strategy, byNode.size);
  if (!first || first.phase !== 'workers' || !limits || byNode.size < 2 || !unit.steps.some((s) => s.action === 'drain')) return [unit];
  const cluster = await ctx.api.readSnapshot();
  const present = new Set(cluster.nodes.map((n) => n.name));
  const planned = [...byNode.keys()];
  // A worker already replaced (surge) has nothing left to judge: it goes with the first part.
  const gone = planned.filter((n) => !present.has(n));
  const parts = fewestParts(cluster, planned.filter((n) => present.has(n)), { ...limits, maxNodes: byNode.size });
  if (parts.length <= 1) return [unit];
  const [head = [], ...tail] = parts;
  const nodeParts = [[...head, ...gone], ...tail];
  ctx.emit({ kind: 'batch-split', batch: unit.batch ?? first.id, parts: nodeParts });
  return nodeParts.map((nodes) => {
    const steps = unit.steps.filter((s) => nodes.includes(s.node));
    return { ...(unit.batch !== undefined ? { batch: unit.batch } : {}), start: unit.start + unit.steps.indexOf(steps[0] ?? first), steps };
  });
}

/** Orders tried after the planned one: a few are enough, the parts come from a handful of moved pods. */
const REORDERINGS = 3;

/**
 * The batch's nodes in parts, each chosen as the plan chooses batches, in as few parts as a few
 * orders give. The nodes are first taken in the planned order; then again with the parts found
 * so far in reverse order (the nodes left out first), which for limits between pairs of nodes
 * never needs more parts than the order it came from (iterated greedy colouring) and often fewer.
 */
export function fewestParts(cluster: ClusterSnapshot, nodes: readonly string[], limits: BatchLimits): string[][] {
  const model = batchModel(cluster, limits.maxWorkloadUnavailable);
  const choose = (order: readonly string[]) => chooseBatches(cluster, order, limits, new DrainForecast(model, limits.capacity));
  let best = choose(nodes);
  let current = best;
  for (let i = 0; i < REORDERINGS && best.length > 2; i++) {
    current = choose([...current].reverse().flat());
    if (current.length < best.length) best = current;
  }
  return best;
}
