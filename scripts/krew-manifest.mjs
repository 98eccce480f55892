// Builds the release archive of the `kubectl hop` plugin and its krew manifest:
//   node scripts/krew-manifest.mjs --homepage https://HOST/kubehop --base-url https://HOST/releases/v0.1.0 [--out dist/krew]
// The archive holds the CLI bundled with its client libraries (no node_modules), the built-in data,
// bin/kubectl-hop and LICENSE; it is plain JavaScript, so one archive serves every platform krew
// installs on (Node.js 20 must be on PATH there). It is byte-for-byte reproducible (sorted entries,
// fixed times and owners), so the sha256 in a manifest can be checked by building it again.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { bundleCli } from './bundle-cli.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where krew can install a Node.js program: Linux and macOS (krew on Windows wants an .exe). */
export const PLATFORMS = [
  { os: 'linux', arch: 'amd64' },
  { os: 'linux', arch: 'arm64' },
  { os: 'darwin', arch: 'amd64' },
  { os: 'darwin', arch: 'arm64' },
];
const EXECUTABLES = new Set(['bin/kubectl-hop', 'bin/kubehop.js']);

/** One ustar header block: the fields tar reads, octal numbers, and the checksum over the block. */
function tarHeader(path, { size, directory, mode }) {
  if (Buffer.byteLength(path) > 100) throw new Error(`archive path longer than 100 bytes: ${path}`);
  const block = Buffer.alloc(512);
  const put = (offset, length, text) => block.write(text, offset, length, 'utf8');
  const octal = (offset, length, value) => put(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  put(0, 100, path);
  octal(100, 8, mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, 0); // mtime: the epoch, so that the same files give the same archive
  put(148, 8, '        '); // the checksum counts its own field as spaces
  put(156, 1, directory ? '5' : '0');
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  put(265, 32, 'root');
  put(297, 32, 'root');
  const sum = block.reduce((total, byte) => total + byte, 0);
  put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/**
 * A gzipped tar of `entries` ({path, content}; a path ending in "/" is a folder), in the order given.
 * Executables (bin/) are 0755, other files 0644.
 */
export function tarGz(entries) {
  const blocks = [];
  for (const { path, content } of entries) {
    const directory = path.endsWith('/');
    const size = directory ? 0 : content.length;
    blocks.push(tarHeader(path, { size, directory, mode: directory || EXECUTABLES.has(path) ? 0o755 : 0o644 }));
    if (!directory) blocks.push(content, Buffer.alloc((512 - (size % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // two empty blocks end the archive
  // Node's gzip header carries no file name and a zero time, so the bytes depend on the files only.
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

/** The krew manifest (hop.yaml) for an archive at `uri` with `sha256`. */
export function krewManifest({ version, homepage, uri, sha256 }) {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'hop' },
    spec: {
      version: `v${version}`,
      homepage,
      shortDescription: 'Plan and carry out kubeadm cluster upgrades',
      description: [
        'Plans and carries out Kubernetes version upgrades of kubeadm clusters: checks the version',
        'skew rules for the cluster as it is and for every moment of the upgrade, plans the path of',
        'minor hops and the steps on each node (kubeadm, packages, drains that honour',
        'PodDisruptionBudgets), forecasts how long it takes, simulates it on a copy of the cluster,',
        'and applies it over SSH with a journal it can resume from.',
        '',
      ].join('\n'),
      caveats: [
        'kubectl hop is a Node.js program: it needs Node.js 20 or newer as "node" on your PATH',
        '(node --version). Try it without a cluster:',
        '  kubectl hop plan --cluster demo --to 1.37',
        '',
      ].join('\n'),
      platforms: PLATFORMS.map((labels) => ({
        selector: { matchLabels: labels },
        uri,
        sha256,
        files: [{ from: '*', to: '.' }],
        bin: 'bin/kubectl-hop',
      })),
    },
  };
}

async function filesUnder(folder) {
  const out = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(`${path}/`, ...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The archive's entries: folders before what they hold, everything sorted, paths relative to the root. */
async function archiveEntries(staging, version) {
  const entries = [];
  const add = async (path, content) => entries.push({ path, content: content ?? (path.endsWith('/') ? Buffer.alloc(0) : await readFile(join(ROOT, path))) });
  // Only what the bundled CLI needs to run: ES modules ("type": "module") and the version.
  await add('package.json', Buffer.from(`${JSON.stringify({ name: 'kubectl-hop', version, private: true, type: 'module', license: 'Apache-2.0' }, null, 2)}\n`));
  await add('LICENSE');
  await add('bin/');
  await add('bin/kubectl-hop');
  await add('bin/kubehop.js');
  await add('data/');
  for (const path of await filesUnder(join(ROOT, 'data'))) await add(relative(ROOT, path) + (path.endsWith('/') ? '/' : ''));
  await add('dist/');
  await add('dist/bundle/');
  for (const path of await filesUnder(join(staging, 'dist/bundle'))) {
    const inArchive = relative(staging, path) + (path.endsWith('/') ? '/' : '');
    entries.push({ path: inArchive, content: path.endsWith('/') ? Buffer.alloc(0) : await readFile(path) });
  }
  return entries;
}

/** Builds the archive and the manifest into `out`; returns their paths and the archive's sha256. */
export async function buildKrewRelease({ out, homepage, baseUrl }) {
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const staging = join(out, 'staging');
  await rm(staging, { recursive: true, force: true });
  await bundleCli(join(staging, 'dist/bundle/cli'), { selfContained: true });
  const archive = tarGz(await archiveEntries(staging, version));
  await rm(staging, { recursive: true, force: true });
  const name = `kubectl-hop-v${version}.tar.gz`;
  const sha256 = createHash('sha256').update(archive).digest('hex');
  const manifest = krewManifest({ version, homepage, uri: `${baseUrl.replace(/\/+$/, '')}/${name}`, sha256 });
  await mkdir(out, { recursive: true });
  const archivePath = join(out, name);
  const manifestPath = join(out, 'hop.yaml');
  await writeFile(archivePath, archive);
  await writeFile(manifestPath, stringify(manifest, { lineWidth: 0 }));
  return { archivePath, manifestPath, sha256 };
}

const USAGE = 'usage: node scripts/krew-manifest.mjs --homepage URL --base-url URL [--out DIR]\n' +
  '  --homepage URL   the project page krew shows (https)\n' +
  '  --base-url URL   where the release archive will be downloaded from (https); the archive name is added\n' +
  '  --out DIR        where to write the archive and hop.yaml (default dist/krew)\n';

async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { homepage: { type: 'string' }, 'base-url': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`krew-manifest: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  for (const flag of ['homepage', 'base-url']) {
    const value = values[flag];
    if (value === undefined || !/^https:\/\/[^\s/]+/.test(value)) {
      process.stderr.write(`krew-manifest: --${flag} must be an https:// URL (krew downloads over https), got ${value === undefined ? 'nothing' : JSON.stringify(value)}\n${USAGE}`);
      return 2;
    }
  }
  const out = values.out ?? join(ROOT, 'dist/krew');
  if ((await stat(out).catch(() => undefined))?.isFile()) {
    process.stderr.write(`krew-manifest: --out ${out} is a file: give a folder\n`);
    return 2;
  }
  const built = await buildKrewRelease({ out, homepage: values.homepage, baseUrl: values['base-url'] });
  process.stdout.write(`archive  ${built.archivePath}\nsha256   ${built.sha256}\nmanifest ${built.manifestPath}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
