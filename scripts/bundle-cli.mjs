// Bundles the CLI into dist/bundle/cli/ (run by `npm run build`, so by `npm ci` through `prepare`).
// Loading ~230 compiled modules one by one was most of a command's start-up; the bundle is a
// handful of chunks, one per command plus what they share, loaded only by the command that runs.
// tsc still type checks; esbuild only strips types.
import { build } from 'esbuild';
import { readdir, readFile, rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';

// yaml ships CommonJS, whose require() of Node's modules needs a real require in an ES module.
const REQUIRE = "import { createRequire as kubehopCreateRequire } from 'node:module'; const require = kubehopCreateRequire(import.meta.url);";
// ssh2's WebAssembly loader, once inside a bundle, asks for the CommonJS __dirname.
const DIRNAME = "import { fileURLToPath as kubehopFileURLToPath } from 'node:url'; import { dirname as kubehopDirname } from 'node:path'; const __filename = kubehopFileURLToPath(import.meta.url); const __dirname = kubehopDirname(__filename);";
// Live adapters load their client libraries only when a live command runs; in an npm install they
// stay outside the bundle as they are (native add-ons, their own lazy loading).
const CLIENT_LIBRARIES = ['@kubernetes/client-node', 'ssh2'];

/**
 * Each built-in cluster's document (data/clusters/NAME.yaml as parse-cluster-file.ts reads it), for
 * the bundle to carry: naming a built-in cluster then loads and runs no YAML parser. The bundle still
 * validates the document, as it would the file.
 */
export async function builtInClusterDocuments() {
  const folder = new URL('../data/clusters/', import.meta.url);
  const documents = {};
  for (const file of (await readdir(folder)).filter((name) => name.endsWith('.yaml')).sort()) {
    const doc = parseDocument(await readFile(new URL(file, folder), 'utf8'));
    if (doc.errors.length > 0) throw new Error(`data/clusters/${file}: ${doc.errors[0].message}`);
    const value = doc.toJS({ maxAliasCount: 1000 });
    // The document goes into the bundle as JSON: a value JSON cannot carry (.inf, .nan) would change.
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)) throw new Error(`data/clusters/${file}: holds a value JSON cannot carry`);
    documents[file.slice(0, -'.yaml'.length)] = value;
  }
  return documents;
}

const options = async (external, banner) => ({
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  banner: { js: banner },
  define: { KUBEHOP_BUILT_IN_CLUSTER_DOCUMENTS: JSON.stringify(await builtInClusterDocuments()) },
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
