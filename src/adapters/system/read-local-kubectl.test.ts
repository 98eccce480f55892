import assert from 'node:assert/strict';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readLocalKubectl } from './read-local-kubectl.js';

async function fakeKubectl(script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-kubectl-'));
  const path = join(dir, 'kubectl');
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

test('reads the client version kubectl reports', async () => {
  const kubectl = await fakeKubectl(`echo '{"clientVersion":{"gitVersion":"v1.31.4","major":"1","minor":"31"}}'`);
  assert.deepEqual(await readLocalKubectl(kubectl), { major: 1, minor: 31, patch: 4 });
});

test('gives nothing when kubectl is missing or answers nonsense', async () => {
  assert.equal(await readLocalKubectl('/nonexistent/kubectl'), undefined);
  assert.equal(await readLocalKubectl(await fakeKubectl('echo not json')), undefined);
});
