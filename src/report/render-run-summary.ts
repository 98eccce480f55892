import { formatDuration } from '../core/format-duration.js';
import type { ForecastPart } from '../core/timing/index.js';
import { forecastHeadline } from './render-forecast.js';
import { renderTable } from './text-table.js';
import { wrapProse } from './wrap-text.js';
import type { RunTracker } from './track-run.js';

const PART: Record<ForecastPart, string> = { prepare: 'before changes', 'control-plane': 'control plane', workers: 'workers' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const rough = (seconds: number) => formatDuration(seconds * 1000, 'rough');

function stepCounts(tracker: RunTracker, verb: string): string {
  return `${tracker.applied} of ${tracker.totalSteps} steps ${verb}${tracker.alreadyDone > 0 ? `, ${tracker.alreadyDone} found done already` : ''}${tracker.skippedSteps > 0 ? `, ${tracker.skippedSteps} skipped with their node` : ''}`;
}

/** Nodes that changed the same way, listed together; on a terminal a long list wraps under itself. */
function changedNodes(tracker: RunTracker, heading: string, verb: string, width: number | undefined): string[] {
  const groups = new Map<string, string[]>();
  for (const [node, change] of tracker.changed) {
    const what = [change.controlPlane ? `control plane ${change.controlPlane}` : undefined, change.kubelet ? `kubelet ${change.kubelet}` : undefined].filter(Boolean).join(', ');
    groups.set(what, [...(groups.get(what) ?? []), node]);
  }
  if (groups.size === 0) return [`${heading}: no node`];
  return [`${heading}:`, ...[...groups].flatMap(([what, nodes]) => wrapProse(`${nodes.join(', ')}: ${verb} ${what}`, width, '  ', '    '))];
}

/**
 * The same summary for a dry run, which changes nothing and takes no time: the steps it walked
 * through, what the real run is expected to take (the forecast plan prints), which nodes it would
 * change, and each phase's expected time instead of a measured one.
 */
function renderDryRunSummary(tracker: RunTracker, width: number | undefined): string {
  const prose = (text: string) => wrapProse(text, width, '', '  ');
  const out = prose(`Dry run ${tracker.status}, nothing changed: ${stepCounts(tracker, 'walked through')}`);
  if (tracker.failure) out.push(...prose(`Stopped at ${tracker.failure}`));
  const forecast = tracker.expected;
  if (forecast) out.push(forecastHeadline(forecast));
  out.push(...changedNodes(tracker, 'Would change', 'to', width));
  if (forecast && forecast.phases.length > 0) {
    out.push(renderTable(['HOP', 'PHASE', 'EXPECTED'], forecast.phases.map((p) => [p.hop, PART[p.part], rough(p.seconds)])).trimEnd());
  }
  if (tracker.skippedNodes.length > 0) out.push(...prose(`Skipped: ${tracker.skippedNodes.join(', ')} (drain timed out)`));
  if (tracker.warnings.length > 0) out.push(`Warnings: ${tracker.warnings.length} (shown above)`);
  return `${out.join('\n')}\n`;
}

/**
 * What a finished run did, after every apply and simulate: how it ended and how long it took
 * (against the forecast, when there was one), which nodes changed to what, the time of each
 * phase, drains (evictions, deletions, 429s) and anything skipped or warned about. Given a
 * terminal's width, its lines wrap at spaces under themselves.
 */
export function renderRunSummary(tracker: RunTracker, options: { expectedSeconds?: number; dryRun?: boolean; width?: number } = {}): string {
  const { width } = options;
  if (options.dryRun) return renderDryRunSummary(tracker, width);
  const prose = (text: string) => wrapProse(text, width, '', '  ');
  const out: string[] = [];
  const took = formatDuration(tracker.durationMs ?? tracker.elapsedMs(), 'short');
  const expected = options.expectedSeconds === undefined ? '' : ` (expected about ${formatDuration(options.expectedSeconds * 1000, 'rough')})`;
  out.push(...prose(`Run ${tracker.status} after ${took}${expected}: ${stepCounts(tracker, 'carried out')}`));
  if (tracker.failure) out.push(...prose(`Stopped at ${tracker.failure}`));
  out.push(...changedNodes(tracker, 'Changed', 'now', width));
  if (tracker.addedNodes.length > 0) out.push(...prose(`Added: ${tracker.addedNodes.join(', ')}`));
  if (tracker.removedNodes.length > 0) out.push(...prose(`Removed: ${tracker.removedNodes.join(', ')}`));
  if (tracker.phases.length > 0) {
    out.push(renderTable(['HOP', 'PHASE', 'TOOK'], tracker.phases.map((p) => [p.hop, PART[p.part], formatDuration(p.to - p.from, 'short')])).trimEnd());
  }
  out.push(...prose(`Pods: ${tracker.evictions} evicted, ${tracker.deletions} deleted, ${plural(tracker.refused429, 'eviction')} refused by a budget (429) and retried`));
  if (tracker.skippedNodes.length > 0) out.push(...prose(`Skipped: ${tracker.skippedNodes.join(', ')} left cordoned at the old version (drain timed out)`));
  if (tracker.warnings.length > 0) out.push(`Warnings: ${tracker.warnings.length} (shown above)`);
  return `${out.join('\n')}\n`;
}
