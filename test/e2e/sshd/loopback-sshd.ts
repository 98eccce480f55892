import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// A throwaway sshd on 127.0.0.1 for tests, through start.sh/stop.sh beside this file. Needs root:
// tests call sshdSkipReason() and skip with its reason otherwise.

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

export interface LoopbackSshd {
  readonly dir: string;
  readonly port: number;
  /** Unencrypted ed25519 key authorised for root, kubehop-sudo, kubehop-nosudo, kubehop-fish and kubehop-tcsh. */
  readonly clientKey: string;
  /** The sshd's own host key (private; .pub beside it). */
  readonly hostKey: string;
  /** A known_hosts file with the host key recorded for [127.0.0.1]:port. */
  readonly knownHosts: string;
  stop(): Promise<void>;
}

/** Why the real-sshd tests cannot run here, or undefined when they can. */
export function sshdSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'the loopback sshd tests need Linux';
  if (process.getuid?.() !== 0) return 'the loopback sshd tests need root (sshd switches users; provision.sh installs openssh-server and creates test users)';
  return undefined;
}

export async function startLoopbackSshd(): Promise<LoopbackSshd> {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-sshd-'));
  try {
    await run(join(here, 'start.sh'), [dir], { timeout: 300_000 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const e = error as { stderr?: string; message: string };
    throw new Error(`failed to start the loopback sshd: ${e.stderr?.trim() || e.message}`);
  }
  const env = Object.fromEntries(
    (await readFile(join(dir, 'env'), 'utf8'))
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    dir,
    port: Number(env['SSHD_PORT']),
    clientKey: env['SSHD_CLIENT_KEY'] ?? join(dir, 'client_key'),
    hostKey: env['SSHD_HOST_KEY'] ?? join(dir, 'host_key'),
    knownHosts: env['SSHD_KNOWN_HOSTS'] ?? join(dir, 'known_hosts'),
    async stop() {
      await run(join(here, 'stop.sh'), [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
