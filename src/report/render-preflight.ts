import { PREFLIGHT_CHECKS, type PreflightCheck, type PreflightFinding } from '../core/preflight/index.js';
import { renderTable } from './text-table.js';

// Preflight findings as a text table grouped by check, or as JSON for scripts and CI.

export interface PreflightReport {
  readonly cluster: string;
  readonly from: string;
  readonly to: string;
  /** The day the checks ran, YYYY-MM-DD. */
  readonly date: string;
  readonly findings: readonly PreflightFinding[];
}

const TITLES: Record<PreflightCheck, string> = {
  manifests: 'Manifests',
  'removed-apis': 'Removed APIs',
  'breaking-changes': 'Breaking changes',
  drain: 'Drain blockers',
  capacity: 'Capacity',
  'control-plane': 'Control plane',
  webhooks: 'Admission webhooks',
  certificates: 'Certificates',
  nodes: 'Nodes',
};

function counts(findings: readonly PreflightFinding[]): { blocking: number; overridable: number; info: number } {
  const count = (severity: PreflightFinding['severity']) => findings.filter((f) => f.severity === severity).length;
  return { blocking: count('blocking'), overridable: count('overridable'), info: count('info') };
}

function verdict(c: ReturnType<typeof counts>): string {
  if (c.blocking > 0) return 'The upgrade must not start: fix the blocking findings first.';
  if (c.overridable > 0) return 'The upgrade may start with --force once you have weighed the overridable findings.';
  return 'Nothing stops the upgrade.';
}

// Each table is indented by two spaces under its heading.
const fitIndented = (width: number | undefined) => (width === undefined ? {} : { width: width - 2, wrap: [3] });

/** `width`: the terminal's columns, to wrap long messages in; absent, lines are as long as they need. */
export function renderPreflightTable(report: PreflightReport, options: { width?: number } = {}): string {
  const c = counts(report.findings);
  const out = [`Preflight for "${report.cluster}", ${report.from} -> ${report.to}, on ${report.date}: ${c.blocking} blocking, ${c.overridable} overridable, ${c.info} info`];
  for (const check of PREFLIGHT_CHECKS) {
    const group = report.findings.filter((f) => f.check === check);
    if (group.length === 0) continue;
    const table = renderTable(['SEVERITY', 'CODE', 'SUBJECT', 'MESSAGE'], group.map((f) => [f.severity, f.code, f.subject, f.message]), fitIndented(options.width));
    out.push('', `${TITLES[check]} (${group.length}):`, ...table.split('\n').map((line) => `  ${line}`));
  }
  out.push('', verdict(c));
  return `${out.join('\n')}\n`;
}

export function preflightJson(report: PreflightReport): object {
  const c = counts(report.findings);
  return {
    cluster: report.cluster,
    from: report.from,
    to: report.to,
    date: report.date,
    blocking: c.blocking > 0,
    counts: c,
    findings: report.findings.map((f) => ({ check: f.check, severity: f.severity, code: f.code, subject: f.subject, message: f.message })),
  };
}
