import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePackageQuery } from './parse-package-query.js';

describe('parsePackageQuery', () => {
  const cases: Array<[string, number, string, object]> = [
    ['reads an installed deb with its status', 0, '1.31.4-1.1\tii ', { installed: true, version: { version: { major: 1, minor: 31, patch: 4 }, revision: '1.1', era: 'pkgs' } }],
    ['reads a held deb as installed', 0, '1.28.2-00\thi ', { installed: true, version: { version: { major: 1, minor: 28, patch: 2 }, revision: '00', era: 'legacy' } }],
    ['reads a version without a status, as the simulator answers', 0, '1.30.2-1.1\n', { installed: true, version: { version: { major: 1, minor: 30, patch: 2 }, revision: '1.1', era: 'pkgs' } }],
    ['reads an installed rpm', 0, '1.30.2-150500.1.1', { installed: true, version: { version: { major: 1, minor: 30, patch: 2 }, revision: '150500.1.1', era: 'pkgs' } }],
    ['takes a removed deb with config files left for not installed', 0, '1.29.0-1.1\trc ', { installed: false }],
    ['takes dpkg-query exit 1 for not installed', 1, '', { installed: false }],
    ['takes rpm "is not installed" for not installed', 1, 'package kubectl is not installed', { installed: false }],
    ['reports a version it cannot read', 0, 'v1.30\tii ', { installed: 'unreadable', problem: 'the installed kubeadm package has version "v1.30", which is not VERSION-REVISION such as 1.30.2-1.1' }],
  ];
  for (const [name, exitCode, stdout, expected] of cases) {
    it(name, () => assert.deepEqual(parsePackageQuery('kubeadm', { exitCode, stdout }), expected));
  }
});
