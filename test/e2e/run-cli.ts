import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/main.js';
import type { E2eCluster } from './e2e-cluster.js';

// The kubehop CLI for end-to-end tests: in this process (runCliCaptured), or as a real child
// process (spawnCli) that a test can kill -9. Run as a script, this file is that child's entry.

const THIS_FILE = fileURLToPath(import.meta.url);
const REPO = resolve(THIS_FILE, '..', '..', '..');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kubehop ARGV` in this process, with its output captured and no terminal to ask on. */
export async function runCliCaptured(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    today: () => new Date().toISOString().slice(0, 10),
    // HOME is kept so that a missing --known-hosts would show up as the user's file, as for a person.
    env: { HOME: process.env.HOME, USER: 'e2e', ...env },
  });
  return { code, stdout, stderr };
}

/** The flags that reach every emulated node over the fixture's sshd: user, key, known_hosts, ports. */
export function sshFlags(cluster: E2eCluster, options: { knownHosts?: string } = {}): string[] {
  const hosts = Object.entries(cluster.sshHosts);
  const first = hosts[0]?.[1];
  if (!first) throw new Error('the e2e cluster has no SSH hosts');
  return [
    '--ssh-user', first.user,
    '--ssh-identity', first.keyFile,
    '--known-hosts', options.knownHosts ?? first.knownHostsFile,
    ...hosts.flatMap(([name, host]) => ['--ssh-host', `${name}=${host.host}:${host.port}`]),
  ];
}

export interface SpawnedCli {
  readonly child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `kubehop ARGV` as a child process (node --import tsx on this file). */
export function spawnCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): SpawnedCli {
  const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, ...argv], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, USER: 'e2e', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => void (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, output: () => text, exited };
}

if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = await runCli(process.argv.slice(2));
}
