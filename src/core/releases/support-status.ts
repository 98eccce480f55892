import { requireIsoDate } from './iso-date.js';
import type { ReleaseCatalog } from './release-catalog.js';
import { releaseLine } from './release-line.js';

export type SupportStatus = 'unreleased' | 'supported' | 'maintenance' | 'end-of-life' | 'unknown';

/** The project maintains release branches for the three most recent minors only. */
export const MAINTAINED_MINORS = 3;

/** Minors released on `date`, newest first. */
function releasedMinors(catalog: ReleaseCatalog, date: string): number[] {
  return catalog.lines
    .filter((line) => line.releaseDate <= date)
    .map((line) => line.minor)
    .sort((a, b) => b - a);
}

/**
 * The status of line 1.<minor> on `date` (YYYY-MM-DD): unreleased before its release date, end of
 * life on and after its EOL date, maintenance from its maintenance start, else supported. A line
 * that is not among the three newest released on that date is never "supported", which also
 * covers pre-v1.19 lines that had no maintenance start. "unknown" when the catalog lacks the line.
 */
export function supportStatus(catalog: ReleaseCatalog, minor: number, date: string): SupportStatus {
  requireIsoDate(date, 'date');
  const line = releaseLine(catalog, minor);
  if (!line) return 'unknown';
  if (date < line.releaseDate) return 'unreleased';
  if (date >= line.endOfLife) return 'end-of-life';
  if (line.maintenanceStart !== undefined && date >= line.maintenanceStart) return 'maintenance';
  const newest = releasedMinors(catalog, date).slice(0, MAINTAINED_MINORS);
  return newest.includes(minor) ? 'supported' : 'maintenance';
}
