import type { TimelineSpan, UpgradeTimeline } from '../../core/report/upgrade-report.js';
import { escapeHtml } from './escape-html.js';
import { formatTime, timeTicks } from './time-axis.js';

// The Gantt chart: one row per node, a bar per step coloured by what it does, the node's cordoned
// time under its bars, each hop shaded in turn, API outages as red bands across every row.

/** Rows drawn at most; a run of thousands of nodes shows its first rows and says how many are left out. */
export const MAX_TIMELINE_ROWS = 150;

const WIDTH = 1100;
const LABEL = 150;
const PLOT = WIDTH - LABEL - 20;
const ROW = 16;
const TOP = 34;

export interface ActionStyle {
  readonly label: string;
  readonly color: string;
}

const STYLES: Readonly<Record<string, ActionStyle>> = {
  'control-plane': { label: 'control plane (kubeadm, etcd snapshot)', color: '#2b6cb0' },
  drain: { label: 'drain', color: '#dd6b20' },
  kubelet: { label: 'kubelet upgrade, wait Ready', color: '#2f855a' },
  uncordon: { label: 'uncordon', color: '#319795' },
  replace: { label: 'node replaced (surge, blue-green)', color: '#6b46c1' },
  other: { label: 'packages, repository', color: '#718096' },
};

/** Which colour a step action gets. */
export function actionStyle(action: string): ActionStyle {
  switch (action) {
    case 'etcd-backup':
    case 'kubeadm-plan':
    case 'kubeadm-apply':
    case 'kubeadm-upgrade-node':
    case 'upgrade-kubeadm':
      return STYLES['control-plane'] as ActionStyle;
    case 'drain':
      return STYLES.drain as ActionStyle;
    case 'upgrade-kubelet':
    case 'remove-kubelet-flags':
    case 'wait-ready':
      return STYLES.kubelet as ActionStyle;
    case 'uncordon':
      return STYLES.uncordon as ActionStyle;
    case 'prepare-host':
    case 'create-join-token':
    case 'join-node':
    case 'copy-node-marks':
    case 'delete-node':
    case 'reset-host':
      return STYLES.replace as ActionStyle;
    default:
      return STYLES.other as ActionStyle;
  }
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

function describeSpan(t: UpgradeTimeline, node: string, s: TimelineSpan): string {
  const when = t.unit === 'step' ? `step ${s.from + 1}` : `${formatTime('ms', s.from)} to ${formatTime('ms', s.to)} (${formatTime('ms', s.to - s.from)})`;
  const what = s.action === 'cordoned' ? 'cordoned' : `${s.action} ${s.hop}${s.batch ? `, ${s.batch}` : ''}${s.status === 'done' ? '' : ` — ${s.status}`}`;
  return `${node}: ${what}, ${when}`;
}

/** The timeline as one inline SVG element. */
export function renderTimelineSvg(t: UpgradeTimeline): string {
  const rows = t.nodes.slice(0, MAX_TIMELINE_ROWS);
  const hidden = t.nodes.length - rows.length;
  const end = Math.max(t.end, 1);
  const x = (v: number) => LABEL + (Math.min(Math.max(v, 0), end) / end) * PLOT;
  const apiRow = t.unit === 'ms' && !t.expected ? 1 : 0;
  const height = TOP + (rows.length + apiRow) * ROW + 30;
  const bottom = TOP + (rows.length + apiRow) * ROW;
  const out: string[] = [];
  out.push(`<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Timeline of hops and node steps">`);
  t.hops.forEach((hop, i) => {
    out.push(`<rect class="hop" x="${fixed(x(hop.from))}" y="${TOP - 18}" width="${fixed(Math.max(1, x(hop.to) - x(hop.from)))}" height="${bottom - TOP + 18}" fill="${i % 2 === 0 ? '#edf2f7' : '#f7fafc'}"><title>${escapeHtml(`hop to ${hop.version}`)}</title></rect>`);
    out.push(`<text x="${fixed(x(hop.from) + 3)}" y="${TOP - 6}" class="hop-label">${escapeHtml(hop.version)}</text>`);
  });
  if (apiRow) {
    out.push(`<text x="${LABEL - 6}" y="${TOP + ROW - 4}" class="row-label" text-anchor="end">API server</text>`);
    out.push(`<rect x="${LABEL}" y="${TOP + 3}" width="${PLOT}" height="${ROW - 6}" fill="#c6f6d5"><title>API server up</title></rect>`);
  }
  for (const o of t.apiOutages) {
    const to = o.to ?? end;
    const label = `API server down ${formatTime(t.unit, o.from)} to ${o.to === undefined ? 'the end' : formatTime(t.unit, to)} (${formatTime(t.unit, to - o.from)})`;
    out.push(`<rect class="outage" x="${fixed(x(o.from))}" y="${TOP}" width="${fixed(Math.max(1.5, x(to) - x(o.from)))}" height="${bottom - TOP}" fill="#e53e3e" fill-opacity="0.18"><title>${escapeHtml(label)}</title></rect>`);
    out.push(`<rect x="${fixed(x(o.from))}" y="${TOP + 3}" width="${fixed(Math.max(1.5, x(to) - x(o.from)))}" height="${ROW - 6}" fill="#e53e3e"><title>${escapeHtml(label)}</title></rect>`);
  }
  rows.forEach((lane, i) => {
    const y = TOP + (i + apiRow) * ROW;
    out.push(`<text x="${LABEL - 6}" y="${y + ROW - 4}" class="row-label${lane.controlPlane ? ' cp' : ''}" text-anchor="end">${escapeHtml(lane.node.length > 22 ? `${lane.node.slice(0, 21)}…` : lane.node)}<title>${escapeHtml(lane.node)}</title></text>`);
    for (const s of lane.spans.filter((s) => s.action === 'cordoned')) {
      out.push(`<rect class="cordoned" x="${fixed(x(s.from))}" y="${y + 1}" width="${fixed(Math.max(1, x(s.to) - x(s.from)))}" height="${ROW - 2}" fill="#feebc8"><title>${escapeHtml(describeSpan(t, lane.node, s))}</title></rect>`);
    }
    for (const s of lane.spans.filter((s) => s.action !== 'cordoned')) {
      const style = actionStyle(s.action);
      const stroke = s.status === 'failed' ? ' stroke="#c53030" stroke-width="2"' : '';
      out.push(`<rect class="step" x="${fixed(x(s.from))}" y="${y + 3}" width="${fixed(Math.max(1, x(s.to) - x(s.from)))}" height="${ROW - 6}" fill="${style.color}"${stroke}><title>${escapeHtml(describeSpan(t, lane.node, s))}</title></rect>`);
    }
  });
  for (const tick of timeTicks(t.unit, end)) {
    out.push(`<line x1="${fixed(x(tick))}" x2="${fixed(x(tick))}" y1="${TOP}" y2="${bottom + 4}" stroke="#a0aec0" stroke-width="0.5"/>`);
    out.push(`<text x="${fixed(x(tick))}" y="${bottom + 16}" class="tick" text-anchor="middle">${escapeHtml(formatTime(t.unit, tick))}</text>`);
  }
  out.push(`<text x="${LABEL + PLOT}" y="${bottom + 28}" class="tick" text-anchor="end">${t.unit === 'step' ? 'steps in plan order' : t.expected ? 'expected time since the start (timing model)' : 'time since the start'}</text>`);
  out.push('</svg>');
  const legend = [...Object.values(STYLES), { label: 'cordoned', color: '#feebc8' }, ...(apiRow ? [{ label: 'API server down', color: '#e53e3e' }] : [])]
    .map((s) => `<span class="key"><span class="swatch" style="background:${s.color}"></span>${escapeHtml(s.label)}</span>`)
    .join('');
  const more = hidden > 0 ? `<p class="note">${hidden} more node${hidden === 1 ? '' : 's'} not drawn (the first ${rows.length} are).</p>` : '';
  return `<div class="legend">${legend}</div>\n<div class="scroll">${out.join('\n')}</div>${more}`;
}
