import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { NodeCommandError } from '../../../src/core/errors.js';
import { sshdSkipReason, startLoopbackSshd, type LoopbackSshd } from './loopback-sshd.js';
import { parseOsRelease } from '../../../src/adapters/node-shell/parse-os-release.js';
import { parsePackageQuery } from '../../../src/adapters/node-shell/parse-package-query.js';
import { readNodeFacts } from '../../../src/adapters/node-shell/read-node-facts.js';
import { SshNodeShell, type SshNodeShellOptions } from '../../../src/adapters/ssh/ssh-node-shell.js';

// Against a real OpenSSH sshd on 127.0.0.1 (test/e2e/sshd). Root only: sshd must switch users.

const run = promisify(execFile);
const quick = { privileged: false, timeoutMs: 10_000 };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('SshNodeShell against a real sshd', { skip: sshdSkipReason() ?? false, timeout: 120_000 }, () => {
  let sshd: LoopbackSshd;
  let home: string;
  const shells: SshNodeShell[] = [];

  /** A shell whose nodes all map to the loopback sshd, with no user config, agent or global known_hosts. */
  function shellAs(user: string, extra: Partial<SshNodeShellOptions> = {}): SshNodeShell {
    const shell = new SshNodeShell({
      hosts: ['n1', 'n2', 'n3'].map((node) => ({ node, host: '127.0.0.1', port: sshd.port })),
      user,
      identityFiles: [sshd.clientKey],
      knownHostsFile: sshd.knownHosts,
      extraKnownHostsFiles: [],
      sshConfigFile: null,
      agentSocket: null,
      homeDir: home,
      ...extra,
    });
    shells.push(shell);
    return shell;
  }

  before(async () => {
    sshd = await startLoopbackSshd();
    home = await mkdtemp(join(tmpdir(), 'kubehop-ssh-home-'));
  });
  after(async () => {
    await Promise.all(shells.map((s) => s.close()));
    await sshd?.stop();
    await rm(home, { recursive: true, force: true });
  });

  describe('hands every word back byte for byte, whatever a shell would make of it', () => {
    const words: Array<[string, string]> = [
      ['spaces', 'two  spaces and\ttab'],
      ['single quotes', "it's 'quoted'"],
      ['double quotes', 'say "hi"'],
      ['command substitution', '$(touch /tmp/kubehop-pwned) `id`'],
      ['a semicolon and an and-list', 'a; rm -rf /nonexistent && echo no'],
      ['globs and a tilde', '* ? [a-z] ~'],
      ['variables', '$HOME ${PATH} $0'],
      ['backslashes and a newline', 'back\\slash\nnew line'],
      ['an empty word', ''],
      ['non-ASCII', 'ünïcødé ✓'],
      ['pipes and redirections', '| > /tmp/kubehop-pwned < /etc/passwd 2>&1'],
    ];
    for (const [name, word] of words) {
      it(`keeps ${name}`, async () => {
        const result = await shellAs('kubehop-sudo').run('n1', ['printf', '%s\\n', word, 'end'], quick);
        assert.deepEqual({ exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }, { exitCode: 0, stdout: `${word}\nend\n`, stderr: '' });
      });
    }
    it('ran none of what the words contain', async () => {
      await assert.rejects(readFile('/tmp/kubehop-pwned'), { code: 'ENOENT' });
    });
  });

  describe('returns exit codes and stderr as values', () => {
    const cases: Array<[string, readonly string[], number, string]> = [
      ['a failing exit code', ['sh', '-c', 'exit 3'], 3, ''],
      ['stderr apart from stdout', ['sh', '-c', 'echo out; echo oops >&2; exit 1'], 1, 'oops\n'],
      ['a missing command', ['kubehop-no-such-command'], 127, "timeout: failed to run command 'kubehop-no-such-command': No such file or directory\n"],
    ];
    for (const [name, argv, exitCode, stderr] of cases) {
      it(`returns ${name}`, async () => {
        const result = await shellAs('kubehop-sudo').run('n1', argv, quick);
        assert.deepEqual({ exitCode: result.exitCode, stderr: result.stderr, timedOut: result.timedOut }, { exitCode, stderr, timedOut: false });
      });
    }
  });

  describe('times a command out and stops it on the node', () => {
    const cases: Array<[string, string, boolean, string]> = [
      ['for a plain command', 'kubehop-sudo', false, '31.11'],
      ['for a command under sudo', 'kubehop-sudo', true, '31.12'],
      ['for root, whose sessions sshd will not signal', 'root', false, '31.13'],
    ];
    for (const [name, user, privileged, seconds] of cases) {
      it(name, async () => {
        const result = await shellAs(user).run('n1', ['sleep', seconds], { privileged, timeoutMs: 400 });
        assert.equal(result.timedOut, true);
        assert.equal(result.exitCode, null);
        assert.ok(result.durationMs < 3000, `took ${result.durationMs} ms`);
        // The node's own timeout fires a second after ours; give it time to act.
        let alive = true;
        for (let i = 0; i < 40 && alive; i++) {
          await new Promise((r) => setTimeout(r, 100));
          alive = await run('pgrep', ['-f', `sleep ${seconds}`]).then(() => true, () => false);
        }
        assert.equal(alive, false, `sleep ${seconds} still runs on the node`);
      });
    }
  });

  describe('runs privileged commands as root', () => {
    const cases: Array<[string, string, string]> = [
      ['through sudo -n for a user with passwordless sudo', 'kubehop-sudo', '0 kubehop-sudo\n'],
      ['directly, without sudo, for root', 'root', '0 \n'],
    ];
    for (const [name, user, stdout] of cases) {
      it(name, async () => {
        const result = await shellAs(user).run('n1', ['sh', '-c', 'echo "$(id -u) $SUDO_USER"'], { privileged: true, timeoutMs: 10_000 });
        assert.equal(result.stdout, stdout);
      });
    }

    it('explains a user whom sudo asks for a password, as a NodeCommandError', async () => {
      const shell = shellAs('kubehop-nosudo');
      await assert.rejects(shell.run('n1', ['apt-get', 'update'], { privileged: true, timeoutMs: 10_000 }), (error: unknown) => {
        assert.ok(error instanceof NodeCommandError);
        assert.equal(error.message, "user kubehop-nosudo on node n1 cannot run sudo without a password: allow passwordless sudo for kubehop's commands or connect as root");
        assert.deepEqual(error.details.argv, ['apt-get', 'update']);
        assert.equal(error.details.exitCode, 1);
        return true;
      });
      assert.equal((await shell.run('n1', ['id', '-un'], quick)).stdout, 'kubehop-nosudo\n', 'the same user still runs unprivileged commands');
    });
  });

  it('refuses an unreachable port with the node, the address and what to check', async () => {
    const port = await freePort();
    const shell = shellAs('kubehop-sudo', { hosts: [{ node: 'gone', host: '127.0.0.1', port }] });
    await assert.rejects(shell.run('gone', ['true'], quick), {
      name: 'NodeCommandError',
      message: `failed to connect to node gone at 127.0.0.1:${port}: connection refused; check the address (--ssh-host gone=ADDRESS[:PORT]) and that sshd runs there`,
    });
  });

  it('keeps to the cap on sessions open at once and queues the rest', async () => {
    const shell = shellAs('kubehop-sudo', { maxSessions: 3 });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => shell.run(`n${(i % 3) + 1}`, ['sleep', '0.3'], quick)));
    assert.ok(results.every((r) => r.exitCode === 0));
    assert.equal(shell.peakSessions, 3);
    assert.ok(Date.now() - started >= 900, 'nine 0.3 s commands, three at a time, take at least three rounds');
  });

  it('reuses one connection per node', async () => {
    const shell = shellAs('kubehop-sudo');
    const logins = async (): Promise<number> => (await readFile(join(sshd.dir, 'sshd.log'), 'utf8')).split('\n').filter((l) => l.includes('Accepted publickey for kubehop-sudo')).length;
    const before = await logins();
    for (let i = 0; i < 4; i++) await shell.run('n1', ['true'], quick);
    await Promise.all([shell.run('n2', ['true'], quick), shell.run('n2', ['true'], quick)]);
    assert.equal((await logins()) - before, 2);
  });

  it('reports a connection lost mid-command as a NodeCommandError and reconnects for the next command', async () => {
    const shell = shellAs('kubehop-sudo');
    // Walks up from the command to its sshd session process and kills it, as a node reboot would.
    const killSession = 'p=$$; while [ "$(cat /proc/$p/comm)" != sshd ]; do p=$(cut -d" " -f4 /proc/$p/stat); done; kill -KILL $p; sleep 5';
    await assert.rejects(shell.run('n1', ['sh', '-c', killSession], quick), {
      name: 'NodeCommandError',
      message: 'failed to run sh on node n1: the SSH connection closed before the command finished; its outcome is unknown',
    });
    assert.equal((await shell.run('n1', ['echo', 'back'], quick)).stdout, 'back\n');
  });

  it('refuses to run once closed', async () => {
    const shell = shellAs('kubehop-sudo');
    await shell.run('n1', ['true'], quick);
    await shell.close();
    await assert.rejects(shell.run('n1', ['true'], quick), { message: 'failed to run true on node n1: the SSH node shell is closed' });
  });

  it('reads the node facts of this machine over SSH as the machine states them', async () => {
    const facts = await readNodeFacts(shellAs('kubehop-sudo'), 'n1');
    const release = parseOsRelease(await readFile('/etc/os-release', 'utf8'));
    assert.ok(release.ok);
    assert.deepEqual(facts.os, release.value);
    for (const name of ['kubeadm', 'kubelet', 'kubectl'] as const) {
      const local = await run('dpkg-query', ['-W', '-f=${Version}\t${db:Status-Abbrev}', name]).then(
        (r) => ({ exitCode: 0, stdout: r.stdout }),
        () => ({ exitCode: 1, stdout: '' }),
      );
      const expected = parsePackageQuery(name, local);
      assert.deepEqual(facts.packages[name], expected.installed === true ? expected.version : undefined, name);
    }
    assert.ok(Array.isArray(facts.heldPackages));
  });
});

describe('SshNodeShell.reach', () => {
  it('reaches a machine that joins during the run at the address it was given, and leaves an --ssh-host mapping as it was', () => {
    const shell = new SshNodeShell({ hosts: [{ node: 'worker-1', host: '10.0.0.11' }], sshConfigFile: null, agentSocket: null, homeDir: '/nonexistent', localUser: 'ops' });
    shell.reach('spare-1', '10.0.0.20', 2222);
    shell.reach('worker-1', '10.9.9.9');
    const spare = shell.targetOf('spare-1');
    assert.deepEqual([spare.host, spare.port, shell.targetOf('worker-1').host], ['10.0.0.20', 2222, '10.0.0.11']);
  });
});
