import type { AvailabilityPoint, AvailabilitySeries, TimeInterval, UpgradeTimeline } from '../../core/report/upgrade-report.js';
import { escapeHtml } from './escape-html.js';
import { formatTime, timeTicks } from './time-axis.js';

// One small step chart per workload: pods available (filled), desired (grey) and the budget's
// minimum (red dashes) over time, API outages shaded.

const WIDTH = 520;
const HEIGHT = 150;
const LEFT = 34;
const RIGHT = 10;
const TOP = 8;
const PLOT_H = HEIGHT - TOP - 26;
const PLOT_W = WIDTH - LEFT - RIGHT;

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/** The worst moment relative to desired: charts are ordered by it, the deepest dip first. */
export function worstShare(series: AvailabilitySeries): number {
  let worst = 1;
  for (const p of series.points) if (p.desired > 0) worst = Math.min(worst, p.available / p.desired);
  return worst;
}

/** SVG path of a step function through `points`, held until `end`. */
function stepPath(points: readonly AvailabilityPoint[], value: (p: AvailabilityPoint) => number | undefined, x: (t: number) => number, y: (v: number) => number, end: number): string {
  const parts: string[] = [];
  let previous: number | undefined;
  for (const p of points) {
    const v = value(p);
    if (v === undefined) {
      previous = undefined;
      continue;
    }
    if (previous === undefined) parts.push(`M${fixed(x(p.at))} ${fixed(y(v))}`);
    else if (v !== previous) parts.push(`H${fixed(x(p.at))} V${fixed(y(v))}`);
    previous = v;
  }
  if (previous !== undefined) parts.push(`H${fixed(x(end))}`);
  return parts.join(' ');
}

export function renderAvailabilitySvg(series: AvailabilitySeries, end: number, outages: readonly TimeInterval[], unit: UpgradeTimeline['unit']): string {
  const points = series.points;
  const top = Math.max(1, ...points.map((p) => Math.max(p.available, p.desired, p.budgetMin ?? 0)));
  const span = Math.max(end, 1);
  const x = (t: number) => LEFT + (Math.min(Math.max(t, 0), span) / span) * PLOT_W;
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H;
  const name = `${series.kind} ${series.namespace}/${series.name}`;
  const out: string[] = [];
  out.push(`<svg class="chart availability" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(`Available pods of ${name}`)}">`);
  for (const o of outages) {
    const to = o.to ?? span;
    out.push(`<rect x="${fixed(x(o.from))}" y="${TOP}" width="${fixed(Math.max(1.5, x(to) - x(o.from)))}" height="${PLOT_H}" fill="#e53e3e" fill-opacity="0.15"><title>API server down</title></rect>`);
  }
  const ticksY = top <= 5 ? Array.from({ length: top + 1 }, (_, i) => i) : [0, Math.round(top / 2), top];
  for (const v of ticksY) {
    out.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#e2e8f0" stroke-width="1"/>`);
    out.push(`<text x="${LEFT - 4}" y="${fixed(y(v) + 4)}" class="tick" text-anchor="end">${v}</text>`);
  }
  const available = stepPath(points, (p) => p.available, x, y, span);
  if (available) {
    const first = points[0] as AvailabilityPoint;
    out.push(`<path class="available-area" d="${available} V${fixed(y(0))} H${fixed(x(first.at))} Z" fill="#90cdf4" fill-opacity="0.55"/>`);
    out.push(`<path class="available" d="${available}" fill="none" stroke="#2b6cb0" stroke-width="1.5"><title>${escapeHtml(`${series.name}: pods available`)}</title></path>`);
  }
  const desired = stepPath(points, (p) => p.desired, x, y, span);
  if (desired) out.push(`<path class="desired" d="${desired}" fill="none" stroke="#4a5568" stroke-width="1.2" stroke-dasharray="2 2"><title>desired</title></path>`);
  const budget = stepPath(points, (p) => p.budgetMin, x, y, span);
  if (budget) out.push(`<path class="budget" d="${budget}" fill="none" stroke="#c53030" stroke-width="1.5" stroke-dasharray="6 3"><title>${escapeHtml(`budget minimum (${series.pdb ?? 'PodDisruptionBudget'})`)}</title></path>`);
  for (const tick of timeTicks(unit, span, 5)) out.push(`<text x="${fixed(x(tick))}" y="${HEIGHT - 8}" class="tick" text-anchor="middle">${escapeHtml(formatTime(unit, tick))}</text>`);
  out.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${fixed(y(0))}" y2="${fixed(y(0))}" stroke="#a0aec0"/>`);
  out.push('</svg>');
  return out.join('\n');
}
