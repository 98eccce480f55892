import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRemoteLine } from './build-remote-line.js';

describe('buildRemoteLine', () => {
  const cases: Array<[string, readonly string[], Parameters<typeof buildRemoteLine>[1], string]> = [
    ['quotes every word that is not plainly safe', ['printf', '%s\n', "it's", '$(id)'], { sudo: false }, `printf '%s\n' 'it'\\''s' '$(id)'`],
    ['puts sudo -n -- in front for privileged commands', ['kubeadm', 'upgrade', 'node'], { sudo: true }, 'sudo -n -- kubeadm upgrade node'],
    [
      'wraps in GNU timeout a second after the local deadline, outside sudo so sudoers can name the command',
      ['apt-get', 'update'],
      { sudo: true, timeoutMs: 30000 },
      'timeout --kill-after=10s 31s sudo -n -- apt-get update',
    ],
    ['rounds the remote deadline up to a tenth of a second', ['true'], { sudo: false, timeoutMs: 1234 }, 'timeout --kill-after=10s 2.3s true'],
  ];
  for (const [name, argv, options, line] of cases) {
    it(name, () => assert.equal(buildRemoteLine(argv, options), line));
  }
});
