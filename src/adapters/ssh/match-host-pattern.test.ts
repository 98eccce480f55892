import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchGlob, matchHostPattern } from './match-host-pattern.js';

describe('matchHostPattern', () => {
  const cases: Array<[string, string, readonly string[], boolean]> = [
    ['matches a literal name', 'cp-1', ['cp-1'], true],
    ['compares names without regard to case', 'CP-1.Example', ['cp-1.example'], true],
    ['lets * match any run of characters, even none', 'worker-12', ['worker-*'], true],
    ['lets * match nothing at the end', 'worker-', ['worker-*'], true],
    ['lets ? match exactly one character', '10.0.0.7', ['10.0.0.?'], true],
    ['does not let ? match two characters', '10.0.0.17', ['10.0.0.?'], false],
    ['matches when any pattern of the list matches', 'db-1', ['web-*', 'db-*'], true],
    ['refuses a name a negated pattern matches, whatever else matches', 'web-legacy', ['web-*', '!web-legacy'], false],
    ['does not match on a negated pattern alone', 'anything', ['!web-legacy'], false],
    ['matches the bracketed host:port form literally', '[10.0.0.5]:2222', ['[10.0.0.5]:2222'], true],
    ['backtracks over several stars', 'a-b-c-d', ['a*c*d'], true],
  ];
  for (const [name, host, patterns, expected] of cases) {
    it(name, () => assert.equal(matchHostPattern(host, patterns), expected));
  }

  it('matches a pattern that is only a star against anything', () => {
    assert.equal(matchGlob('', '*'), true);
    assert.equal(matchGlob('x', ''), false);
  });
});
