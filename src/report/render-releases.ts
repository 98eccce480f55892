import {
  catalogAgeDays,
  isCatalogStale,
  STALE_CATALOG_DAYS,
  staleCatalogWarning,
  supportStatus,
  type ReleaseCatalog,
  type SupportStatus,
} from '../core/releases/index.js';
import { formatVersion } from '../core/version/index.js';
import { renderTable } from './text-table.js';
import { wrapProse } from './wrap-text.js';

// `kubehop releases`: the catalog as a table or as JSON, with each line's status on a date and a
// warning when the catalog is old enough to miss patches or a whole minor.

/** plan's and check's warning, with what FILE may be: this command is where an operator looks. */
function staleWarning(catalog: ReleaseCatalog, date: string): string | undefined {
  const warning = staleCatalogWarning(catalog, date);
  return warning && `warning: ${warning} (a kubehop releases.json, or schedule.yaml and eol.yaml of kubernetes/website data/releases/)`;
}

/** MINOR / RELEASED / MAINTENANCE / END OF LIFE / LATEST PATCH / STATUS ON <date>, newest first, with a footer. */
export function renderReleasesTable(catalog: ReleaseCatalog, date: string, options: { width?: number } = {}): string {
  const rows = [...catalog.lines].reverse().map((line) => [
    `v1.${line.minor}`,
    line.releaseDate,
    line.maintenanceStart ?? '-',
    line.endOfLife,
    formatVersion(line.latestPatch),
    supportStatus(catalog, line.minor, date),
  ]);
  const table = renderTable(['MINOR', 'RELEASED', 'MAINTENANCE', 'END OF LIFE', 'LATEST PATCH', `STATUS ON ${date}`], rows, { ...options, wrap: [5] });
  const footer = [`release catalog: ${catalog.source}, compiled on ${catalog.compiledOn}`];
  const warning = staleWarning(catalog, date);
  if (warning) footer.push(warning);
  // On a terminal the footer wraps at spaces like the table's STATUS column; piped, one line each.
  return `${table}\n\n${footer.flatMap((line) => wrapProse(line, options.width)).join('\n')}`;
}

export interface ReleaseLineJson {
  readonly minor: string;
  readonly releaseDate: string;
  readonly maintenanceStart: string | null;
  readonly endOfLife: string;
  readonly latestPatch: string;
  readonly status: SupportStatus;
  readonly codename?: string;
  readonly note?: string;
}

export interface ReleasesJson {
  readonly date: string;
  readonly catalog: {
    readonly source: string;
    readonly compiledOn: string;
    readonly ageDays: number;
    readonly stale: boolean;
    readonly staleAfterDays: number;
  };
  /** Newest first, as in the table. */
  readonly lines: readonly ReleaseLineJson[];
}

/** The same facts for programs: plain JSON values, versions as "v1.37.1", dates as YYYY-MM-DD. */
export function releasesJson(catalog: ReleaseCatalog, date: string): ReleasesJson {
  return {
    date,
    catalog: {
      source: catalog.source,
      compiledOn: catalog.compiledOn,
      ageDays: catalogAgeDays(catalog, date),
      stale: isCatalogStale(catalog, date),
      staleAfterDays: STALE_CATALOG_DAYS,
    },
    lines: [...catalog.lines].reverse().map((line) => ({
      minor: `1.${line.minor}`,
      releaseDate: line.releaseDate,
      maintenanceStart: line.maintenanceStart ?? null,
      endOfLife: line.endOfLife,
      latestPatch: formatVersion(line.latestPatch),
      status: supportStatus(catalog, line.minor, date),
      ...(line.codename !== undefined ? { codename: line.codename } : {}),
      ...(line.note !== undefined ? { note: line.note } : {}),
    })),
  };
}
