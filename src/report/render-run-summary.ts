import { formatDuration } from '../core/format-duration.js';
import type { ForecastPart } from '../core/timing/index.js';
import { renderTable } from './text-table.js';
import type { RunTracker } from './track-run.js';

const PART: Record<ForecastPart, string> = { prepare: 'before changes', 'control-plane': 'control plane', workers: 'workers' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a finished run did, after every apply and simulate: how it ended and how long it took
 * (against the forecast, when there was one), which nodes changed to what, the time of each
 * phase, drains (evictions, deletions, 429s) and anything skipped or warned about.
 */
export function renderRunSummary(tracker: RunTracker, options: { expectedSeconds?: number } = {}): string {
  const out: string[] = [];
  const took = formatDuration(tracker.durationMs ?? tracker.elapsedMs(), 'short');
  const expected = options.expectedSeconds === undefined ? '' : ` (expected about ${formatDuration(options.expectedSeconds * 1000, 'rough')})`;
  out.push(`Run ${tracker.status} after ${took}${expected}: ${tracker.applied} of ${tracker.totalSteps} steps carried out${tracker.alreadyDone > 0 ? `, ${tracker.alreadyDone} found done already` : ''}${tracker.skippedSteps > 0 ? `, ${tracker.skippedSteps} skipped with their node` : ''}`);
  if (tracker.failure) out.push(`Stopped at ${tracker.failure}`);
  // Nodes that changed the same way are listed together.
  const groups = new Map<string, string[]>();
  for (const [node, change] of tracker.changed) {
    const what = [change.controlPlane ? `control plane ${change.controlPlane}` : undefined, change.kubelet ? `kubelet ${change.kubelet}` : undefined].filter(Boolean).join(', ');
    groups.set(what, [...(groups.get(what) ?? []), node]);
  }
  if (groups.size === 0) out.push('Changed: no node');
  else {
    out.push('Changed:');
    for (const [what, nodes] of groups) out.push(`  ${nodes.join(', ')}: now ${what}`);
  }
  if (tracker.addedNodes.length > 0) out.push(`Added: ${tracker.addedNodes.join(', ')}`);
  if (tracker.removedNodes.length > 0) out.push(`Removed: ${tracker.removedNodes.join(', ')}`);
  if (tracker.phases.length > 0) {
    out.push(renderTable(['HOP', 'PHASE', 'TOOK'], tracker.phases.map((p) => [p.hop, PART[p.part], formatDuration(p.to - p.from, 'short')])).trimEnd());
  }
  out.push(`Pods: ${tracker.evictions} evicted, ${tracker.deletions} deleted, ${plural(tracker.refused429, 'eviction')} refused by a budget (429) and retried`);
  if (tracker.skippedNodes.length > 0) out.push(`Skipped: ${tracker.skippedNodes.join(', ')} left cordoned at the old version (drain timed out)`);
  if (tracker.warnings.length > 0) out.push(`Warnings: ${tracker.warnings.length} (shown above)`);
  return `${out.join('\n')}\n`;
}
