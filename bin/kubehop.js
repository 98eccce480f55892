#!/usr/bin/env node
// Runs the bundled CLI; `npm ci` (or `npm run build`) bundles it into dist/bundle/.
import { existsSync } from 'node:fs';

const main = new URL('../dist/bundle/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('kubehop is not built yet: run "npm ci" (or "npm run build") in the kubehop folder first\n');
  process.exit(1);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
