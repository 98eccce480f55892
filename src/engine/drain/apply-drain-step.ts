import { ClusterApiError, ConfigError } from '../../core/errors.js';
import type { PlanStep } from '../../core/planning/index.js';
import type { RunContext } from '../run-context.js';
import { uncordonNode } from './cordon-node.js';
import type { DrainOptions } from './drain-options.js';
import { drainNode } from './drain-node.js';

/**
 * A plan's drain step: drains the node and applies the timeout policy. A node that cannot be
 * drained is uncordoned again at once (it still runs its old version, which the plan allows),
 * except under the skip-node policy, which leaves it cordoned on purpose and goes on.
 */
export async function applyDrainStep(run: RunContext, step: PlanStep, node: string, drain: DrainOptions = run.options.drain): Promise<'drained' | 'node-skipped'> {
  const { ctx, journal } = run;
  const outcome = await drainNode(ctx, { node, options: drain, beforeCordon: (n) => journal.addCordoned(n) });
  if (outcome.status === 'drained') return 'drained';
  if (outcome.status === 'timed-out' && drain.onTimeout === 'skip-node') {
    await journal.skipNode(node);
    ctx.emit({ kind: 'node-skipped', node, reason: `${outcome.message}; left cordoned at its current version (skip-node policy)` });
    return 'node-skipped';
  }
  // Only a cordon of this run is undone: a node cordoned by hand before it stays cordoned.
  const ours = journal.current.cordonedByRun.includes(node);
  if (ours) {
    await uncordonNode(ctx, node);
    await journal.removeCordoned(node);
  }
  const after = ours ? `${node} is schedulable again` : `${node} stays cordoned, as it was before the run`;
  switch (outcome.status) {
    case 'blocked':
      throw new ConfigError(`${outcome.message}; nothing was evicted and ${after}`);
    case 'timed-out':
      throw new ClusterApiError(`${outcome.message}; ${after}`, 429);
    case 'failed':
      throw new ClusterApiError(`failed to drain node ${node} (step ${step.id}): ${outcome.message}; ${after}`, undefined);
  }
}
