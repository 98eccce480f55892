import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPosixShell, parseLoginShell, posixScript } from './login-shell.js';

describe('the login shell of a node', () => {
  const parsed: [string, string, string | undefined][] = [
    ['is read from the probe line', 'kubehop-login-shell=/usr/bin/fish\n', '/usr/bin/fish'],
    ['is read from the last probe line after what an rc file printed', 'Welcome!\nkubehop-login-shell=/bin/tcsh\n', '/bin/tcsh'],
    ['is unknown when the shell has no SHELL variable', 'kubehop-login-shell=\n', undefined],
    ['is unknown when the probe printed nothing of its own', 'Unknown command: echo\n', undefined],
  ];
  for (const [name, stdout, shell] of parsed) it(name, () => assert.equal(parseLoginShell(stdout), shell));

  const families: [string | undefined, boolean][] = [
    ['/bin/bash', true],
    ['/bin/sh', true],
    ['/usr/bin/dash', true],
    ['/bin/zsh', true],
    ['/bin/ksh93', true],
    ['-bash', true],
    ['/usr/bin/fish', false],
    ['/bin/tcsh', false],
    ['/bin/csh', false],
    ['/usr/bin/nu', false],
    [undefined, false],
  ];
  for (const [shell, posix] of families) {
    it(`${posix ? 'reads' : 'does not read'} POSIX quoting when it is ${shell ?? 'unknown'}`, () => assert.equal(isPosixShell(shell), posix));
  }

  it('gets the line as a script for /bin/sh, its command reading nothing from stdin', () => {
    assert.equal(posixScript("printf '%s' 'a b'"), "printf '%s' 'a b' </dev/null\n");
  });
});
