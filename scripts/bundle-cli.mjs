// Bundles the CLI into dist/bundle/cli/ (run by `npm run build`, so by `npm ci` through `prepare`).
// Loading ~230 compiled modules one by one was most of a command's start-up; the bundle is a
// handful of chunks, one per command plus what they share, loaded only by the command that runs.
// tsc still type checks; esbuild only strips types.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const outdir = fileURLToPath(new URL('../dist/bundle/cli/', import.meta.url));
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Live adapters load their client libraries only when a live command runs; kept outside the
  // bundle as they are (native add-ons, their own lazy loading).
  external: ['@kubernetes/client-node', 'ssh2'],
  // yaml ships CommonJS, whose require() of Node's modules needs a real require in an ES module.
  banner: { js: "import { createRequire as kubehopCreateRequire } from 'node:module'; const require = kubehopCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The library API (package.json "exports"): the use cases of src/app in one module, beside the CLI.
const libdir = fileURLToPath(new URL('../dist/bundle/lib/', import.meta.url));
await rm(libdir, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../src/app/index.ts', import.meta.url))],
  outdir: libdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@kubernetes/client-node', 'ssh2'],
  banner: { js: "import { createRequire as kubehopCreateRequire } from 'node:module'; const require = kubehopCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The built-in data files are found relative to each adapter's module (src/adapters/file/ ->
// ../../../data), which holds from dist/bundle/cli/ and dist/bundle/lib/ too: keep the bundles three levels deep.
