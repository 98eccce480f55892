import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// A real kubeadm cluster for end-to-end tests (start.sh / stop.sh beside this file): node
// containers with systemd, sshd, apt and Docker, kubelets installed from .debs and joined with
// kubeadm. stop() removes everything; if the test process dies first, a detached watchdog does.

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(process.env.KUBEHOP_CACHE_DIR ?? '/var/cache/kubehop', 'kubeadm');
// The fixture's addresses, bridge and dockerd are fixed: one cluster on the machine at a time.
const HOST_LOCK = join(tmpdir(), 'kubehop-kubeadm-cluster.lock');
const LOCK_WAIT_MS = 45 * 60_000;

export interface KubeadmClusterOptions {
  readonly workers?: number;
  /** Extra node containers, prepared like the others but not joined. */
  readonly spares?: number;
}

export interface KubeadmNode {
  readonly name: string;
  readonly address: string;
}

export interface KubeadmCluster {
  readonly dir: string;
  readonly kubeconfig: string;
  /** start.sh's facts (env.json). */
  readonly env: Readonly<Record<string, string>>;
  readonly nodes: readonly KubeadmNode[];
  readonly spares: readonly KubeadmNode[];
  /** The kubectl of the cluster's starting version. */
  readonly kubectl: string;
  /** kubehop's flags to reach every node over SSH as an operator would. */
  readonly sshFlags: readonly string[];
  /** Runs a shell command line on a node over SSH (the fixture's key and known_hosts). */
  ssh(node: string, command: string): Promise<{ stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/** Why the real kubeadm cluster cannot run here, or undefined when it can. */
export function kubeadmClusterSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'the real kubeadm cluster needs root (dockerd, iptables); run the tests as root';
  const needed = ['node-rootfs.tar', 'apt/dists/kubernetes-xenial/InRelease', 'images/app_1.tar'];
  const missing = needed.filter((f) => !existsSync(join(CACHE, f)));
  if (missing.length > 0) return `the real kubeadm fixture is not provisioned (${missing.join(', ')} missing in ${CACHE}); run test/e2e/kubeadm/provision.sh as root`;
  return undefined;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Waits until no other test process on this machine runs a real kubeadm cluster, then holds the
 * host lock (a directory naming its holder's pid; a dead holder's lock is taken over).
 */
async function holdHostLock(): Promise<() => void> {
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(HOST_LOCK);
      writeFileSync(join(HOST_LOCK, 'pid'), String(process.pid));
      return () => rmSync(HOST_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    let orphaned = false;
    try {
      holder = Number(readFileSync(join(HOST_LOCK, 'pid'), 'utf8'));
    } catch {
      // Just made by a process that has not written its pid yet, or that died in between.
      try {
        orphaned = Date.now() - statSync(HOST_LOCK).mtimeMs > 30_000;
      } catch {
        continue;
      }
    }
    if (orphaned || (Number.isInteger(holder) && holder > 0 && !alive(holder))) {
      rmSync(HOST_LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > waitUntil) throw new Error(`another real kubeadm cluster (test process ${holder}) held ${HOST_LOCK} for ${LOCK_WAIT_MS / 60_000} minutes`);
    await new Promise((done) => setTimeout(done, 2_000));
  }
}

function parseHosts(value: string | undefined): KubeadmNode[] {
  return (value ?? '').split(' ').filter((e) => e !== '').map((entry) => {
    const [name = '', address = ''] = entry.split('=');
    return { name, address };
  });
}

export async function startKubeadmCluster(options: KubeadmClusterOptions = {}): Promise<KubeadmCluster> {
  const skip = kubeadmClusterSkipReason();
  if (skip) throw new Error(`failed to start the real kubeadm cluster: ${skip}`);
  const release = await holdHostLock();
  const dir = mkdtempSync(join(process.env.KUBEHOP_KUBEADM_E2E_ROOT ?? tmpdir(), 'kubehop-kubeadm-'));
  const watchdog = spawn('bash', ['-c', 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; bash "$2" "$3"', 'watchdog', String(process.pid), join(HERE, 'stop.sh'), dir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  const stop = async (): Promise<void> => {
    try {
      await run('bash', [join(HERE, 'stop.sh'), dir], { maxBuffer: 16 * 2 ** 20 });
    } finally {
      watchdog.kill('SIGKILL');
      if (process.env.KUBEHOP_KEEP_E2E_DIR !== '1') rmSync(dir, { recursive: true, force: true });
      release();
    }
  };
  try {
    await run('bash', [join(HERE, 'start.sh'), dir, '--workers', String(options.workers ?? 2), '--spares', String(options.spares ?? 0)], {
      maxBuffer: 16 * 2 ** 20,
    });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    await stop().catch(() => undefined);
    throw new Error(`failed to start the real kubeadm cluster: ${detail}`);
  }
  const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as Record<string, string>;
  const nodes = parseHosts(env.KUBEHOP_KUBEADM_NODES);
  const sshConfig = env.KUBEHOP_KUBEADM_SSH_CONFIG as string;
  return {
    dir,
    kubeconfig: env.KUBECONFIG as string,
    env,
    nodes,
    spares: parseHosts(env.KUBEHOP_KUBEADM_SPARES),
    kubectl: env.KUBEHOP_KUBEADM_KUBECTL as string,
    sshFlags: ['--ssh-config', sshConfig, '--ssh-user', 'root', '--ssh-identity', env.KUBEHOP_KUBEADM_SSH_IDENTITY as string, '--known-hosts', env.KUBEHOP_KUBEADM_KNOWN_HOSTS as string],
    ssh: (node, command) => run('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', node, command], { maxBuffer: 16 * 2 ** 20 }),
    stop,
  };
}
