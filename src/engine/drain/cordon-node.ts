import { ClusterApiError } from '../../core/errors.js';
import type { EngineContext } from '../engine-context.js';

/**
 * Cordons a node unless it already is (check before mutate: a resumed run does not cordon twice).
 * `beforeCordon` runs first so the journal knows about the cordon before it happens.
 */
export async function cordonNode(ctx: EngineContext, node: string, beforeCordon?: (node: string) => Promise<void>): Promise<void> {
  const current = await ctx.api.getNode(node);
  if (!current) throw new ClusterApiError(`failed to cordon node ${node}: the node does not exist`, 404);
  if (current.cordoned) return;
  await beforeCordon?.(node);
  await ctx.api.cordon(node);
  ctx.emit({ kind: 'node-cordoned', node });
}

/** Uncordons a node unless it is schedulable already or gone. */
export async function uncordonNode(ctx: EngineContext, node: string): Promise<void> {
  const current = await ctx.api.getNode(node);
  if (!current?.cordoned) return;
  await ctx.api.uncordon(node);
  ctx.emit({ kind: 'node-uncordoned', node });
}
