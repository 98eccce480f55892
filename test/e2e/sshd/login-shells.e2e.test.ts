import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SshNodeShell } from '../../../src/adapters/ssh/index.js';
import { sshdSkipReason, startLoopbackSshd, type LoopbackSshd } from './loopback-sshd.js';

// Users whose login shell is not POSIX (Debian's fish and tcsh, see provision.sh), against a real
// sshd on 127.0.0.1: the words of every command must arrive as they were given, as they do for a
// user whose login shell is sh.

// Words each family of shells reads in its own way when POSIX-quoted: backslashes and quotes
// (fish), a newline inside quotes (tcsh), history and variables and globs (csh), spaces.
const WORDS = ["it's", 'a\\\\b\\', 'tab\there', 'line one\nline two', '$HOME', '!!', '*', 'x y', '"quoted"', '{a,b}', '~', ''];

describe('commands over SSH for users whose login shell is not POSIX', { skip: sshdSkipReason() ?? false, timeout: 300_000 }, () => {
  let sshd: LoopbackSshd;
  let home: string;
  const shells: SshNodeShell[] = [];
  const shellAs = (user: string): SshNodeShell => {
    const shell = new SshNodeShell({
      hosts: [{ node: 'n1', host: '127.0.0.1', port: sshd.port }],
      user,
      identityFiles: [sshd.clientKey],
      knownHostsFile: sshd.knownHosts,
      extraKnownHostsFiles: [],
      sshConfigFile: null,
      agentSocket: null,
      homeDir: home,
    });
    shells.push(shell);
    return shell;
  };

  before(async () => {
    sshd = await startLoopbackSshd();
    home = await mkdtemp(join(tmpdir(), 'kubehop-ssh-home-'));
  });
  after(async () => {
    await Promise.all(shells.map((s) => s.close()));
    await sshd?.stop();
    await rm(home, { recursive: true, force: true });
  });

  for (const user of ['kubehop-fish', 'kubehop-tcsh', 'kubehop-sudo']) {
    it(`passes every word unchanged for ${user}`, async () => {
      const result = await shellAs(user).run('n1', ['printf', '[%s]', ...WORDS], { privileged: false, timeoutMs: 20_000 });
      assert.equal(result.stderr, '');
      assert.equal(result.exitCode, 0);
      assert.equal(result.stdout, WORDS.map((w) => `[${w}]`).join(''));
    });

    it(`runs privileged commands through sudo for ${user}, with exit codes and stderr as they are`, async () => {
      const shell = shellAs(user);
      const root = await shell.run('n1', ['id', '-u'], { privileged: true, timeoutMs: 20_000 });
      assert.equal(root.stdout.trim(), '0');
      const failed = await shell.run('n1', ['sh', '-c', 'echo "no such thing" >&2; exit 7'], { privileged: true, timeoutMs: 20_000 });
      assert.deepEqual([failed.exitCode, failed.stderr], [7, 'no such thing\n']);
    });
  }
});
