import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareNames, compareText } from './compare-names.js';

const sign = (n: number) => Math.sign(n);

describe('compareNames', () => {
  const cases: [string, string, number][] = [
    ['worker-2', 'worker-10', -1],
    ['worker-10', 'worker-2', 1],
    ['worker-02', 'worker-2', 0],
    ['node-a', 'node-b', -1],
    ['cp-1', 'worker-1', -1],
    ['a-b', 'ab', -1],
    ['a.b', 'a-b', 1],
    ['web', 'Web', -1],
    ['Web', 'webs', -1],
    ['pool-9', 'pool-a', -1],
    ['', 'a', -1],
    ['ip-10-0-1-5.ec2.internal', 'ip-10-0-1-12.ec2.internal', -1],
  ];
  for (const [a, b, expected] of cases) {
    test(`puts "${a}" ${expected < 0 ? 'before' : expected > 0 ? 'after' : 'level with'} "${b}"`, () => {
      assert.equal(sign(compareNames(a, b)), expected);
    });
  }
});

describe('compareText', () => {
  const cases: [string, string, number][] = [
    ['worker-10', 'worker-2', -1],
    ['POD_X', 'PODS', -1],
    ['node/worker-1 kubelet', 'node/worker-1', 1],
    ['kube-apiserver', 'kubectl', -1],
  ];
  for (const [a, b, expected] of cases) {
    test(`puts "${a}" ${expected < 0 ? 'before' : 'after'} "${b}"`, () => {
      assert.equal(sign(compareText(a, b)), expected);
    });
  }
});

// A seeded generator: the same strings on every run, so a failure can be reproduced.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('both orders agree with the root collation of Intl.Collator on ASCII text', () => {
  const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  const alphabets: [string, string][] = [
    ['DNS names', 'abcz019-.'],
    ['names with capitals and zeros', 'aAbBzZ0019-._'],
    ['printable ASCII', printable],
  ];
  for (const [what, alphabet] of alphabets) {
    for (const numeric of [true, false]) {
      test(`on random ${what}, numeric ${numeric}`, () => {
        const next = random(alphabet.length * (numeric ? 7 : 3));
        const word = () => Array.from({ length: Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
        const collator = new Intl.Collator('en', { numeric });
        const ours = numeric ? compareNames : compareText;
        for (let k = 0; k < 20_000; k++) {
          const a = word();
          const b = next() < 0.3 ? a.slice(0, Math.floor(next() * a.length)) + word() : word();
          assert.equal(sign(ours(a, b)), sign(collator.compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        }
      });
    }
  }
});
