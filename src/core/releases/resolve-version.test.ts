import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVersion, parseVersionSpec } from '../version/index.js';
import type { ReleaseCatalog } from './release-catalog.js';
import { resolveVersion } from './resolve-version.js';

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

const catalog = catalogOf({ 10: 13, 11: 10, 36: 4, 37: 1 });
const full = catalogOf(Object.fromEntries(Array.from({ length: 28 }, (_, i) => [10 + i, 3])));

describe('resolveVersion', () => {
  const resolves: [spec: string, allowUnlisted: boolean, expected: string, why: string][] = [
    ['1.37', false, 'v1.37.1', 'a bare minor becomes its latest known patch'],
    ['v1.10', false, 'v1.10.13', 'a 1.10-era minor becomes its latest known patch'],
    ['1.36.0', false, 'v1.36.0', 'an exact .0 is known'],
    ['v1.36.4', false, 'v1.36.4', 'an exact latest patch is known'],
    ['1.37.2', true, 'v1.37.2', 'a newer patch is accepted with allowUnlisted'],
    ['1.38.0', true, 'v1.38.0', 'an exact patch of a newer minor is accepted with allowUnlisted'],
    ['1.38.0-rc.1', true, 'v1.38.0-rc.1', 'a pre-release is accepted with allowUnlisted'],
    ['1.36', true, 'v1.36.4', 'a bare minor still resolves to its latest patch with allowUnlisted'],
  ];
  for (const [spec, allowUnlisted, expected, why] of resolves) {
    it(`resolves ${spec} to ${expected}${allowUnlisted ? ' (allowUnlisted)' : ''}: ${why}`, () => {
      assert.equal(formatVersion(resolveVersion(catalog, parseVersionSpec(spec), { allowUnlisted })), expected);
    });
  }

  const refuses: [spec: string, allowUnlisted: boolean, c: ReleaseCatalog, date: string | undefined, message: string][] = [
    [
      '1.38', false, full, '2026-10-15',
      'invalid Kubernetes version v1.38: the release catalog (compiled on 2026-09-15, 30 days ago) covers v1.10 to v1.37; ' +
        'pass a newer catalog with --releases FILE, or an exact version such as v1.38.0 with --allow-unlisted-version',
    ],
    [
      '1.38', true, catalogOf({ 36: 4, 37: 1 }), undefined,
      'invalid Kubernetes version v1.38: the release catalog (compiled on 2026-09-15) covers v1.36 to v1.37; ' +
        'pass a newer catalog with --releases FILE, or an exact version such as v1.38.0 with --allow-unlisted-version',
    ],
    [
      '1.9.11', false, catalogOf({ 10: 13, 11: 10 }), '2026-09-16',
      'invalid Kubernetes version v1.9.11: the release catalog (compiled on 2026-09-15, 1 day ago) covers v1.10 to v1.11; ' +
        'pass a catalog that lists it with --releases FILE, or an exact version such as v1.9.11 with --allow-unlisted-version',
    ],
    [
      '1.12', false, catalogOf({ 11: 10, 13: 12 }), undefined,
      'invalid Kubernetes version v1.12: the release catalog (compiled on 2026-09-15) covers v1.11 to v1.13 (without v1.12); ' +
        'pass a catalog that lists it with --releases FILE, or an exact version such as v1.12.0 with --allow-unlisted-version',
    ],
    [
      '1.37.2', false, catalog, '2026-11-20',
      'invalid Kubernetes version v1.37.2: the release catalog (compiled on 2026-09-15, 66 days ago) lists v1.37.0 to v1.37.1; ' +
        'pass a newer catalog with --releases FILE, or pass --allow-unlisted-version if v1.37.2 has been released since',
    ],
    [
      '1.37.0-rc.1', false, catalog, undefined,
      'invalid Kubernetes version v1.37.0-rc.1: pre-releases are not in the release catalog; pass --allow-unlisted-version to use one anyway',
    ],
  ];
  for (const [spec, allowUnlisted, c, date, message] of refuses) {
    it(`refuses ${spec}${allowUnlisted ? ' even with allowUnlisted' : ''}, saying what the catalog covers and what to do`, () => {
      assert.throws(() => resolveVersion(c, parseVersionSpec(spec), { allowUnlisted, ...(date ? { date } : {}) }), { name: 'ConfigError', message });
    });
  }
});
