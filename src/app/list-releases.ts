import type { ReleaseCatalog } from '../core/releases/index.js';
import { loadCatalog } from './cluster-source.js';

export interface ReleasesRequest {
  /** Release catalog files; absent: the one kubehop ships. */
  readonly releases?: readonly string[];
  /** The day support windows are judged on, YYYY-MM-DD. */
  readonly date: string;
}

export interface ReleasesResult {
  readonly catalog: ReleaseCatalog;
  readonly date: string;
}

/** kubehop releases: the release lines kubehop knows and their support on a date. */
export async function listReleases(request: ReleasesRequest): Promise<ReleasesResult> {
  return { catalog: await loadCatalog(request.releases), date: request.date };
}
