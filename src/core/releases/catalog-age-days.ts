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
