import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainRemoteFailure } from './explain-remote-failure.js';

const use = { node: 'cp-1', user: 'ops', sudo: true, timeout: true };

describe('explainRemoteFailure', () => {
  const cases: Array<[string, number | null, string, typeof use, string | undefined]> = [
    ['explains sudo asking for a password', 1, 'sudo: a password is required\n', use, "user ops on node cp-1 cannot run sudo without a password: allow passwordless sudo for kubehop's commands or connect as root"],
    ['explains a user sudo does not know', 1, 'ops is not in the sudoers file.  This incident will be reported.\n'.replace(/^/, 'sudo: '), use, "user ops on node cp-1 may not run sudo: allow passwordless sudo for kubehop's commands or connect as root"],
    ['explains a node without sudo', 127, 'bash: line 1: sudo: command not found\n', use, 'sudo is not installed on node cp-1: install it and allow user ops passwordless sudo, or connect as root'],
    ['explains a node without sudo, as timeout reports it', 127, "timeout: failed to run command 'sudo': No such file or directory\n", use, 'sudo is not installed on node cp-1: install it and allow user ops passwordless sudo, or connect as root'],
    ['explains a node without timeout', 127, 'sh: 1: timeout: not found\n', { ...use, sudo: false }, 'node cp-1 has no timeout command (GNU coreutils), which kubehop uses to stop commands that overrun: install coreutils'],
    ['leaves a failing command alone', 1, 'E: Unable to locate package kubeadm\n', use, undefined],
    ['leaves sudo-like text alone when kubehop added no sudo', 1, 'sudo: a password is required\n', { ...use, sudo: false }, undefined],
  ];
  for (const [name, exitCode, stderr, context, expected] of cases) {
    it(name, () => assert.equal(explainRemoteFailure({ exitCode, stderr }, context), expected));
  }
});
