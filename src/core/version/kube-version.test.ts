import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, formatVersion, minorDistance, parseVersion, parseVersionSpec } from './kube-version.js';

const specs: [string, object][] = [
  ['1.30', { major: 1, minor: 30 }],
  ['v1.30', { major: 1, minor: 30 }],
  ['1.30.2', { major: 1, minor: 30, patch: 2 }],
  ['v1.30.2', { major: 1, minor: 30, patch: 2 }],
  ['1.31.0-rc.1', { major: 1, minor: 31, patch: 0, pre: 'rc.1' }],
  ['v1.37.0-alpha.3', { major: 1, minor: 37, patch: 0, pre: 'alpha.3' }],
  ['v1.29.3+k3s1', { major: 1, minor: 29, patch: 3 }],
];
for (const [text, expected] of specs) {
  test(`parses "${text}"`, () => assert.deepEqual(parseVersionSpec(text), expected));
}

const garbage: [string, string][] = [
  ['1.2x', 'invalid Kubernetes version "1.2x": "x" is not allowed there (examples: 1.30, v1.30.2, v1.31.0-rc.1)'],
  ['', 'invalid Kubernetes version "": it is empty (examples: 1.30, v1.30.2, v1.31.0-rc.1)'],
  ['latest', 'invalid Kubernetes version "latest": it must start with a number, optionally after "v" (examples: 1.30, v1.30.2, v1.31.0-rc.1)'],
  ['1', 'invalid Kubernetes version "1": it names only a major version; give at least MAJOR.MINOR (examples: 1.30, v1.30.2, v1.31.0-rc.1)'],
  [' 1.30', 'invalid Kubernetes version " 1.30": it has surrounding white space (examples: 1.30, v1.30.2, v1.31.0-rc.1)'],
  ['1.30.2-foo', 'invalid Kubernetes version "1.30.2-foo": the pre-release part must look like -alpha.N, -beta.N or -rc.N (examples: 1.30, v1.30.2, v1.31.0-rc.1)'],
  ['2.0.0', 'invalid Kubernetes version "2.0.0": only major version 1 exists'],
  ['1.30-rc.1', 'invalid Kubernetes version "1.30-rc.1": a pre-release needs a patch number, e.g. 1.31.0-rc.1'],
];
for (const [text, message] of garbage) {
  test(`refuses "${text}" saying exactly what is wrong`, () => {
    assert.throws(() => parseVersionSpec(text), { name: 'ConfigError', message });
  });
}

test('refuses a bare minor where a full version is needed', () => {
  assert.throws(() => parseVersion('1.30'), { message: 'invalid Kubernetes version "1.30": a full version needs a patch number, e.g. v1.30.0' });
});

const order: [string, string, number][] = [
  ['1.30.2', '1.30.10', -1],
  ['1.31.0', '1.30.14', 1],
  ['1.31.0-rc.1', '1.31.0', -1],
  ['1.31.0-alpha.2', '1.31.0-beta.0', -1],
  ['1.31.0-rc.2', '1.31.0-rc.10', -1],
  ['v1.31.0', '1.31.0', 0],
];
for (const [a, b, sign] of order) {
  test(`orders ${a} ${sign < 0 ? 'before' : sign > 0 ? 'after' : 'with'} ${b}`, () => {
    assert.equal(Math.sign(compareVersions(parseVersion(a), parseVersion(b))), sign);
  });
}

test('measures the minor distance between versions', () => {
  assert.equal(minorDistance(parseVersion('1.32.9'), parseVersion('1.37.1')), 5);
  assert.equal(minorDistance(parseVersion('1.37.1'), parseVersion('1.32.9')), -5);
});

test('formats a version with its v and pre-release', () => {
  assert.equal(formatVersion(parseVersion('1.31.0-rc.1')), 'v1.31.0-rc.1');
});
