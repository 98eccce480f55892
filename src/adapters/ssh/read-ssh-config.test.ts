import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSshConfig } from './read-ssh-config.js';
import { resolveSshConfig } from './resolve-ssh-config.js';

describe('readSshConfig', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'kubehop-sshcfg-'));
    await mkdir(join(home, '.ssh', 'config.d'), { recursive: true });
    await writeFile(join(home, '.ssh', 'config'), 'Include config.d/*.conf\nHost db-*\n  Include ' + join(home, '.ssh', 'db-only') + '\nHost *\n  User last\n');
    await writeFile(join(home, '.ssh', 'config.d', '10-k8s.conf'), 'Host cp-*\n  User admin\n');
    await writeFile(join(home, '.ssh', 'config.d', '20-ignored.txt'), 'Host *\n  User wrong\n');
    await writeFile(join(home, '.ssh', 'db-only'), 'Port 5022\n');
  });
  after(async () => rm(home, { recursive: true, force: true }));

  it('expands Include globs relative to ~/.ssh in place', () => {
    const config = readSshConfig(join(home, '.ssh', 'config'), home);
    const context = { homeDir: home, localUser: 'ops' };
    assert.equal(resolveSshConfig(config.lines, 'cp-1', context).user, 'admin');
    assert.equal(resolveSshConfig(config.lines, 'web-1', context).user, 'last');
  });

  it('keeps an Include inside a Host block under that block', () => {
    const config = readSshConfig(join(home, '.ssh', 'config'), home);
    const context = { homeDir: home, localUser: 'ops' };
    assert.equal(resolveSshConfig(config.lines, 'db-1', context).port, 5022);
    assert.equal(resolveSshConfig(config.lines, 'cp-1', context).port, undefined);
  });

  it('reads a missing file as an empty config', () => {
    assert.deepEqual(readSshConfig(join(home, 'nope'), home), { lines: [], warnings: [] });
  });
});
