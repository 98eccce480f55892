import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The real control plane for the real-API tests: test/e2e/control-plane/start.sh in a fresh
// directory, stop.sh afterwards. provision.sh (idempotent, cached) runs first when the binaries
// are missing. Only two things make the tests skip: not being root, and binaries that are
// missing and cannot be built.

const run = promisify(execFile);
const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'e2e', 'control-plane');
const BIN_DIR = process.env.KUBEHOP_K8S_BIN_DIR ?? '/var/cache/kubehop/kubernetes-v1.20.2/bin';
const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'];

export interface ControlPlane {
  readonly dir: string;
  readonly server: string;
  readonly adminKubeconfig: string;
  readonly limitedKubeconfig: string;
  /** Seconds start.sh took. */
  readonly startSeconds: number;
  stop(): Promise<void>;
}

export type ControlPlaneStart = { readonly ok: true; readonly plane: ControlPlane } | { readonly ok: false; readonly skip: string };

function binariesCached(): boolean {
  return BINARIES.every((b) => existsSync(join(BIN_DIR, b)));
}

/** DIR/env, for a start.sh that writes no env.json. */
function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(line);
    // start.sh writes printf %q values; ours are paths and URLs, quoted only when odd.
    if (m?.[1]) env[m[1]] = (m[2] ?? '').replace(/^'(.*)'$/, '$1');
  }
  return env;
}

export async function startControlPlane(): Promise<ControlPlaneStart> {
  if (process.getuid?.() !== 0) return { ok: false, skip: 'the real-API tests need root (they start etcd and kube-apiserver); run them as root' };
  if (!binariesCached()) {
    try {
      await run('bash', [join(SCRIPTS, 'provision.sh')], { maxBuffer: 64 * 2 ** 20 });
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? (error as Error).message;
      return { ok: false, skip: `no Kubernetes v1.20.2 binaries in ${BIN_DIR} and provision.sh could not build them: ${detail}` };
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-cp-'));
  const started = Date.now();
  try {
    await run('bash', [join(SCRIPTS, 'start.sh'), dir], { maxBuffer: 16 * 2 ** 20 });
  } catch (error) {
    await run('bash', [join(SCRIPTS, 'stop.sh'), dir]).catch(() => undefined);
    throw new Error(`failed to start the control plane in ${dir}: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  const env = existsSync(join(dir, 'env.json'))
    ? (JSON.parse(await readFile(join(dir, 'env.json'), 'utf8')) as Record<string, string>)
    : parseEnv(await readFile(join(dir, 'env'), 'utf8'));
  return {
    ok: true,
    plane: {
      dir,
      server: env.KUBEHOP_CP_SERVER ?? '',
      adminKubeconfig: env.KUBEHOP_CP_ADMIN_KUBECONFIG ?? join(dir, 'admin.kubeconfig'),
      limitedKubeconfig: env.KUBEHOP_CP_LIMITED_KUBECONFIG ?? join(dir, 'limited.kubeconfig'),
      startSeconds: (Date.now() - started) / 1000,
      stop: async () => {
        await run('bash', [join(SCRIPTS, 'stop.sh'), dir]);
        if (process.env.KUBEHOP_KEEP_CP_DIR !== '1') await rm(dir, { recursive: true, force: true });
      },
    },
  };
}
