import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogAgeDays, isCatalogStale, STALE_CATALOG_DAYS } from './catalog-age-days.js';
import type { ReleaseCatalog } from './release-catalog.js';

const catalog: ReleaseCatalog = { compiledOn: '2026-09-15', source: 'test', lines: [] };

describe('catalogAgeDays', () => {
  const cases: [date: string, age: number, stale: boolean][] = [
    ['2026-09-15', 0, false],
    ['2026-09-01', -14, false],
    ['2026-11-14', 60, false],
    ['2026-11-15', 61, true],
    ['2027-09-15', 365, true],
  ];
  for (const [date, age, stale] of cases) {
    it(`counts a catalog compiled on 2026-09-15 as ${age} days old on ${date}, ${stale ? '' : 'not '}stale`, () => {
      assert.equal(catalogAgeDays(catalog, date), age);
      assert.equal(isCatalogStale(catalog, date), stale);
    });
  }

  it('calls a catalog stale after 60 days', () => {
    assert.equal(STALE_CATALOG_DAYS, 60);
  });
});
