import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledDataDefine, type BundledData } from './bundled-data.js';
import { collectBundledData } from './collect-bundled-data.js';
import { readBreakingChanges } from './read-breaking-changes.js';
import { readCluster } from './read-cluster-file.js';
import { readReleaseCatalog } from './read-release-catalog.js';
import { readRemovedApis } from './read-removed-apis.js';

test('the data a bundle carries is each data file as its reader reads and validates it', async () => {
  const defines = await collectBundledData();
  const expected: Record<string, unknown> = {
    'cluster/demo': await readCluster('demo'),
    'cluster/classic': await readCluster('classic'),
    'cluster/shop': await readCluster('shop'),
    releases: await readReleaseCatalog(),
    'breaking-changes': await readBreakingChanges(),
    'removed-apis': await readRemovedApis(),
  };
  assert.deepEqual(Object.keys(defines).sort(), Object.keys(expected).map((key) => bundledDataDefine(key as keyof BundledData)).sort());
  for (const [key, value] of Object.entries(expected)) {
    // Each define is a string literal of the datum's JSON text.
    const literal = defines[bundledDataDefine(key as keyof BundledData)] ?? '';
    assert.deepEqual(JSON.parse(JSON.parse(literal) as string), value, key);
  }
});
