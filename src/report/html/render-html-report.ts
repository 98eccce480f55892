import { compareText } from '../../core/compare-names.js';
import type { AvailabilitySeries, ReportFinding, UpgradeReport } from '../../core/report/upgrade-report.js';
import { describeStrategy } from '../render-plan.js';
import { renderAvailabilitySvg, worstShare } from './availability-svg.js';
import { escapeHtml } from './escape-html.js';
import { renderTimelineSvg } from './timeline-svg.js';

// The report as one HTML file that needs nothing else: inline CSS and SVG, no script, no request
// (the Content-Security-Policy forbids any), every string from the cluster escaped.

/** Workload charts drawn at most, deepest dip first; the rest are counted. */
export const MAX_WORKLOAD_CHARTS = 40;

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 0; color: #1a202c; background: #fff; }
header { background: #1a365d; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #cbd5e0; }
main { padding: 8px 28px 40px; max-width: 1160px; }
h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid #e2e8f0; padding-bottom: 4px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px; }
.fact { border: 1px solid #e2e8f0; border-radius: 6px; padding: 6px 10px; min-width: 130px; }
.fact .label { font-size: 11px; color: #4a5568; text-transform: uppercase; letter-spacing: .03em; }
.fact .value { font-size: 15px; font-weight: bold; overflow-wrap: anywhere; }
.fact.good { border-color: #9ae6b4; background: #f0fff4; }
.fact.bad { border-color: #feb2b2; background: #fff5f5; }
.legend { font-size: 12px; margin: 4px 0 6px; }
.key { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px; border: 1px solid #cbd5e0; }
.scroll { overflow-x: auto; }
svg text { font-family: "Liberation Sans", Arial, sans-serif; }
svg .row-label { font-size: 11px; fill: #2d3748; }
svg .row-label.cp { font-weight: bold; }
svg .hop-label { font-size: 11px; fill: #2a4365; font-weight: bold; }
svg .tick { font-size: 10px; fill: #4a5568; }
.workloads { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; border: 1px solid #e2e8f0; border-radius: 6px; padding: 6px; }
figcaption { font-size: 12px; margin-bottom: 2px; overflow-wrap: anywhere; max-width: 520px; }
figcaption .dip { color: #c53030; font-weight: bold; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #edf2f7; vertical-align: top; }
td.msg { overflow-wrap: anywhere; }
.sev { font-weight: bold; font-size: 11px; border-radius: 3px; padding: 1px 5px; }
.sev.blocking { background: #fed7d7; color: #9b2c2c; }
.sev.overridable { background: #feebc8; color: #9c4221; }
.sev.info { background: #e2e8f0; color: #2d3748; }
.note { font-size: 12px; color: #4a5568; }
`;

function renderFacts(report: UpgradeReport): string {
  return `<div class="facts">${report.summary
    .map((f) => `<div class="fact${f.tone ? ` ${f.tone}` : ''}"><div class="label">${escapeHtml(f.label)}</div><div class="value">${escapeHtml(f.value)}</div></div>`)
    .join('')}</div>`;
}

function renderFindings(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return '<p class="note">No findings.</p>';
  const rows = findings.map((f) => `<tr><td><span class="sev ${f.severity}">${escapeHtml(f.severity)}</span></td><td>${escapeHtml(f.code)}</td><td>${escapeHtml(f.subject)}</td><td class="msg">${escapeHtml(f.message)}</td></tr>`);
  return `<table><thead><tr><th>severity</th><th>code</th><th>subject</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function caption(series: AvailabilitySeries): string {
  const lowest = Math.min(...series.points.map((p) => p.available));
  const desired = series.points[series.points.length - 1]?.desired ?? 0;
  const dip = worstShare(series) < 1 ? ` <span class="dip">lowest ${lowest}</span>` : ` lowest ${lowest}`;
  const pdb = series.pdb ? `, budget ${escapeHtml(series.pdb)}` : '';
  const coarse = series.coarsened ? ' (coarsened: many changes)' : '';
  return `${escapeHtml(`${series.kind} ${series.namespace}/${series.name}`)} — desired ${desired},${dip}${pdb}${coarse}`;
}

function renderWorkloads(report: UpgradeReport): string {
  const t = report.timeline;
  const charted = t.workloads.filter((s) => s.points.length > 0);
  if (charted.length === 0) return `<p class="note">${report.source === 'plan' ? 'A plan has not run: nothing measured yet.' : 'Not sampled on this run.'}</p>`;
  const ordered = [...charted].sort((a, b) => worstShare(a) - worstShare(b) || compareText(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  const shown = ordered.slice(0, MAX_WORKLOAD_CHARTS);
  const rest = ordered.length - shown.length;
  const figures = shown.map((s) => `<figure><figcaption>${caption(s)}</figcaption>${renderAvailabilitySvg(s, t.end, t.apiOutages, t.unit)}</figure>`);
  const legend = '<div class="legend"><span class="key"><span class="swatch" style="background:#90cdf4"></span>pods available</span><span class="key"><span class="swatch" style="background:#4a5568"></span>desired</span><span class="key"><span class="swatch" style="background:#c53030"></span>budget minimum (PodDisruptionBudget)</span><span class="key"><span class="swatch" style="background:#fed7d7"></span>API server down</span></div>';
  const more = rest > 0 ? `<p class="note">${rest} more workload${rest === 1 ? '' : 's'} not charted (the ${shown.length} with the deepest dips are).</p>` : '';
  return `${legend}<div class="workloads">${figures.join('\n')}</div>${more}`;
}

/** The whole page. Deterministic: the same report gives the same bytes. */
export function renderHtmlReport(report: UpgradeReport): string {
  const blocking = report.findings.filter((f) => f.severity === 'blocking');
  const findingsSection = `<section id="findings"><h2>Findings (${report.findings.length}${blocking.length > 0 ? `, ${blocking.length} blocking` : ''})</h2>${renderFindings(report.findings)}</section>`;
  const sub = `cluster ${report.cluster} · ${report.from} → ${report.to} · workers ${describeStrategy(report.strategy)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`kubehop: ${report.title}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p>${escapeHtml(sub)}</p></header>
<main>
<section id="summary"><h2>Summary</h2>${renderFacts(report)}${report.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')}</section>
${blocking.length > 0 ? findingsSection : ''}
<section id="timeline"><h2>Timeline: hops and node batches</h2>${renderTimelineSvg(report.timeline)}</section>
<section id="availability"><h2>Workload availability: pods available vs desired vs budget</h2>${renderWorkloads(report)}</section>
${blocking.length > 0 ? '' : findingsSection}
</main>
</body>
</html>
`;
}
