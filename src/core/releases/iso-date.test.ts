import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysBetween, isIsoDate, requireIsoDate } from './iso-date.js';

describe('isIsoDate', () => {
  const cases: [unknown, boolean][] = [
    ['2026-09-15', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2019-13-01', false],
    ['2019-04-31', false],
    ['2019-00-10', false],
    ['2019-1-10', false],
    ['2019-01-10T00:00:00Z', false],
    [20190110, false],
    [undefined, false],
  ];
  for (const [value, expected] of cases) {
    it(`says ${JSON.stringify(value)} is ${expected ? '' : 'not '}a calendar date`, () => {
      assert.equal(isIsoDate(value), expected);
    });
  }
});

describe('daysBetween', () => {
  const cases: [string, string, number][] = [
    ['2026-09-15', '2026-09-15', 0],
    ['2026-09-15', '2026-09-16', 1],
    ['2026-09-16', '2026-09-15', -1],
    ['2026-09-15', '2026-11-14', 60],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['1970-01-01', '2000-01-01', 10957],
    ['2018-03-26', '2027-10-28', 3503],
  ];
  for (const [from, to, days] of cases) {
    it(`counts ${days} days from ${from} to ${to}`, () => {
      assert.equal(daysBetween(from, to), days);
    });
  }

  it('refuses a date that is not YYYY-MM-DD, naming it', () => {
    assert.throws(() => daysBetween('2026-09-15', '15.09.2026'), {
      name: 'ConfigError',
      message: 'invalid date "15.09.2026": expected a calendar date written YYYY-MM-DD, e.g. 2026-09-15',
    });
  });

  it('names what the date was for', () => {
    assert.throws(() => requireIsoDate('tomorrow', '--date'), {
      message: 'invalid --date "tomorrow": expected a calendar date written YYYY-MM-DD, e.g. 2026-09-15',
    });
  });
});
