import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readSpareHosts, validateSpareHost } from './read-spare-hosts.js';

describe('validateSpareHost', () => {
  const cases = [
    { text: 'spare-1=10.0.0.20', expected: { ok: true, value: { name: 'spare-1', host: '10.0.0.20' } } },
    { text: 'spare-1=node-4.lab:2222', expected: { ok: true, value: { name: 'spare-1', host: 'node-4.lab', port: 2222 } } },
    { text: 'spare-1=[fd00::20]:22', expected: { ok: true, value: { name: 'spare-1', host: 'fd00::20', port: 22 } } },
    { text: '10.0.0.20', expected: { ok: false, error: 'invalid spare host "10.0.0.20": no NAME= before the address; expected NAME=ADDRESS[:PORT], e.g. spare-1=10.0.0.20 or spare-1=[fd00::20]:2222' } },
    { text: 'Spare_1=10.0.0.20', expected: { ok: false, error: 'invalid spare host "Spare_1=10.0.0.20": "Spare_1" is not a node name (lower-case letters, digits, "-" and "."); expected NAME=ADDRESS[:PORT], e.g. spare-1=10.0.0.20 or spare-1=[fd00::20]:2222' } },
    { text: 'spare-1=root@10.0.0.20', expected: { ok: false, error: 'invalid spare host "spare-1=root@10.0.0.20": "root@10.0.0.20" is not a host name or IP address; expected NAME=ADDRESS[:PORT], e.g. spare-1=10.0.0.20 or spare-1=[fd00::20]:2222' } },
    { text: 'spare-1=10.0.0.20:0', expected: { ok: false, error: 'invalid spare host "spare-1=10.0.0.20:0": port "0" is not 1-65535; expected NAME=ADDRESS[:PORT], e.g. spare-1=10.0.0.20 or spare-1=[fd00::20]:2222' } },
  ];
  for (const c of cases) it(`reads "${c.text}" ${c.expected.ok ? 'as a spare host' : 'as a mistake'}`, () => assert.deepEqual(validateSpareHost(c.text), c.expected));
});

describe('readSpareHosts', () => {
  it('takes the flags, then the file, skipping comments and blank lines, and reports every mistake with its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubehop-spares-'));
    try {
      const file = join(dir, 'spares.txt');
      await writeFile(file, '# machines for surge\nspare-2=10.0.0.21  # rack 2\n\nspare-3=10.0.0.22:2222\n');
      assert.deepEqual(await readSpareHosts(['spare-1=10.0.0.20'], file), [
        { name: 'spare-1', host: '10.0.0.20' },
        { name: 'spare-2', host: '10.0.0.21' },
        { name: 'spare-3', host: '10.0.0.22', port: 2222 },
      ]);
      await writeFile(file, 'spare-1=10.0.0.30\nbad\n');
      await assert.rejects(readSpareHosts(['spare-1=10.0.0.20'], file), {
        name: 'ConfigError',
        message: `${file}:1: spare host spare-1 is given twice\n${file}:2: invalid spare host "bad": no NAME= before the address; expected NAME=ADDRESS[:PORT], e.g. spare-1=10.0.0.20 or spare-1=[fd00::20]:2222`,
      });
      await assert.rejects(readSpareHosts([], join(dir, 'missing.txt')), { name: 'ConfigError', message: `failed to read the spare hosts file ${join(dir, 'missing.txt')}: no such file` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
