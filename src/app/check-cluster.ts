import { clusterVersion, type ClusterSnapshot } from '../core/cluster/index.js';
import { hasBlocking, sortFindings, type Finding } from '../core/findings.js';
import { checkSupportStatus } from '../core/preflight/check-support-status.js';
import { staleCatalogWarning } from '../core/releases/index.js';
import { checkSkew } from '../core/skew/index.js';
import { loadCatalog, readClusterFrom, type ClusterSourceRequest } from './cluster-source.js';

export interface CheckRequest {
  readonly source: ClusterSourceRequest;
  /** Release catalog files; absent: the one kubehop ships. */
  readonly releases?: readonly string[];
  /** Today, YYYY-MM-DD: support windows and the catalog's age are judged on it. */
  readonly date: string;
}

export interface CheckResult {
  readonly cluster: ClusterSnapshot;
  /** The version skew policy, checked on the cluster as it is. */
  readonly findings: readonly Finding[];
  /** Whether the cluster's version is still supported upstream. */
  readonly support: readonly Finding[];
  readonly date: string;
  readonly catalogWarning?: string;
  readonly blocking: boolean;
}

/** kubehop check: does the cluster as it is keep the skew policy, and is its version supported? */
export async function checkCluster(request: CheckRequest): Promise<CheckResult> {
  const cluster = await readClusterFrom(request.source);
  const catalog = await loadCatalog(request.releases);
  const version = clusterVersion(cluster);
  const findings = sortFindings(checkSkew(cluster));
  const support = version ? checkSupportStatus(catalog, version, request.date) : [];
  const warning = staleCatalogWarning(catalog, request.date);
  return { cluster, findings, support, date: request.date, ...(warning ? { catalogWarning: warning } : {}), blocking: hasBlocking([...findings, ...support]) };
}
