import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCpuQuantity, parseMemoryQuantity } from './parse-quantity.js';

describe('parseCpuQuantity', () => {
  const cases: [unknown, number][] = [
    [4, 4000], ['4', 4000], ['0.5', 500], [0.25, 250], ['3500m', 3500], ['100m', 100], ['.1', 100], ['0.0001', 1],
  ];
  for (const [input, millis] of cases) {
    it(`reads ${JSON.stringify(input)} as ${millis} millicores`, () => {
      assert.deepEqual(parseCpuQuantity(input), { ok: true, value: millis });
    });
  }
  for (const input of ['4 cores', '-1', '1.5.0', '', 'm', true]) {
    it(`refuses ${JSON.stringify(input)} and says how to write cpu`, () => {
      const shown = typeof input === 'string' ? `"${input}"` : String(input);
      assert.deepEqual(parseCpuQuantity(input), {
        ok: false,
        message: `invalid cpu quantity ${shown}: use cores (4, 0.5) or millicores (3500m)`,
      });
    });
  }
});

describe('parseMemoryQuantity', () => {
  const cases: [unknown, number][] = [
    ['16Gi', 16 * 2 ** 30], ['512Mi', 512 * 2 ** 20], ['1G', 1e9], ['1.5Ki', 1536], [1024, 1024], ['128974848', 128974848], ['0.5k', 500],
  ];
  for (const [input, bytes] of cases) {
    it(`reads ${JSON.stringify(input)} as ${bytes} bytes`, () => {
      assert.deepEqual(parseMemoryQuantity(input), { ok: true, value: bytes });
    });
  }
  for (const input of ['16GB', '16gi', '16 Gi', '1m', '-1Gi']) {
    it(`refuses "${input}" and names the suffixes`, () => {
      assert.deepEqual(parseMemoryQuantity(input), {
        ok: false,
        message: `invalid memory quantity "${input}": use bytes or a suffix such as 512Mi, 16Gi or 1G`,
      });
    });
  }
});
