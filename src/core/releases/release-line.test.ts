import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVersion, parseVersion } from '../version/index.js';
import type { ReleaseCatalog } from './release-catalog.js';
import { describeCoverage, isKnownVersion, latestPatchOf, releaseLine } from './release-line.js';

function catalogOf(latest: Record<number, number>): ReleaseCatalog {
  return {
    compiledOn: '2026-09-15',
    source: 'test',
    lines: Object.entries(latest).map(([minor, patch]) => ({
      minor: Number(minor), releaseDate: '2020-01-01', endOfLife: '2030-01-01',
      latestPatch: { major: 1, minor: Number(minor), patch },
    })),
  };
}

const catalog = catalogOf({ 10: 13, 29: 14, 37: 1 });

describe('release line look-ups', () => {
  it('finds a line by its minor number', () => {
    assert.equal(releaseLine(catalog, 29)?.minor, 29);
    assert.equal(releaseLine(catalog, 30), undefined);
  });

  it('gives the latest known patch of a line, or nothing for an unknown line', () => {
    assert.equal(formatVersion(latestPatchOf(catalog, 10) ?? parseVersion('0.0.0')), 'v1.10.13');
    assert.equal(latestPatchOf(catalog, 38), undefined);
  });

  const known: [string, boolean, string][] = [
    ['v1.10.0', true, 'the .0 of a listed line'],
    ['v1.10.13', true, 'the latest patch of a listed line'],
    ['v1.29.14', true, 'the final patch eol.yaml gives for 1.29'],
    ['v1.29.15', false, 'a patch beyond the latest the catalog lists'],
    ['v1.37.0-rc.1', false, 'a pre-release'],
    ['v1.30.1', false, 'a patch of a line the catalog does not list'],
  ];
  for (const [text, expected, why] of known) {
    it(`says ${text} is ${expected ? '' : 'not '}a known version: ${why}`, () => {
      assert.equal(isKnownVersion(catalog, parseVersion(text)), expected);
    });
  }
});

describe('describeCoverage', () => {
  const cases: [Record<number, number>, string][] = [
    [{ 10: 1, 11: 1, 12: 1 }, 'v1.10 to v1.12'],
    [{ 37: 1 }, 'v1.37 only'],
    [{ 10: 1, 12: 1, 14: 1 }, 'v1.10 to v1.14 (without v1.11, v1.13)'],
    [{ 10: 1, 15: 1 }, 'v1.10 to v1.15 (without 4 lines in between)'],
    [{}, 'no release lines'],
  ];
  for (const [latest, expected] of cases) {
    it(`describes ${JSON.stringify(Object.keys(latest))} as "${expected}"`, () => {
      assert.equal(describeCoverage(catalogOf(latest)), expected);
    });
  }
});
