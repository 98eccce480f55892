import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// kubectl runs plugins as executables named kubectl-<name> on PATH, without an extension.

const BIN = fileURLToPath(new URL('../../bin/', import.meta.url));

test('bin/kubectl-hop is an executable without an extension that kubectl can find, and runs kubehop', async () => {
  await access(`${BIN}kubectl-hop`, constants.X_OK);
  const { stdout } = await promisify(execFile)('kubectl-hop', ['--version'], { env: { PATH: `${BIN}:${process.env.PATH ?? ''}` } });
  assert.match(stdout, /^kubehop \d+\.\d+\.\d+\n$/);
});
