import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { StepFilter } from '../report/render-plan-summary.js';
import { parseCount } from './parse-command-line.js';

// The flags only plan has: an argument given without a flag, and which steps the summary lists.

/** What an argument given without a flag probably meant: a version is a target, anything else a cluster. */
export function refusePositional(text: string | undefined): never {
  const advice = /^v?\d+\.\d+(\.\d+)?$/.test(text ?? '') ? `give the target as --to ${text}` : `give the cluster as --cluster ${text} (demo, classic, shop or a cluster file), or the target as --to VERSION`;
  throw new ConfigError(`unexpected argument "${text}": ${advice}`);
}

/** --steps, --node or --hop: one of them, and only for the summary table. */
export function stepFilterFrom(values: { readonly steps?: boolean | undefined; readonly node?: string | undefined; readonly hop?: string | undefined }, output: string): StepFilter {
  const chosen = [values.steps ? '--steps' : undefined, values.node !== undefined ? '--node' : undefined, values.hop !== undefined ? '--hop' : undefined].filter((f) => f !== undefined);
  if (chosen.length > 1) throw new ConfigError(`${chosen.join(' and ')} choose different steps to list: give one of them`);
  if (chosen.length > 0 && output !== 'table') throw new ConfigError(`${chosen[0]} chooses steps for the summary table: leave it out with -o ${output}, which always has every step`);
  if (values.steps) return { kind: 'all' };
  if (values.node !== undefined) return { kind: 'node', node: values.node };
  if (values.hop !== undefined) return { kind: 'hop', hop: parseCount('--hop', values.hop, 1) };
  return { kind: 'none' };
}

/** A --node the cluster does not have, or a --hop the plan does not have, is a typo: say which there are. */
export function checkStepFilter(filter: StepFilter, cluster: ClusterSnapshot, plan: UpgradePlan): void {
  if (filter.kind === 'node' && !cluster.nodes.some((n) => n.name === filter.node)) {
    throw new ConfigError(`invalid --node "${filter.node}": cluster "${cluster.name}" has no such node; use one of ${cluster.nodes.slice(0, 6).map((n) => n.name).join(', ')}${cluster.nodes.length > 6 ? ', ...' : ''}`);
  }
  if (filter.kind === 'hop' && filter.hop > plan.hops.length) throw new ConfigError(`invalid --hop ${filter.hop}: the plan has ${plan.hops.length} hop${plan.hops.length === 1 ? '' : 's'}; give 1 to ${plan.hops.length}`);
}
