import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, constants, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

// scripts/krew-manifest.mjs builds the plugin's release archive and its krew manifest. Here the
// manifest is checked against krew's rules, its sha256 against the archive built, and the archive
// is installed the way krew does it (unpacked, its bin linked onto PATH) and run outside the
// repository, with no node_modules to fall back on.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/krew-manifest.mjs');
const run = promisify(execFile);
const buildRelease = (out: string, ...extra: string[]) =>
  run(process.execPath, [SCRIPT, '--homepage', 'https://example.org/kubehop', '--base-url', 'https://example.org/kubehop/releases/v1/', '--out', out, ...extra], { cwd: ROOT, timeout: 180_000 });

interface Platform {
  readonly selector?: { readonly matchLabels?: Record<string, string> };
  readonly uri?: string;
  readonly sha256?: string;
  readonly bin?: string;
  readonly files?: readonly { readonly from?: string; readonly to?: string }[];
}
interface Manifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: {
    readonly version?: string;
    readonly homepage?: string;
    readonly shortDescription?: string;
    readonly description?: string;
    readonly caveats?: string;
    readonly platforms?: readonly Platform[];
  };
}

/** What krew (and its index's validation) require of a plugin manifest; every broken rule, named. */
function krewProblems(manifest: Manifest, fileName: string): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  expect(manifest.apiVersion === 'krew.googlecontainertools.github.com/v1alpha2', 'apiVersion');
  expect(manifest.kind === 'Plugin', 'kind');
  expect(`${manifest.metadata?.name}.yaml` === fileName, 'metadata.name matches the file name');
  const spec = manifest.spec ?? {};
  expect(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec.version ?? ''), 'spec.version is semver with a "v"');
  expect(/^https:\/\//.test(spec.homepage ?? ''), 'spec.homepage');
  expect((spec.shortDescription ?? '').length > 0 && (spec.shortDescription ?? '').length <= 50, 'spec.shortDescription, at most 50 characters');
  expect((spec.description ?? '').length > 0, 'spec.description');
  expect((spec.platforms ?? []).length > 0, 'spec.platforms');
  const seen = new Set<string>();
  for (const [i, p] of (spec.platforms ?? []).entries()) {
    const labels = p.selector?.matchLabels ?? {};
    expect(['linux', 'darwin', 'windows'].includes(labels.os ?? '') && ['amd64', 'arm64', '386', 'arm'].includes(labels.arch ?? ''), `platforms[${i}].selector os/arch`);
    expect(!seen.has(`${labels.os}/${labels.arch}`), `platforms[${i}] selects a platform another one does`);
    seen.add(`${labels.os}/${labels.arch}`);
    expect(/^https:\/\/\S+\.tar\.gz$/.test(p.uri ?? ''), `platforms[${i}].uri is an https .tar.gz`);
    expect(/^[0-9a-f]{64}$/.test(p.sha256 ?? ''), `platforms[${i}].sha256`);
    expect((p.bin ?? '') !== '' && !(p.bin ?? '').endsWith('.exe'), `platforms[${i}].bin`);
    expect((p.files ?? []).length > 0 && (p.files ?? []).every((f) => (f.from ?? '') !== '' && (f.to ?? '') !== ''), `platforms[${i}].files`);
  }
  return problems;
}

describe('the krew plugin release', () => {
  let work = '';
  let manifest: Manifest = {};
  let archive = Buffer.alloc(0);
  let archiveName = '';
  let version = '';

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'kubehop-krew-'));
    await buildRelease(join(work, 'out'));
    manifest = parse(await readFile(join(work, 'out/hop.yaml'), 'utf8')) as Manifest;
    archiveName = (await readdir(join(work, 'out'))).find((f) => f.endsWith('.tar.gz')) ?? '';
    archive = await readFile(join(work, 'out', archiveName));
    version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  });
  after(() => rm(work, { recursive: true, force: true }));

  it('writes a manifest krew accepts, for the version in package.json', () => {
    assert.deepEqual(krewProblems(manifest, 'hop.yaml'), []);
    assert.equal(manifest.spec?.version, `v${version}`);
    assert.equal(archiveName, `kubectl-hop-v${version}.tar.gz`);
  });

  it('gives every platform the sha256 of the archive it built, at the base URL', () => {
    const sha256 = createHash('sha256').update(archive).digest('hex');
    for (const p of manifest.spec?.platforms ?? []) {
      assert.equal(p.sha256, sha256);
      assert.equal(p.uri, `https://example.org/kubehop/releases/v1/${archiveName}`);
    }
  });

  it('says in its caveats that Node.js 20 must be on PATH', () => {
    assert.match(manifest.spec?.caveats ?? '', /Node\.js 20 or newer as "node" on your PATH/);
  });

  it('builds the same archive, byte for byte, when run again', async () => {
    await buildRelease(join(work, 'again'));
    assert.ok(archive.equals(await readFile(join(work, 'again', archiveName))));
  });

  it('installs as krew does and runs as "kubectl hop" with only Node.js on PATH, live client libraries included', async () => {
    const installed = join(work, 'store/hop');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', join(work, 'out', archiveName), '-C', installed]);
    const bin = manifest.spec?.platforms?.[0]?.bin ?? '';
    await access(join(installed, bin), constants.X_OK);
    await assert.rejects(access(join(installed, 'node_modules')));
    await assert.doesNotReject(access(join(installed, 'LICENSE')));
    const krewBin = join(work, 'krew-bin');
    await mkdir(krewBin);
    await symlink(join(installed, bin), join(krewBin, 'kubectl-hop'));
    const env = { PATH: `${krewBin}:${dirname(process.execPath)}`, HOME: work };
    const plugin = (...argv: string[]) => run('kubectl-hop', argv, { env, cwd: work, timeout: 60_000 });

    assert.equal((await plugin('--version')).stdout, `kubehop ${version}\n`);
    assert.match((await plugin('plan', '--cluster', 'demo', '--to', '1.37')).stdout, /^Upgrade plan for cluster "demo": v1\.32\.9 -> v1\.37\.1\n/);
    // A live command loads the bundled Kubernetes and SSH clients and reaches for the API server.
    const kubeconfig = join(work, 'kubeconfig');
    await writeFile(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: x',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'users: [{name: u, user: {token: t}}]', '',
    ].join('\n'));
    await assert.rejects(plugin('check', '--kubeconfig', kubeconfig), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /failed to reach the API server at https:\/\/127\.0\.0\.1:1/);
      return true;
    });
  });

  it('refuses a base URL that is not https with exit 2, writing nothing', async () => {
    const out = join(work, 'refused');
    await assert.rejects(run(process.execPath, [SCRIPT, '--homepage', 'https://example.org/kubehop', '--base-url', 'http://example.org/x', '--out', out]), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr ?? '', /--base-url must be an https:\/\/ URL \(krew downloads over https\), got "http:\/\/example\.org\/x"/);
      return true;
    });
    await assert.rejects(access(out));
  });
});
