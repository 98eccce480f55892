import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordedKeyTypes, verifyHostKey } from './verify-host-key.js';

const ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIINyqwPf5AFTBkaWCXmltroz1o4k+OQQiYeGBJGX4ibU';
const ECDSA = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHIlri2KyDVIfi3CjRWoPcwnwq2nN7FkGUN04yXyoZlUO0vD1b3gDAFirounfrcHvE/JRs+ZeILCb5q1Y7ImTAk=';
const ed = Buffer.from(ED25519, 'base64');
const ec = Buffer.from(ECDSA, 'base64');

describe('verifyHostKey', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubehop-kh-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('refuses an unknown host, naming the offered fingerprint and both ways forward', async () => {
    const file = join(dir, 'empty');
    const decision = await verifyHostKey({ knownHostsFile: file, acceptNew: false }, 'cp-1', '10.0.0.11', 22, ed);
    assert.deepEqual(decision, {
      ok: false,
      fingerprint: 'SHA256:YGUeYfpeW4/Rc/aPHxiNZC0ReT0xtiZ4x+2W3kx4iy8',
      reason:
        `the host key is unknown: 10.0.0.11 offered ssh-ed25519 SHA256:YGUeYfpeW4/Rc/aPHxiNZC0ReT0xtiZ4x+2W3kx4iy8 and ${file} has no entry for it; ` +
        `check the fingerprint on node cp-1 (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and add it (ssh-keyscan -p 22 10.0.0.11 >> ${file}), ` +
        'or pass --ssh-accept-new to record it on first use',
    });
  });

  it('records an unknown host with acceptNew, then accepts it from the file', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    const first = await verifyHostKey({ knownHostsFile: file, acceptNew: true }, 'cp-1', '10.0.0.11', 2222, ed);
    assert.equal(first.ok && first.added, true);
    assert.equal(await readFile(file, 'utf8'), `[10.0.0.11]:2222 ssh-ed25519 ${ED25519}\n`);
    const again = await verifyHostKey({ knownHostsFile: file, acceptNew: false }, 'cp-1', '10.0.0.11', 2222, ed);
    assert.deepEqual(again, { ok: true, added: false, fingerprint: 'SHA256:YGUeYfpeW4/Rc/aPHxiNZC0ReT0xtiZ4x+2W3kx4iy8' });
  });

  it('records a new host once when two connections meet it at the same moment', async () => {
    const file = join(dir, 'race');
    await Promise.all([1, 2, 3].map(() => verifyHostKey({ knownHostsFile: file, acceptNew: true }, 'w', '10.0.0.20', 22, ed)));
    assert.equal((await readFile(file, 'utf8')).split('\n').filter(Boolean).length, 1);
  });

  it('refuses a changed key even with acceptNew, naming the recorded line and what to do', async () => {
    const file = join(dir, 'changed');
    await writeFile(file, `# first line\n10.0.0.11 ssh-ed25519 ${ED25519}`);
    const decision = await verifyHostKey({ knownHostsFile: file, acceptNew: true }, 'cp-1', '10.0.0.11', 22, ec);
    assert.equal(decision.ok, false);
    assert.equal(
      decision.ok ? '' : decision.reason,
      `the host key has changed: 10.0.0.11 offered ecdsa-sha2-nistp256 SHA256:mhFKuB6PHLkouqyd7FF0MuBATDPBh/+3gqcqK8ySZgo, ` +
        `but ${file}:2 (ssh-ed25519 SHA256:YGUeYfpeW4/Rc/aPHxiNZC0ReT0xtiZ4x+2W3kx4iy8) records another; ` +
        'someone may be intercepting the connection, or the node was reinstalled: check the fingerprint on node cp-1 (ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub), ' +
        `and only if it matches remove the old entry (ssh-keygen -R '10.0.0.11' -f ${file}) and connect again`,
    );
    assert.equal(await readFile(file, 'utf8'), `# first line\n10.0.0.11 ssh-ed25519 ${ED25519}`);
  });

  it('accepts a key recorded only in a read-only extra file and never writes there', async () => {
    const global = join(dir, 'global');
    await writeFile(global, `10.0.0.30 ecdsa-sha2-nistp256 ${ECDSA}\n`);
    const decision = await verifyHostKey({ knownHostsFile: join(dir, 'mine'), extraKnownHostsFiles: [global], acceptNew: true }, 'n', '10.0.0.30', 22, ec);
    assert.equal(decision.ok && !decision.added, true);
    assert.deepEqual(await recordedKeyTypes({ knownHostsFile: join(dir, 'mine'), extraKnownHostsFiles: [global], acceptNew: false }, '10.0.0.30', 22), ['ecdsa-sha2-nistp256']);
  });
});
