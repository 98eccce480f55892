import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { PreflightFinding } from '../core/preflight/index.js';
import { staleCatalogWarning } from '../core/releases/index.js';
import type { PlanForecast, ScheduledStep } from '../core/timing/index.js';
import { loadCatalog, readClusterFrom, type ClusterSourceRequest } from './cluster-source.js';
import { planFromOptions, type PlanOptions } from './plan-from-options.js';
import { runPreflight } from './run-preflight.js';

export interface PlanRequest {
  readonly source: ClusterSourceRequest;
  /** Release catalog files; absent: the one kubehop ships. */
  readonly releases?: readonly string[];
  /** Today, YYYY-MM-DD. */
  readonly date: string;
  readonly options: PlanOptions;
  /** A journal of an earlier run whose step times calibrate the forecast (--timings-from). */
  readonly timingsFrom?: string;
}

export type PlanResult =
  /** The cluster already breaks the skew policy: no plan until that is fixed. */
  | { readonly kind: 'skew-blocked'; readonly cluster: ClusterSnapshot; readonly blocking: readonly Finding[] }
    | {
      readonly kind: 'planned';
      readonly cluster: ClusterSnapshot;
      readonly plan: UpgradePlan;
      /** How long the plan is expected to take (beside the plan, never part of it). */
      readonly forecast: PlanForecast;
      /** When each step is expected to run, by the forecast's reckoning. */
      readonly schedule: readonly ScheduledStep[];
      readonly findings: readonly PreflightFinding[];
      readonly catalogWarning?: string;
    };

async function planAndCheck(request: PlanRequest, preflight: (plan: UpgradePlan) => boolean, manifests?: readonly string[]): Promise<PlanResult> {
  const cluster = await readClusterFrom(request.source, { scanObjects: true });
  const catalog = await loadCatalog(request.releases);
  // Loaded only for --timings-from: reading a journal brings node:crypto and the journal's validators.
  const calibration = request.timingsFrom === undefined ? undefined : await (await import('./read-step-calibration.js')).readStepCalibration(request.timingsFrom);
  const outcome = await planFromOptions(cluster, catalog, { ...request.options, ...(calibration ? { calibration } : {}) }, request.date);
  if (!outcome.ok) return { kind: 'skew-blocked', cluster, blocking: outcome.blocking };
  const { plan, forecast, schedule } = outcome;
  const findings = preflight(plan) ? await runPreflight({ cluster, plan, ...(manifests && manifests.length > 0 ? { manifestPaths: manifests } : {}), today: request.date }) : [];
  const warning = staleCatalogWarning(catalog, request.date);
  return { kind: 'planned', cluster, plan, forecast, schedule, findings, ...(warning ? { catalogWarning: warning } : {}) };
}

/**
 * kubehop plan: the upgrade plan for the cluster, with preflight's findings on it unless
 * `withPreflight` is false (a plan kept as data for a later apply needs no verdict).
 */
export async function planClusterUpgrade(request: PlanRequest & { readonly withPreflight?: boolean }): Promise<PlanResult> {
  return planAndCheck(request, (plan) => request.withPreflight !== false && plan.steps.length > 0);
}

/** kubehop preflight: every preflight check on the plan, with the manifests at `manifests` scanned too. */
export async function preflightUpgrade(request: PlanRequest & { readonly manifests?: readonly string[] }): Promise<PlanResult> {
  return planAndCheck(request, () => true, request.manifests);
}
