import type { KubeVersion } from '../version/index.js';

// The release catalog: which minor lines exist, when each was released, entered maintenance mode
// and reached end of life, and its newest known patch. Loaded at the edge, passed into the core.

export interface ReleaseLine {
  /** The minor number: 30 for v1.30 (the major is always 1). */
  readonly minor: number;
  /** YYYY-MM-DD of the .0 release. */
  readonly releaseDate: string;
  /** YYYY-MM-DD; absent for lines from before maintenance mode existed (v1.18 and older). */
  readonly maintenanceStart?: string;
  /** YYYY-MM-DD from which the line is end of life. */
  readonly endOfLife: string;
  /** Newest known patch; patches .0 up to it are taken as released (patch numbers are contiguous). */
  readonly latestPatch: KubeVersion;
  readonly codename?: string;
  /** Where sources disagree or something is unusual about the line. */
  readonly note?: string;
}

export interface ReleaseCatalog {
  /** YYYY-MM-DD up to which the catalog is known to be current. */
  readonly compiledOn: string;
  /** Where it came from, for messages: a file path or "built-in". */
  readonly source: string;
  /** Sorted by minor, oldest first, one entry per minor. */
  readonly lines: readonly ReleaseLine[];
}

export type ValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

/** The format tag of kubehop's own catalog file (data/releases.json). */
export const RELEASE_CATALOG_FORMAT = 'kubehop.releases/v1';
