// Bundles the CLI into dist/bundle/cli/ (run by `npm run build`, so by `npm ci` through `prepare`).
// Loading ~230 compiled modules one by one was most of a command's start-up; the bundle is a
// handful of chunks, one per command plus what they share, loaded only by the command that runs.
// tsc still type checks; esbuild only strips types.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// yaml ships CommonJS, whose require() of Node's modules needs a real require in an ES module.
const REQUIRE = "import { createRequire as kubehopCreateRequire } from 'node:module'; const require = kubehopCreateRequire(import.meta.url);";
// ssh2's WebAssembly loader, once inside a bundle, asks for the CommonJS __dirname.
const DIRNAME = "import { fileURLToPath as kubehopFileURLToPath } from 'node:url'; import { dirname as kubehopDirname } from 'node:path'; const __filename = kubehopFileURLToPath(import.meta.url); const __dirname = kubehopDirname(__filename);";
// Live adapters load their client libraries only when a live command runs; in an npm install they
// stay outside the bundle as they are (native add-ons, their own lazy loading).
const CLIENT_LIBRARIES = ['@kubernetes/client-node', 'ssh2'];

/**
 * kubehop's built-in data (data/), read and validated by the same readers a command uses, as the
 * defines that give the bundle their JSON text (src/adapters/file/bundled-data.ts). The readers
 * are bundled for this into a module beside the bundles (three folders deep, as the readers find
 * data/ from), imported, and removed. A data file that does not validate fails the build.
 */
export async function collectBundledData() {
  const folder = fileURLToPath(new URL('../dist/collect-bundled-data/', import.meta.url));
  await rm(folder, { recursive: true, force: true });
  try {
    await build({
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      banner: { js: REQUIRE },
      entryPoints: { collect: fileURLToPath(new URL('../src/adapters/file/collect-bundled-data.ts', import.meta.url)) },
      outdir: join(folder, 'build'),
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
    });
    const { collectBundledData: collect } = await import(pathToFileURL(join(folder, 'build', 'collect.mjs')).href);
    return await collect();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

// Collected once for the CLI and the library bundles alike.
let collected;
const bundledData = () => (collected ??= collectBundledData());

const options = async (external, banner) => ({
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  banner: { js: banner },
  define: await bundledData(),
  logLevel: 'warning',
});

/**
 * The CLI into `outdir` (three folders below the package root, where the data files are found
 * from). `selfContained` also bundles the client libraries, for an archive without node_modules;
 * their native add-ons stay out, and ssh2 falls back to Node's own crypto without them.
 */
export async function bundleCli(outdir, { selfContained = false } = {}) {
  await rm(outdir, { recursive: true, force: true });
  await build({
    ...(await options(selfContained ? ['*.node'] : CLIENT_LIBRARIES, selfContained ? `${REQUIRE} ${DIRNAME}` : REQUIRE)),
    entryPoints: [fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))],
    outdir,
    splitting: true,
  });
}

/** The library API (package.json "exports"): the use cases of src/app in one module, beside the CLI. */
export async function bundleLibrary(outdir) {
  await rm(outdir, { recursive: true, force: true });
  await build({ ...(await options(CLIENT_LIBRARIES, REQUIRE)), entryPoints: [fileURLToPath(new URL('../src/app/index.ts', import.meta.url))], outdir });
}

// The built-in data files are found relative to each adapter's module (src/adapters/file/ ->
// ../../../data), which holds from dist/bundle/cli/ and dist/bundle/lib/ too: keep the bundles three levels deep.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundleCli(fileURLToPath(new URL('../dist/bundle/cli/', import.meta.url)));
  await bundleLibrary(fileURLToPath(new URL('../dist/bundle/lib/', import.meta.url)));
}
