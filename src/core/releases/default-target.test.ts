import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVersion } from '../version/index.js';
import { defaultTarget } from './default-target.js';
import type { ReleaseCatalog } from './release-catalog.js';

type Row = [minor: number, released: string, maintenance: string, endOfLife: string, latest: number];

const catalog: ReleaseCatalog = {
  compiledOn: '2026-09-15',
  source: 'test',
  lines: ([
    [34, '2025-08-27', '2026-08-27', '2026-10-27', 11],
    [35, '2025-12-17', '2026-12-28', '2027-02-28', 9],
    [36, '2026-04-22', '2027-04-28', '2027-06-28', 4],
    [37, '2026-08-26', '2027-08-28', '2027-10-28', 1],
  ] as Row[]).map(([minor, releaseDate, maintenanceStart, endOfLife, patch]) => ({
    minor, releaseDate, maintenanceStart, endOfLife, latestPatch: { major: 1, minor, patch },
  })),
};

describe('defaultTarget', () => {
  const cases: [date: string, expected: string][] = [
    ['2026-08-25', 'v1.36.4'],
    ['2026-08-26', 'v1.37.1'],
    ['2026-09-15', 'v1.37.1'],
    ['2027-08-27', 'v1.37.1'],
  ];
  for (const [date, expected] of cases) {
    it(`picks ${expected}, the newest supported line at its latest patch, on ${date}`, () => {
      assert.equal(formatVersion(defaultTarget(catalog, date)), expected);
    });
  }

  it('refuses to guess when no line is supported any more, pointing at --to and --releases', () => {
    assert.throws(() => defaultTarget(catalog, '2027-08-28'), {
      name: 'ConfigError',
      message:
        'failed to choose a target version: no line in the release catalog (compiled on 2026-09-15, covering v1.34 to v1.37) ' +
        'is supported on 2027-08-28; pass --to VERSION, or a newer catalog with --releases FILE',
    });
  });
});
