import type { ClusterSnapshot } from '../../core/cluster/index.js';
import type { BreakingChanges, RemovedApiTable } from '../../core/preflight/index.js';
import type { ReleaseCatalog } from '../../core/releases/index.js';

// kubehop's own data files (data/), read and validated by the readers of this folder when the
// bundle is built (collect-bundled-data.ts, run by scripts/bundle-cli.mjs) and carried in it as
// JSON text: a command on built-in data then reads no file and loads no validator or YAML parser,
// and a data file that does not validate fails the build instead of a command. From the sources
// (tsx) there is no bundle, and the readers read the files.

/** Each built-in datum, by the key the bundle carries it under. */
export interface BundledData {
  readonly 'cluster/demo': ClusterSnapshot;
  readonly 'cluster/classic': ClusterSnapshot;
  readonly 'cluster/shop': ClusterSnapshot;
  readonly releases: ReleaseCatalog;
  readonly 'breaking-changes': BreakingChanges;
  readonly 'removed-apis': RemovedApiTable;
}

/**
 * Set only in the bundle: JSON text of an object holding each datum's own JSON text, so that a
 * command parses only the data it uses. A string, not an object: esbuild inlines a string where
 * it is used, while an object define adds an initialiser call to every module of the bundle.
 */
declare const KUBEHOP_BUNDLED_DATA: string | undefined;

let texts: Readonly<Partial<Record<keyof BundledData, string>>> | undefined;

/** The datum the bundle carries, validated when it was built; undefined from the sources. */
export function bundledData<K extends keyof BundledData>(key: K): BundledData[K] | undefined {
  if (typeof KUBEHOP_BUNDLED_DATA === 'undefined') return undefined;
  texts ??= JSON.parse(KUBEHOP_BUNDLED_DATA) as Readonly<Partial<Record<keyof BundledData, string>>>;
  const text = texts[key];
  return text === undefined ? undefined : (JSON.parse(text) as BundledData[K]);
}
