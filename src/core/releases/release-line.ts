import type { KubeVersion } from '../version/index.js';
import type { ReleaseCatalog, ReleaseLine } from './release-catalog.js';

/** The catalog's entry for minor line 1.<minor>, if it has one. */
export function releaseLine(catalog: ReleaseCatalog, minor: number): ReleaseLine | undefined {
  return catalog.lines.find((line) => line.minor === minor);
}

/** The newest known patch of a line, e.g. v1.37.1 for 37. */
export function latestPatchOf(catalog: ReleaseCatalog, minor: number): KubeVersion | undefined {
  return releaseLine(catalog, minor)?.latestPatch;
}

/** True for a released version the catalog lists: its line is known and the patch is not beyond the latest. */
export function isKnownVersion(catalog: ReleaseCatalog, v: KubeVersion): boolean {
  if (v.major !== 1 || v.pre !== undefined) return false;
  const latest = latestPatchOf(catalog, v.minor);
  return latest !== undefined && v.patch >= 0 && v.patch <= latest.patch;
}

/** "v1.10 to v1.37", plus the lines missing in between, for messages. */
export function describeCoverage(catalog: ReleaseCatalog): string {
  const minors = catalog.lines.map((line) => line.minor);
  const first = minors[0];
  const last = minors[minors.length - 1];
  if (first === undefined || last === undefined) return 'no release lines';
  const missing: string[] = [];
  for (let m = first + 1; m < last; m++) if (!minors.includes(m)) missing.push(`v1.${m}`);
  const range = first === last ? `v1.${first} only` : `v1.${first} to v1.${last}`;
  if (missing.length === 0) return range;
  return missing.length <= 3 ? `${range} (without ${missing.join(', ')})` : `${range} (without ${missing.length} lines in between)`;
}
