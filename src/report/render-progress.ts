import { formatDuration } from '../core/format-duration.js';
import type { RunTracker } from './track-run.js';

/** Colour functions; identity ones when colour is off (NO_COLOR, not a terminal). */
export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
}

const same = (s: string) => s;
export const NO_PAINT: Paint = { bold: same, dim: same, yellow: same, red: same, green: same };

/** Lines are cut to the terminal's width, never wrapped: a wrapped line would break the redraw. */
const clip = (line: string, width: number) => (line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line);

/**
 * The status area under a running upgrade: where it is (hop, batch), how far (steps, elapsed, ETA
 * from the timing model, refused evictions), and what each busy node does now, with a drain's pods
 * left and 429 waits. `now` is the run's clock (virtual in the simulator).
 */
export function renderProgress(tracker: RunTracker, options: { now?: number; width?: number; paint?: Paint; maxNodes?: number } = {}): string[] {
  const paint = options.paint ?? NO_PAINT;
  const width = Math.max(20, options.width ?? 80);
  const now = options.now ?? tracker.lastAt;
  const eta = tracker.etaMs();
  const where = [tracker.hop ? `hop ${tracker.hop}` : 'starting', tracker.batch?.split('/').slice(1).join(' ')].filter(Boolean).join(' ');
  const head = [
    where,
    `${tracker.stepsDone}/${tracker.totalSteps || '?'} steps`,
    `elapsed ${formatDuration(tracker.elapsedMs(now), 'short')}`,
    ...(eta === undefined ? [] : [`ETA ${formatDuration(eta, 'rough')}`]),
    ...(tracker.refused429 > 0 ? [`429 waits ${tracker.refused429}`] : []),
  ].join(' · ');
  const lines = [paint.bold(clip(head, width))];
  const nodes = [...tracker.active.entries()];
  const shown = nodes.slice(0, options.maxNodes ?? 6);
  for (const [node, { step, since }] of shown) {
    const drain = step.action === 'drain' ? tracker.drains.get(node) : undefined;
    const detail = drain ? `, pods left ${drain.podsLeft}/${drain.pods}${drain.refused > 0 ? `, 429 waits ${drain.refused}` : ''}` : '';
    const line = clip(`  ${node}: ${step.action}${detail} (${formatDuration(Math.max(0, (now ?? since) - since), 'short')})`, width);
    lines.push(drain ? paint.yellow(line) : line);
  }
  if (nodes.length > shown.length) lines.push(paint.dim(`  … and ${nodes.length - shown.length} more nodes`));
  return lines;
}
