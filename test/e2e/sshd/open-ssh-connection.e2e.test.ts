import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { appendFile, chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { sshdSkipReason, startLoopbackSshd, type LoopbackSshd } from './loopback-sshd.js';
import { SshNodeShell, type SshNodeShellOptions } from '../../../src/adapters/ssh/ssh-node-shell.js';

// The SSH adapter (src/adapters/ssh) connecting to a real OpenSSH sshd on 127.0.0.1: host keys,
// keys and passphrases, the agent, ~/.ssh/config and ProxyJump. Root only: sshd must switch users.

const run = promisify(execFile);
const quick = { privileged: false, timeoutMs: 10_000 };
const OTHER_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIINyqwPf5AFTBkaWCXmltroz1o4k+OQQiYeGBJGX4ibU';

describe('opening SSH connections to a real sshd', { skip: sshdSkipReason() ?? false, timeout: 120_000 }, () => {
  let sshd: LoopbackSshd;
  let dir: string;
  let hostFingerprint: string;
  let name: string;
  const shells: SshNodeShell[] = [];

  function shell(extra: Partial<SshNodeShellOptions>): SshNodeShell {
    const s = new SshNodeShell({
      hosts: [{ node: 'n1', host: '127.0.0.1', port: sshd.port }],
      user: 'kubehop-sudo',
      identityFiles: [sshd.clientKey],
      knownHostsFile: sshd.knownHosts,
      extraKnownHostsFiles: [],
      sshConfigFile: null,
      agentSocket: null,
      homeDir: dir,
      ...extra,
    });
    shells.push(s);
    return s;
  }

  before(async () => {
    sshd = await startLoopbackSshd();
    dir = await mkdtemp(join(tmpdir(), 'kubehop-ssh-conn-'));
    // OpenSSH's own word on the fingerprint: "256 SHA256:... comment (ED25519)".
    hostFingerprint = (await run('ssh-keygen', ['-lf', `${sshd.hostKey}.pub`])).stdout.split(' ')[1] ?? '';
    name = `[127.0.0.1]:${sshd.port}`;
  });
  after(async () => {
    await Promise.all(shells.map((s) => s.close()));
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('host keys', () => {
    it('refuses a host missing from known_hosts, naming its fingerprint as ssh-keygen prints it', async () => {
      const file = join(dir, 'kh-empty');
      await assert.rejects(shell({ knownHostsFile: file }).run('n1', ['true'], quick), {
        name: 'NodeCommandError',
        message:
          `failed to connect to node n1 at 127.0.0.1:${sshd.port}: the host key is unknown: ${name} offered ssh-ed25519 ${hostFingerprint} and ${file} has no entry for it; ` +
          `check the fingerprint on node n1 (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and add it (ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ${file}), ` +
          'or pass --ssh-accept-new to record it on first use',
      });
    });

    it('records a new host with acceptNew, and knows it from then on without it', async () => {
      const file = join(dir, 'kh-new');
      const logged: string[] = [];
      await shell({ knownHostsFile: file, acceptNew: true, log: (m) => logged.push(m) }).run('n1', ['true'], quick);
      const hostKey = (await readFile(`${sshd.hostKey}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
      assert.equal(await readFile(file, 'utf8'), `${name} ${hostKey}\n`);
      assert.deepEqual(logged, [`recorded the host key of n1 (127.0.0.1:${sshd.port}, ${hostFingerprint}) in ${file}`]);
      assert.equal((await shell({ knownHostsFile: file }).run('n1', ['true'], quick)).exitCode, 0);
    });

    it('refuses a changed key even with acceptNew, with the fingerprint offered and what to do', async () => {
      const file = join(dir, 'kh-changed');
      await writeFile(file, `${name} ${OTHER_KEY}\n`);
      await assert.rejects(shell({ knownHostsFile: file, acceptNew: true }).run('n1', ['true'], quick), {
        message:
          `failed to connect to node n1 at 127.0.0.1:${sshd.port}: the host key has changed: ${name} offered ssh-ed25519 ${hostFingerprint}, ` +
          `but ${file}:1 (ssh-ed25519 SHA256:YGUeYfpeW4/Rc/aPHxiNZC0ReT0xtiZ4x+2W3kx4iy8) records another; ` +
          'someone may be intercepting the connection, or the node was reinstalled: check the fingerprint on node n1 (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), ' +
          `and only if it matches remove the old entry (ssh-keygen -R '${name}' -f ${file}) and connect again`,
      });
      assert.equal(await readFile(file, 'utf8'), `${name} ${OTHER_KEY}\n`, 'known_hosts is left as it was');
    });

    it('accepts a key recorded hashed by ssh-keygen -H', async () => {
      const file = join(dir, 'kh-hashed');
      await copyFile(sshd.knownHosts, file);
      await run('ssh-keygen', ['-H', '-f', file]);
      assert.match(await readFile(file, 'utf8'), /^\|1\|/);
      assert.equal((await shell({ knownHostsFile: file }).run('n1', ['true'], quick)).exitCode, 0);
    });
  });

  describe('keys', () => {
    let encrypted: string;
    const PASSPHRASE = 'correct horse battery';
    before(async () => {
      encrypted = join(dir, 'encrypted_key');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-C', 'encrypted', '-f', encrypted]);
      await appendFile(join(sshd.dir, 'authorized_keys', 'kubehop-sudo'), await readFile(`${encrypted}.pub`, 'utf8'));
    });

    const cases: Array<[string, string | undefined, string | undefined]> = [
      ['logs in with an encrypted key and its passphrase', PASSPHRASE, undefined],
      ['names an encrypted key given no passphrase', undefined, 'is encrypted and no passphrase was given'],
      ['names an encrypted key the passphrase does not open, without showing the passphrase', 'wrong-secret-42', 'could not be decrypted with the passphrase given'],
    ];
    for (const [title, passphrase, problem] of cases) {
      it(title, async () => {
        const attempt = shell({ identityFiles: [encrypted], ...(passphrase !== undefined && { passphrase }) }).run('n1', ['true'], quick);
        if (problem === undefined) {
          assert.equal((await attempt).exitCode, 0);
          return;
        }
        await assert.rejects(attempt, (error: Error) => {
          assert.equal(
            error.message,
            `failed to log in to node n1 at 127.0.0.1:${sshd.port}: no key to log in as kubehop-sudo with: no identity file could be used (not usable: ${encrypted} ${problem}) ` +
              'and no ssh-agent is available (SSH_AUTH_SOCK is not set); pass --ssh-identity FILE',
          );
          assert.ok(!JSON.stringify(error, Object.getOwnPropertyNames(error)).includes(passphrase ?? PASSPHRASE));
          return true;
        });
      });
    }

    it('says the server refused the keys offered, naming them', async () => {
      const stranger = join(dir, 'stranger_key');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
      await assert.rejects(shell({ identityFiles: [stranger] }).run('n1', ['true'], quick), {
        message:
          `failed to log in to node n1 at 127.0.0.1:${sshd.port}: the server refused every key offered as kubehop-sudo (${stranger}); ` +
          'add the public key to ~kubehop-sudo/.ssh/authorized_keys on the node or pass --ssh-identity FILE',
      });
    });

    it('logs in with a key held by ssh-agent', async () => {
      const socket = join(dir, 'agent.sock');
      const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        // ssh-agent prints the socket's variable once it listens on it.
        await new Promise<void>((listening, failed) => {
          let said = '';
          agent.stdout.on('data', (chunk: Buffer) => {
            said += chunk.toString('utf8');
            if (said.includes('SSH_AUTH_SOCK=')) listening();
          });
          agent.on('exit', (code) => failed(new Error(`ssh-agent exited ${code} before listening: ${said}`)));
          agent.on('error', failed);
        });
        await run('ssh-add', [sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
        const result = await shell({ identityFiles: [], agentSocket: socket }).run('n1', ['id', '-un'], quick);
        assert.equal(result.stdout, 'kubehop-sudo\n');
      } finally {
        agent.kill();
      }
    });
  });

  describe('~/.ssh/config', () => {
    before(async () => {
      await mkdir(join(dir, '.ssh'), { recursive: true });
      await copyFile(sshd.clientKey, join(dir, '.ssh', 'lab_key'));
      await chmod(join(dir, '.ssh', 'lab_key'), 0o600);
      await writeFile(
        join(dir, '.ssh', 'config'),
        [
          'Host lab-*',
          '  HostName 127.0.0.1',
          `  Port ${sshd.port}`,
          '  User kubehop-sudo',
          '  IdentityFile ~/.ssh/lab_key',
          `  UserKnownHostsFile ${sshd.knownHosts}`,
          'Host lab-behind-jump',
          "  ProxyJump root@lab-jump",
          '',
        ].join('\n'),
      );
    });

    function configured(): SshNodeShell {
      const s = new SshNodeShell({ homeDir: dir, localUser: 'nobody', agentSocket: null, extraKnownHostsFiles: [] });
      shells.push(s);
      return s;
    }

    it('finds the address, port, user and key of a node in the ssh config', async () => {
      const shell = configured();
      assert.equal((await shell.run('lab-1', ['id', '-un'], quick)).stdout, 'kubehop-sudo\n');
      const target = shell.targetOf('lab-1');
      assert.deepEqual({ host: target.host, port: target.port, user: target.user, keys: target.identityFiles }, { host: '127.0.0.1', port: sshd.port, user: 'kubehop-sudo', keys: [join(dir, '.ssh', 'lab_key')] });
    });

    it('reaches a node through its ProxyJump host', async () => {
      const rootLogins = async (): Promise<number> => (await readFile(join(sshd.dir, 'sshd.log'), 'utf8')).split('\n').filter((l) => l.includes('Accepted publickey for root ')).length;
      const before = await rootLogins();
      const result = await configured().run('lab-behind-jump', ['sh', '-c', 'echo "$(id -un) from ${SSH_CLIENT%% *}"'], quick);
      assert.equal(result.stdout, 'kubehop-sudo from 127.0.0.1\n');
      assert.equal((await rootLogins()) - before, 1, 'logged in to the jump host as root, the user its ProxyJump names');
    });
  });
});
