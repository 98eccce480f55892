import { reportOfPlan } from '../app/build-upgrade-report.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { PreflightFinding } from '../core/preflight/index.js';
import type { ScheduledStep } from '../core/timing/index.js';
import { renderHtmlReport } from '../report/html/render-html-report.js';

// plan --report, loaded only for it: the HTML report's renderers are a tenth of what plan loads.

/** The HTML report of a plan: its timeline as the forecast expects it, and its findings. */
export function planReportHtml(cluster: ClusterSnapshot, plan: UpgradePlan, findings: readonly PreflightFinding[], schedule: readonly ScheduledStep[]): string {
  return renderHtmlReport(reportOfPlan(cluster, plan, findings, schedule));
}
