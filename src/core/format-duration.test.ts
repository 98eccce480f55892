import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatDuration, type DurationStyle } from './format-duration.js';

const cases: [DurationStyle, number, string][] = [
  ['go', 45_000, '45s'],
  ['go', 600_000, '10m0s'],
  ['go', 3_900_000, '1h5m0s'],
  ['go', 1_499, '1s'],
  ['short', 45_400, '45s'],
  ['short', 125_000, '2m05s'],
  ['short', 3_725_000, '1h02m'],
  ['stamp', 125_999, '+00:02:05'],
  ['stamp', 36_000_000, '+10:00:00'],
  ['progress', 125_999, '  2m05s'],
  ['progress', 3_725_000, ' 62m05s'],
  ['log', 3_725_250, '01:02:05.250'],
  ['log', 3, '00:00:00.003'],
  ['rough', 44_600, '45s'],
  ['rough', 89_000, '1m'],
  ['rough', 750_000, '13m'],
  ['rough', 4_226_000, '1h10m'],
  ['rough', 3_590_000, '1h0m'],
];

for (const [style, ms, expected] of cases) {
  test(`${ms} ms in the ${style} style reads ${expected}`, () => {
    assert.equal(formatDuration(ms, style), expected);
  });
}

test('lengths round to the nearest second while offsets count the seconds passed', () => {
  assert.equal(formatDuration(59_600, 'short'), '1m00s');
  assert.equal(formatDuration(59_600, 'stamp'), '+00:00:59');
});
