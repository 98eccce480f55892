import { execFile, spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NODE_SESSION_SCRIPT } from './emulated-nodes.js';
import { killOwnProcess } from './own-process.js';

// One real sshd (Debian's openssh-server) for all emulated nodes: it listens on 127.0.0.1 on one
// port per node, and a `Match LocalPort` block per node forces every session on that port into
// the node (node-session.sh). Logins are root's, with a key made here; the host key is made here
// too and written to a known_hosts file with one line per node's port.

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';
const SSHD_PROVISION = join(dirname(fileURLToPath(import.meta.url)), '..', 'sshd', 'provision.sh');

export interface SshHost {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The client's private key (ed25519, unencrypted). */
  readonly keyFile: string;
  /** known_hosts with the host key for every node's `[127.0.0.1]:PORT`. */
  readonly knownHostsFile: string;
}

export interface NodeSshd {
  readonly pid: number;
  readonly dir: string;
  readonly hosts: Readonly<Record<string, SshHost>>;
  stop(): Promise<void>;
}

export interface NodeSshdOptions {
  /** Where the config, keys, pid file and log go. */
  readonly dir: string;
  readonly clusterDir: string;
  /** Node name -> node directory. */
  readonly nodes: Readonly<Record<string, string>>;
}

/** A port the kernel had free a moment ago. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function ensureSshd(): Promise<void> {
  if (existsSync(SSHD)) return;
  await run('bash', [SSHD_PROVISION], { maxBuffer: 16 * 2 ** 20 });
}

export async function startNodeSshd(options: NodeSshdOptions): Promise<NodeSshd> {
  const { dir, clusterDir } = options;
  await ensureSshd();
  mkdirSync(dir, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = join(dir, 'host_key');
  const keyFile = join(dir, 'client_key');
  if (!existsSync(hostKey)) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kubehop-e2e-host', '-f', hostKey]);
  if (!existsSync(keyFile)) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kubehop-e2e-client', '-f', keyFile]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${keyFile}.pub`));
  chmodSync(join(dir, 'authorized_keys'), 0o644);

  const ports: Record<string, number> = {};
  for (const name of Object.keys(options.nodes)) {
    let port = await freePort();
    while (Object.values(ports).includes(port)) port = await freePort();
    ports[name] = port;
  }
  const config = [
    'ListenAddress 127.0.0.1',
    ...Object.values(ports).map((p) => `Port ${p}`),
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding no',
    'X11Forwarding no',
    'MaxSessions 50',
    'MaxStartups 100:30:200',
    'LogLevel VERBOSE',
    // root's bash sources ~/.bashrc when started by sshd unless it is not a top-level shell; on
    // this machine that file costs 0.7 s a command (pyenv). A shell level of 1 skips it.
    'SetEnv SHLVL=1',
    ...Object.entries(ports).flatMap(([name, port]) => [`Match LocalPort ${port}`, `  ForceCommand ${NODE_SESSION_SCRIPT} ${options.nodes[name]} ${clusterDir}`]),
    '',
  ].join('\n');
  const configFile = join(dir, 'sshd_config');
  writeFileSync(configFile, config);
  try {
    await run(SSHD, ['-t', '-f', configFile]);
  } catch (error) {
    throw new Error(`failed to start sshd: it rejects ${configFile}: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  const logFile = join(dir, 'sshd.log');
  const out = openSync(logFile, 'a');
  const child = spawn(SSHD, ['-D', '-f', configFile, '-E', logFile], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('failed to start sshd: no process');
  const stop = () => killOwnProcess(pid, configFile);
  const deadline = Date.now() + 10_000;
  for (const port of Object.values(ports)) {
    while (!(await accepts(port))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stop();
        throw new Error(`failed to start sshd: 127.0.0.1:${port} does not accept connections; see ${logFile}: ${readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' ')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const hostPublic = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, Object.values(ports).map((p) => `[127.0.0.1]:${p} ${hostPublic}\n`).join(''));
  const hosts: Record<string, SshHost> = {};
  for (const [name, port] of Object.entries(ports)) hosts[name] = { host: '127.0.0.1', port, user: 'root', keyFile, knownHostsFile };
  return { pid, dir, hosts, stop };
}
