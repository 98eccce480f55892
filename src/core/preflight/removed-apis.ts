// The table of API versions Kubernetes stopped serving (data/removed-apis.json), as the core sees
// it: one entry per apiVersion and kind. The file is read at the edge and passed in.

export const REMOVED_APIS_FORMAT = 'kubehop.removed-apis/v1';

export interface RemovedApi {
  /** "group/version", or "version" for the core group. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The minor that no longer serves it, e.g. 25 for v1.25. */
  readonly removedIn: number;
  /** The apiVersion to move to; absent when the kind has no successor (PodSecurityPolicy). */
  readonly replacement?: string;
  /** The minor that first serves the replacement. */
  readonly replacementSince?: number;
  readonly note?: string;
  /** True when the table's authors could not confirm the entry against the migration guide. */
  readonly unconfirmed: boolean;
}

export interface RemovedApiTable {
  readonly compiledOn: string;
  readonly source: string;
  /** The newest minor whose removals the table was checked against, e.g. 37 (v1.33–v1.37 removed none). */
  readonly coversThrough: number;
  readonly removals: readonly RemovedApi[];
}

/** The entry for an apiVersion and kind, if the table says it was removed. */
export function findRemovedApi(table: RemovedApiTable, apiVersion: string, kind: string): RemovedApi | undefined {
  return table.removals.find((r) => r.apiVersion === apiVersion && r.kind === kind);
}
