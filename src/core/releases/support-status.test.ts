import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReleaseCatalog } from './release-catalog.js';
import { supportStatus, type SupportStatus } from './support-status.js';

type Row = [minor: number, released: string, maintenance: string | null, endOfLife: string, latest: number];

/** Rows from data/releases.json. */
function catalogOf(rows: Row[]): ReleaseCatalog {
  return {
    compiledOn: '2026-09-15',
    source: 'test',
    lines: rows.map(([minor, releaseDate, maintenanceStart, endOfLife, patch]) => ({
      minor, releaseDate, endOfLife, latestPatch: { major: 1, minor, patch },
      ...(maintenanceStart ? { maintenanceStart } : {}),
    })),
  };
}

const catalog = catalogOf([
  [10, '2018-03-26', null, '2019-02-13', 13],
  [11, '2018-06-27', null, '2019-05-01', 10],
  [12, '2018-09-27', null, '2019-07-08', 10],
  [13, '2018-12-03', null, '2019-10-15', 12],
  [16, '2019-09-18', null, '2020-09-02', 15],
  [17, '2019-12-09', null, '2021-01-13', 17],
  [18, '2020-03-25', null, '2021-06-18', 20],
  [19, '2020-08-26', '2021-08-28', '2021-10-28', 16],
  [20, '2020-12-08', '2021-12-28', '2022-02-28', 15],
  [21, '2021-04-08', '2022-04-28', '2022-06-28', 14],
  [34, '2025-08-27', '2026-08-27', '2026-10-27', 11],
  [35, '2025-12-17', '2026-12-28', '2027-02-28', 9],
  [36, '2026-04-22', '2027-04-28', '2027-06-28', 4],
  [37, '2026-08-26', '2027-08-28', '2027-10-28', 1],
]);

describe('supportStatus', () => {
  const cases: [minor: number, date: string, expected: SupportStatus, why: string][] = [
    [37, '2026-08-25', 'unreleased', 'the day before its release'],
    [37, '2026-08-26', 'supported', 'on its release day'],
    [37, '2027-08-27', 'supported', 'the day before maintenance mode'],
    [37, '2027-08-28', 'maintenance', 'on the first day of maintenance mode'],
    [37, '2027-10-27', 'maintenance', 'the day before end of life'],
    [37, '2027-10-28', 'end-of-life', 'on its end-of-life day'],
    [34, '2026-08-25', 'supported', 'while among the three newest (1.36, 1.35, 1.34)'],
    [34, '2026-08-26', 'maintenance', 'once 1.37 pushes it out of the three newest, a day before its maintenance start'],
    [34, '2026-08-27', 'maintenance', 'from its maintenance start on the 27th'],
    [34, '2026-10-27', 'end-of-life', 'from its end of life on the 27th'],
    [35, '2026-09-15', 'supported', 'while among the three newest'],
    [36, '2026-09-15', 'supported', 'while among the three newest'],
    [10, '2018-03-25', 'unreleased', 'a 1.10-era line the day before its release'],
    [10, '2018-03-26', 'supported', 'a 1.10-era line on its release day'],
    [10, '2018-12-02', 'supported', 'a 1.10-era line while among the three newest (1.12, 1.11, 1.10)'],
    [10, '2018-12-03', 'maintenance', 'a 1.10-era line once 1.13 pushes it out of the three newest'],
    [10, '2019-02-13', 'end-of-life', 'a 1.10-era line on its end-of-life day'],
    [16, '2020-08-25', 'supported', 'a line without maintenance start while among 1.18, 1.17, 1.16'],
    [16, '2020-08-26', 'maintenance', 'a line without maintenance start once 1.19 is released'],
    [17, '2020-12-07', 'supported', 'a line without maintenance start while among 1.19, 1.18, 1.17'],
    [17, '2020-12-08', 'maintenance', 'a line without maintenance start once 1.20 is released'],
    [18, '2021-04-07', 'supported', '1.18 until 1.21 is released'],
    [18, '2021-04-08', 'maintenance', '1.18 once 1.21 is released, though its maintenance start is unknown'],
    [18, '2021-06-18', 'end-of-life', '1.18 on its end-of-life day'],
    [19, '2021-08-27', 'supported', 'a 14-month line before maintenance mode'],
    [15, '2019-10-01', 'unknown', 'a line the catalog does not list'],
    [38, '2026-12-01', 'unknown', 'a line newer than the catalog'],
  ];
  for (const [minor, date, expected, why] of cases) {
    it(`says v1.${minor} is ${expected} on ${date}: ${why}`, () => {
      assert.equal(supportStatus(catalog, minor, date), expected);
    });
  }

  it('refuses a date that is not YYYY-MM-DD', () => {
    assert.throws(() => supportStatus(catalog, 37, '2026-9-15'), {
      name: 'ConfigError',
      message: 'invalid date "2026-9-15": expected a calendar date written YYYY-MM-DD, e.g. 2026-09-15',
    });
  });
});
