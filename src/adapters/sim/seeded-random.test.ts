import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededRandom } from './seeded-random.js';

test('the seeded random stream repeats for a seed and differs between seeds', () => {
  const draw = (seed: number) => {
    const rng = new SeededRandom(seed);
    return [rng.next(), rng.int(100), rng.podSuffix(), rng.uid()];
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
  assert.match(String(draw(1)[3]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
