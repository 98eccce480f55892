import type { UpgradePlan } from '../core/planning/index.js';
import type { EngineContext } from './engine-context.js';
import type { JournalState } from './journal-state.js';

/**
 * Nodes of the plan that carry kubehop's cordon mark but that the journal does not list (it was
 * lost, deleted or started over) are kubehop's all the same: the run takes them on, so it
 * uncordons them when it ends however it ends. Nodes cordoned by hand carry no mark and stay.
 */
export async function adoptMarkedCordons(ctx: EngineContext, plan: UpgradePlan, journal: JournalState): Promise<void> {
  const nodes = [...new Set(plan.steps.map((s) => s.node))];
  for (const name of nodes) {
    if (journal.current.cordonedByRun.includes(name) || journal.isSkipped(name)) continue;
    const node = await ctx.api.getNode(name);
    if (!node?.cordoned || !node.cordonMark) continue;
    await journal.addCordoned(name);
    ctx.emit({ kind: 'warning', message: `${name} carries kubehop's cordon (run ${node.cordonMark.run}, ${new Date(node.cordonMark.at).toISOString()}) that the journal does not list: this run uncordons it when it ends` });
  }
}
