import type { ClusterSnapshot } from '../cluster/index.js';
import { sortFindings, type Finding } from '../findings.js';
import type { UpgradePlan } from '../planning/index.js';
import { requireIsoDate } from '../releases/index.js';
import { checkBreakingChanges } from './check-breaking-changes.js';
import { checkCapacity } from './check-capacity.js';
import { checkCertificates } from './check-certificates.js';
import { checkControlPlane } from './check-control-plane.js';
import { checkDrainBlockers } from './check-drain-blockers.js';
import { checkNodeFacts } from './check-node-facts.js';
import { checkRemovedApis } from './check-removed-apis.js';
import { checkWebhooks } from './check-webhooks.js';
import type { ManifestScan, PreflightCheck, PreflightFinding } from './preflight-finding.js';
import type { BreakingChanges } from './breaking-changes.js';
import type { RemovedApiTable } from './removed-apis.js';

export interface PreflightInput {
  readonly cluster: ClusterSnapshot;
  readonly plan: UpgradePlan;
  readonly removedApis: RemovedApiTable;
  /** data/breaking-changes.json, read at the edge. */
  readonly breakingChanges: BreakingChanges;
  /** Manifest files read at the edge (readManifests); their objects join the cluster's own. */
  readonly manifests?: ManifestScan;
  /** YYYY-MM-DD. */
  readonly today: string;
  /** When the upgrade is expected to be over, YYYY-MM-DD; today when not known. */
  readonly estimatedEnd?: string;
  /** Least free disk for packages and images on a node; 2 GiB when not given. */
  readonly minFreeDiskBytes?: number;
  /** Certificates expiring within this many days are mentioned; 30 when not given. */
  readonly certificateWarningDays?: number;
}

/**
 * Every preflight check on one cluster and plan, sorted (blocking first). Checks never throw;
 * only a malformed date in the input does, as a ConfigError.
 */
export function checkPreflight(input: PreflightInput): PreflightFinding[] {
  const { cluster, plan } = input;
  const today = requireIsoDate(input.today, 'date');
  const estimatedEnd = input.estimatedEnd !== undefined ? requireIsoDate(input.estimatedEnd, 'estimated end date') : undefined;
  const drained = Object.entries(plan.drains).filter(([, count]) => count > 0).map(([node]) => node);
  const objects = [...(cluster.objects ?? []), ...(input.manifests?.objects ?? [])];
  const tag = (check: PreflightCheck, findings: readonly Finding[]) => findings.map((f): PreflightFinding => ({ check, ...f }));
  return sortFindings([
    ...tag('manifests', input.manifests?.findings ?? []),
    ...tag('removed-apis', checkRemovedApis(objects, input.removedApis, plan.hops)),
    ...tag('breaking-changes', checkBreakingChanges(cluster, plan, input.breakingChanges)),
    ...tag('drain', checkDrainBlockers(cluster, drained, plan.drain)),
    ...tag('capacity', checkCapacity(cluster, plan)),
    ...tag('control-plane', checkControlPlane(cluster)),
    ...tag('webhooks', checkWebhooks(cluster)),
    ...tag('certificates', checkCertificates(cluster, { today, ...(estimatedEnd ? { estimatedEnd } : {}), ...(input.certificateWarningDays !== undefined ? { warningDays: input.certificateWarningDays } : {}) })),
    ...tag('nodes', checkNodeFacts(cluster, plan, input.minFreeDiskBytes)),
  ]);
}
