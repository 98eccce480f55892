import { isDeepStrictEqual } from 'node:util';
import { bundledDataDefine, type BundledData } from './bundled-data.js';
import { readBreakingChanges } from './read-breaking-changes.js';
import { readCluster } from './read-cluster-file.js';
import { readReleaseCatalog } from './read-release-catalog.js';
import { readRemovedApis } from './read-removed-apis.js';

// Run when the bundle is built (scripts/bundle-cli.mjs), from a build without bundled data: each
// datum read from its file and validated by the same reader a command uses.

/**
 * The defines that give the bundle every built-in datum (esbuild's `define`: each name to a string
 * literal of the datum's JSON text); throws what a reader throws.
 */
export async function collectBundledData(): Promise<Record<string, string>> {
  const data: BundledData = {
    'cluster/demo': await readCluster('demo'),
    'cluster/classic': await readCluster('classic'),
    'cluster/shop': await readCluster('shop'),
    releases: await readReleaseCatalog(),
    'breaking-changes': await readBreakingChanges(),
    'removed-apis': await readRemovedApis(),
  };
  const defines: Record<string, string> = {};
  for (const [key, value] of Object.entries(data) as [keyof BundledData, unknown][]) {
    const text = JSON.stringify(value);
    // A value JSON cannot carry (undefined in a field, a Map, a Date) would come back changed.
    if (!isDeepStrictEqual(JSON.parse(text), value)) throw new Error(`built-in data ${key}: holds a value JSON cannot carry`);
    defines[bundledDataDefine(key)] = JSON.stringify(text);
  }
  return defines;
}
