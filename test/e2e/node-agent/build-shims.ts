import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The node-side tools as plain JavaScript: shim/node-shim.ts and every file it imports (the
// shims and the pure src/core rules they share with the planner) transpiled once per cluster, so
// each tool starts as fast as `node` does (~0.15 s; through tsx it would be ~0.7 s a command).

export const SHIM_TOOLS: readonly string[] = ['apt-get', 'apt-mark', 'dpkg-query', 'kubeadm', 'kubelet', 'kubectl', 'systemctl', 'etcdctl', 'curl'];

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ENTRY = join(REPO, 'test', 'e2e', 'node-agent', 'shim', 'node-shim.ts');
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g;

/** Transpiles the shim into `outDir` (same layout as the repository); returns the entry's path. */
export function buildShims(outDir: string): string {
  const queue = [ENTRY];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(RELATIVE_IMPORT)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
    const output = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    const target = join(outDir, relative(REPO, file).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output);
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  return join(outDir, relative(REPO, ENTRY).replace(/\.ts$/, '.js'));
}

/** One launcher per tool in `binDir`, each running the shim with its own name. */
export function writeShimLaunchers(binDir: string, entry: string): void {
  mkdirSync(binDir, { recursive: true });
  for (const tool of SHIM_TOOLS) {
    const path = join(binDir, tool);
    writeFileSync(path, `#!/bin/sh\nexec '${process.execPath}' '${entry}' ${tool} "$@"\n`);
    chmodSync(path, 0o755);
  }
}
