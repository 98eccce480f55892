import { formatDuration } from '../core/format-duration.js';
import type { SimulationReport } from '../ports/index.js';
import { describeStrategy } from './render-plan.js';
import { renderTable } from './text-table.js';
import { wrapProse } from './wrap-text.js';

const totalDrains = (r: SimulationReport) => Object.values(r.drains).reduce((a, b) => a + b, 0);
const formatClock = (ms: number) => formatDuration(ms, 'short');
const stamp = (ms: number) => formatDuration(ms, 'stamp');
const fit = (width: number | undefined, wrap: number[]) => (width === undefined ? {} : { width, wrap });

/** One simulated upgrade: verdict, what it cost, per-workload availability, and the story. */
export function renderSimulation(r: SimulationReport, options: { story?: boolean; width?: number } = {}): string {
  const out: string[] = [];
  // On a terminal prose wraps at spaces, its later lines indented.
  const prose = (text: string, indent = '', hanging = `${indent}  `) => wrapProse(text, options.width, indent, hanging);
  out.push(...prose(`Simulated upgrade of "${r.cluster}" ${r.from} -> ${r.to}, ${describeStrategy(r.strategy)} (seed ${r.seed})`));
  out.push(...prose(`Result: ${r.status}${r.error ? ` — ${r.error}` : ''}; ${r.allAtTarget ? `every node at ${r.to}` : 'NOT every node at the target'}`));
  out.push('');
  out.push(renderTable(['MEASURE', 'VALUE'], [
    ['makespan (virtual time)', formatClock(r.makespanMs)],
    ['control plane (API) down', `${formatClock(r.controlPlaneDowntimeMs)} in ${r.apiOutages.length} outage${r.apiOutages.length === 1 ? '' : 's'}`],
    ['drains', `${totalDrains(r)} (${Object.entries(r.drains).map(([n, c]) => `${n} ${c}`).join(', ')})`],
    ['evictions / refused by a PDB (429)', `${r.evictions} / ${r.evictionsRefused429}`],
    ['pods deleted without eviction', String(r.podsDeleted)],
    ['PDB violations', String(r.pdbViolations.length)],
    ['skew policy broken', r.skewViolations.length === 0 ? 'never' : r.skewViolations.join('; ')],
    ...(r.skippedNodes.length > 0 ? [['nodes left at the old version', r.skippedNodes.join(', ')]] : []),
  ], fit(options.width, [1])));
  out.push('');
  out.push(renderTable(
    ['WORKLOAD', 'DESIRED', 'LOWEST AVAILABLE', 'BELOW DESIRED', 'PDB', 'BELOW PDB'],
    r.workloads.map((w) => [`${w.kind}/${w.namespace}/${w.name}`, String(w.desired), String(w.lowestAvailable), formatClock(w.belowDesiredMs), w.pdb ?? '-', w.belowPdbMs === undefined ? '-' : formatClock(w.belowPdbMs)]),
    // Workload names stay whole; the headers and figures beside them wrap.
    fit(options.width, [1, 2, 3, 4, 5]),
  ));
  const down = r.workloads.filter((w) => w.lowestAvailable === 0 && w.desired > 0);
  if (down.length > 0) out.push('', ...prose(`Downtime: ${down.map((w) => `${w.namespace}/${w.name}`).join(', ')} had no pod serving at some moment.`));
  if (r.pdbViolations.length > 0) {
    out.push('', 'PDB violations:');
    for (const v of r.pdbViolations) out.push(...prose(`${stamp(v.at)}  ${v.pdb}: ${v.pod} removed by ${v.via} with ${v.currentHealthy}/${v.desiredHealthy} healthy`, '  ', '    '));
  }
  if (options.story !== false && r.story.length > 0) {
    out.push('', 'What happened:');
    const width = Math.max(0, ...r.story.map((l) => (l.node ?? '').length));
    for (const line of r.story) {
      const lead = `  ${stamp(line.at)}  ${(line.node ?? '').padEnd(width)}  `;
      // A long line goes on under its own text, not under the time.
      out.push(...wrapProse(line.text, options.width, lead, ' '.repeat(lead.length)));
    }
  }
  return `${out.join('\n')}\n`;
}

/** Strategies side by side, one column each. */
export function renderComparison(reports: readonly SimulationReport[], options: { width?: number; expectedSeconds?: readonly (number | undefined)[] } = {}): string {
  const first = reports[0];
  if (!first) return '';
  const rows: [string, (r: SimulationReport, i: number) => string][] = [
    ['result', (r) => r.status],
    ['makespan', (r) => formatClock(r.makespanMs)],
    ...(options.expectedSeconds ? [['forecast (timing model)', (_: SimulationReport, i: number) => {
      const seconds = options.expectedSeconds?.[i];
      return seconds === undefined ? '-' : `about ${formatDuration(seconds * 1000, 'rough')}`;
    }] as [string, (r: SimulationReport, i: number) => string]] : []),
    ['API down', (r) => formatClock(r.controlPlaneDowntimeMs)],
    ['drains', (r) => String(totalDrains(r))],
    ['evictions', (r) => String(r.evictions)],
    ['429s', (r) => String(r.evictionsRefused429)],
    ['pods deleted', (r) => String(r.podsDeleted)],
    ['PDB violations', (r) => String(r.pdbViolations.length)],
    ['workloads with downtime', (r) => String(r.workloads.filter((w) => w.lowestAvailable === 0 && w.desired > 0).length)],
    ['worst time below a PDB', (r) => formatClock(Math.max(0, ...r.workloads.map((w) => w.belowPdbMs ?? 0)))],
    ['every node at target', (r) => (r.allAtTarget ? 'yes' : 'no')],
  ];
  const headers = ['', ...reports.map((r) => describeStrategy(r.strategy))];
  return `Strategies compared for "${first.cluster}" ${first.from} -> ${first.to} (seed ${first.seed})\n\n${renderTable(headers, rows.map(([name, get]) => [name, ...reports.map((r, i) => get(r, i))]), fit(options.width, reports.map((_, i) => i + 1)))}\n`;
}

/** JSON without the raw event stream, which `--events` can ask for. */
export function simulationJson(r: SimulationReport, options: { events?: boolean } = {}): object {
  const { events, ...rest } = r;
  return options.events ? r : { ...rest, eventCount: events.length };
}
