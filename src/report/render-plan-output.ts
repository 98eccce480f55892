import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { PlanForecast } from '../core/timing/index.js';
import { renderPlanSummary, type StepFilter } from './render-plan-summary.js';
import { renderPlanTable } from './render-plan.js';
import { renderRunbook } from './render-runbook.js';

export type PlanOutput = 'table' | 'wide' | 'json' | 'yaml' | 'markdown';

function preflightSummary(findings: readonly Finding[], heading: string): string {
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const lines = [`Preflight: ${count('blocking')} blocking, ${count('overridable')} overridable, ${count('info')} info${findings.length > 0 ? ' — details with "kubehop preflight" (same options)' : ''}`];
  for (const f of findings.filter((x) => x.severity === 'blocking')) lines.push(`  BLOCKING ${f.code}: ${f.message}`);
  return `${heading}${lines.join('\n')}\n`;
}

/** The plan in the form asked for: json and yaml are the plan as data (a file for apply --plan) with the forecast beside it, the rest are for people. */
export async function renderPlanOutput(output: PlanOutput, cluster: ClusterSnapshot, plan: UpgradePlan, forecast: PlanForecast, findings: readonly Finding[], filter: StepFilter, width?: number): Promise<string> {
  switch (output) {
    case 'json':
      return `${JSON.stringify({ ...plan, forecast }, null, 2)}\n`;
    case 'yaml': {
      // Loaded only for -o yaml: the YAML library is the largest module a command would load. Its
      // default export is its CommonJS exports, under Node as in the bundle.
      const { default: yaml } = await import('yaml');
      return yaml.stringify({ ...plan, forecast }, { lineWidth: 0 });
    }
    case 'markdown':
      return renderRunbook(cluster, plan, findings, forecast) + preflightSummary(findings, '\n## Preflight\n\n');
    case 'wide':
      return renderPlanTable(cluster, plan) + preflightSummary(findings, '\n');
    case 'table':
      return renderPlanSummary(cluster, plan, findings, filter, forecast, width);
  }
}
