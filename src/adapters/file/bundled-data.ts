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

// Set only in the bundle, each to its datum's JSON text: one string each, so that a command parses
// only the data it uses (esbuild inlines a string define at its use; an object define would add
// an initialiser call to every module of the bundle).
declare const KUBEHOP_BUNDLED_CLUSTER_DEMO: string | undefined;
declare const KUBEHOP_BUNDLED_CLUSTER_CLASSIC: string | undefined;
declare const KUBEHOP_BUNDLED_CLUSTER_SHOP: string | undefined;
declare const KUBEHOP_BUNDLED_RELEASES: string | undefined;
declare const KUBEHOP_BUNDLED_BREAKING_CHANGES: string | undefined;
declare const KUBEHOP_BUNDLED_REMOVED_APIS: string | undefined;

/** The name the bundle defines a datum's text under (scripts/bundle-cli.mjs builds the same). */
export function bundledDataDefine(key: keyof BundledData): string {
  return `KUBEHOP_BUNDLED_${key.toUpperCase().replace(/[^A-Z]/g, '_')}`;
}

const TEXTS: Readonly<Record<keyof BundledData, string>> | undefined =
  typeof KUBEHOP_BUNDLED_RELEASES === 'undefined'
    ? undefined
    : {
        'cluster/demo': KUBEHOP_BUNDLED_CLUSTER_DEMO ?? '',
        'cluster/classic': KUBEHOP_BUNDLED_CLUSTER_CLASSIC ?? '',
        'cluster/shop': KUBEHOP_BUNDLED_CLUSTER_SHOP ?? '',
        releases: KUBEHOP_BUNDLED_RELEASES,
        'breaking-changes': KUBEHOP_BUNDLED_BREAKING_CHANGES ?? '',
        'removed-apis': KUBEHOP_BUNDLED_REMOVED_APIS ?? '',
      };

/** The datum the bundle carries, validated when it was built; undefined from the sources. */
export function bundledData<K extends keyof BundledData>(key: K): BundledData[K] | undefined {
  return TEXTS === undefined ? undefined : (JSON.parse(TEXTS[key]) as BundledData[K]);
}
