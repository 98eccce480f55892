import { formatDuration } from '../../core/format-duration.js';
import type { UpgradeTimeline } from '../../core/report/upgrade-report.js';

const SECOND = 1000;
const NICE_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * SECOND);
const NICE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** "1h05m", "12m30s", "45s" for ms; "40" for a plan's steps. */
export function formatTime(unit: UpgradeTimeline['unit'], value: number): string {
  return unit === 'step' ? String(Math.round(value)) : formatDuration(value, 'short');
}

/** Tick positions from 0 to `end`, about `target` of them, at round values. */
export function timeTicks(unit: UpgradeTimeline['unit'], end: number, target = 8): number[] {
  if (end <= 0) return [0];
  const nice = unit === 'ms' ? NICE_MS : NICE_STEPS;
  const step = nice.find((n) => end / n <= target) ?? (nice[nice.length - 1] as number) * Math.ceil(end / target / (nice[nice.length - 1] as number));
  const ticks: number[] = [];
  for (let t = 0; t <= end; t += step) ticks.push(t);
  return ticks;
}
