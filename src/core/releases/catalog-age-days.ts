import { daysBetween } from './iso-date.js';
import type { ReleaseCatalog } from './release-catalog.js';

/** A catalog older than this many days may miss patch releases (monthly) and even a minor. */
export const STALE_CATALOG_DAYS = 60;

/** Days from the catalog's compiledOn to `date`; negative when `date` is earlier. */
export function catalogAgeDays(catalog: ReleaseCatalog, date: string): number {
  return daysBetween(catalog.compiledOn, date);
}

export function isCatalogStale(catalog: ReleaseCatalog, date: string): boolean {
  return catalogAgeDays(catalog, date) > STALE_CATALOG_DAYS;
}

/** Why a catalog this old may miss newer releases, or undefined while it is fresh. */
export function staleCatalogWarning(catalog: ReleaseCatalog, date: string): string | undefined {
  if (!isCatalogStale(catalog, date)) return undefined;
  // Short enough for two terminal rows: a plan's summary must fit one screen with it.
  return `the release catalog is ${catalogAgeDays(catalog, date)} days old (source: ${catalog.source}): it may miss releases — pass a newer one with --releases FILE`;
}
