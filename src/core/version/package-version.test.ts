import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVersion } from './kube-version.js';
import { defaultEraFor, packageVersionPattern, parsePackageVersion } from './package-version.js';

const parsed: [string, string, string, string][] = [
  ['1.30.2-1.1', 'v1.30.2', '1.1', 'pkgs'],
  ['1.28.0-150500.1.1', 'v1.28.0', '150500.1.1', 'pkgs'],
  ['1.12.0-00', 'v1.12.0', '00', 'legacy'],
  ['1.18.3-0', 'v1.18.3', '0', 'legacy'],
];
for (const [text, version, revision, era] of parsed) {
  test(`reads package version ${text} as ${version} from the ${era} repositories`, () => {
    const p = parsePackageVersion(text);
    assert.deepEqual([`v${p.version.major}.${p.version.minor}.${p.version.patch}`, p.revision, p.era], [version, revision, era]);
  });
}

for (const bad of ['1.30.2', 'v1.30.2-1.1', '1.30-1.1', 'kubeadm']) {
  test(`refuses package version "${bad}"`, () => {
    assert.throws(() => parsePackageVersion(bad), {
      message: `invalid package version "${bad}": expected VERSION-REVISION such as 1.30.2-1.1 (pkgs.k8s.io) or 1.12.0-00 (legacy)`,
    });
  });
}

const patterns: [string, 'legacy' | 'pkgs', 'deb' | 'rpm', string][] = [
  ['1.12.10', 'legacy', 'deb', '1.12.10-00'],
  ['1.12.10', 'legacy', 'rpm', '1.12.10-0'],
  ['1.33.13', 'pkgs', 'deb', '1.33.13-*'],
  ['1.33.13', 'pkgs', 'rpm', '1.33.13-*'],
];
for (const [version, era, format, pattern] of patterns) {
  test(`asks ${format} for ${pattern} when installing ${version} from the ${era} repositories`, () => {
    assert.equal(packageVersionPattern(parseVersion(version), era, format), pattern);
  });
}

test('takes pkgs.k8s.io as the source from v1.24, the legacy repositories before', () => {
  assert.equal(defaultEraFor(parseVersion('1.23.17')), 'legacy');
  assert.equal(defaultEraFor(parseVersion('1.24.0')), 'pkgs');
});
