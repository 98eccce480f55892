import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The bundled CLI that `npm ci` builds (bin/kubehop.js -> dist/bundle/cli/): each command's chunk
// loads on demand and the built-in data files are found from the bundle's folder.

const KUBEHOP = fileURLToPath(new URL('../../bin/kubehop.js', import.meta.url));
const run = (argv: readonly string[]) => promisify(execFile)(process.execPath, [KUBEHOP, ...argv], { env: { PATH: process.env.PATH ?? '' } });

test('the built CLI plans the built-in demo cluster from the bundled data files', async () => {
  const { stdout } = await run(['plan', '--cluster', 'demo', '--to', '1.37']);
  assert.match(stdout, /^Upgrade plan for cluster "demo": v1\.32\.9 -> v1\.37\.1\n/);
});

test('the built CLI writes completion from every command, each loaded on demand', async () => {
  const { stdout } = await run(['completion', 'bash']);
  for (const [command, flag] of [['check', '--cluster'], ['apply', '--resume'], ['plan', '--max-unavailable'], ['preflight', '--manifests'], ['releases', '--releases'], ['simulate', '--seed']]) {
    assert.match(stdout, new RegExp(`    ${command}\\) opts="[^"]*${flag}[ "]`), `${command} ${flag}`);
  }
});

test('the built CLI answers an unknown command with exit 2 and the list of commands', async () => {
  await assert.rejects(run(['plna']), (error: { code?: number; stderr?: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr ?? '', /unknown command "plna": use one of check, apply, plan, preflight, releases, simulate/);
    return true;
  });
});

test('the built CLI carries the built-in data: each built-in cluster plans, and shop preflights, as from the sources', async () => {
  const CHILD = fileURLToPath(new URL('./kubehop-child.ts', import.meta.url));
  // The output and the exit code (preflight exits 3 on blocking findings).
  const capture = (args: readonly string[]) =>
    promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH ?? '' }, maxBuffer: 64 << 20 }).then(
      ({ stdout }) => ({ stdout, code: 0 }),
      (error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '', code: error.code }),
    );
  // preflight reads the removed-API table and the breaking-change catalog as well.
  for (const [command, cluster, code] of [['plan', 'demo', 0], ['plan', 'classic', 0], ['plan', 'shop', 0], ['preflight', 'shop', 3]] as const) {
    const argv = [command, '--cluster', cluster, '-o', 'json'];
    const [built, sources] = await Promise.all([capture([KUBEHOP, ...argv]), capture(['--import', 'tsx', CHILD, ...argv])]);
    assert.equal(built.code, code, `${command} ${cluster}`);
    assert.deepEqual(built, sources, `${command} ${cluster}`);
    assert.match(built.stdout, new RegExp(`"cluster": "${cluster}"`));
  }
});
