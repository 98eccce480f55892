import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkKnownHost, fingerprintOf, formatKnownHostsLine, keyTypeOf, knownHostsName, parseKnownHosts } from './known-hosts.js';

// Keys, fingerprints and hashed lines made with OpenSSH 9.2 (ssh-keygen -t, -lf, -H).
const ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIINyqwPf5AFTBkaWCXmltroz1o4k+OQQiYeGBJGX4ibU';
const ECDSA = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHIlri2KyDVIfi3CjRWoPcwnwq2nN7FkGUN04yXyoZlUO0vD1b3gDAFirounfrcHvE/JRs+ZeILCb5q1Y7ImTAk=';
const ed = Buffer.from(ED25519, 'base64');
const ec = Buffer.from(ECDSA, 'base64');
const HASHED = [
  `|1|Uvo12OVQnIpkWe+dqVdSDunNcKI=|6QSgjI9VXRbsMgX4FYbCLEq11a8= ssh-ed25519 ${ED25519}`, // [10.0.0.5]:2222
  `|1|sWCY7KPtibon8buskr91Fqiwxo0=|cMTkVtYfRGJAefaYj+oAlGlmcIk= ecdsa-sha2-nistp256 ${ECDSA}`, // node-a.example
].join('\n');

describe('known_hosts', () => {
  it('prints a fingerprint byte for byte as ssh-keygen -lf does', () => {
    assert.equal(fingerprintOf(ed), 'SHA256:YGUeYfpeW4/Rc/aPHxiNZC0ReT0xtiZ4x+2W3kx4iy8');
    assert.equal(fingerprintOf(ec), 'SHA256:mhFKuB6PHLkouqyd7FF0MuBATDPBh/+3gqcqK8ySZgo');
  });

  it('reads the key type from inside the key', () => {
    assert.equal(keyTypeOf(ec), 'ecdsa-sha2-nistp256');
  });

  it('names a host bare on port 22 and as [host]:port elsewhere', () => {
    assert.equal(knownHostsName('10.0.0.5', 22), '10.0.0.5');
    assert.equal(knownHostsName('10.0.0.5', 2222), '[10.0.0.5]:2222');
  });

  const plain = parseKnownHosts(
    [
      '# a comment',
      `cp-1,10.0.0.11 ssh-ed25519 ${ED25519} ops@laptop`,
      `[10.0.0.12]:2222 ecdsa-sha2-nistp256 ${ECDSA}`,
      `worker-*,!worker-9 ssh-ed25519 ${ED25519}`,
      `@revoked old-node ssh-ed25519 ${ED25519}`,
      `@cert-authority *.example ssh-ed25519 ${ED25519}`,
    ].join('\n'),
  ).entries;

  const cases: Array<[string, string, Buffer, string]> = [
    ['accepts a key recorded under one of a line\'s comma-separated names', '10.0.0.11', ed, 'match'],
    ['accepts a key recorded under the [host]:port form', '[10.0.0.12]:2222', ec, 'match'],
    ['does not take a [host]:port entry for the bare host', '10.0.0.12', ec, 'unknown'],
    ['accepts a key recorded under a wildcard pattern', 'worker-3', ed, 'match'],
    ['treats a host a negated pattern excludes as unknown', 'worker-9', ed, 'unknown'],
    ['calls a host with another key recorded changed', 'cp-1', ec, 'changed'],
    ['refuses a key marked @revoked', 'old-node', ed, 'revoked'],
    ['does not take a @cert-authority line for a host key', 'a.example', ed, 'unknown'],
  ];
  for (const [name, host, key, status] of cases) {
    it(name, () => assert.equal(checkKnownHost(plain, host, key).status, status));
  }

  it('matches hashed entries that ssh-keygen -H wrote, for [host]:port and bare names', () => {
    const { entries, warnings } = parseKnownHosts(HASHED);
    assert.deepEqual(warnings, []);
    assert.equal(checkKnownHost(entries, '[10.0.0.5]:2222', ed).status, 'match');
    assert.equal(checkKnownHost(entries, 'node-a.example', ec).status, 'match');
    assert.equal(checkKnownHost(entries, 'node-a.example', ed).status, 'changed');
    assert.equal(checkKnownHost(entries, '10.0.0.5', ed).status, 'unknown');
  });

  it('writes lines it reads back, plain and hashed', () => {
    for (const hashed of [false, true]) {
      const line = formatKnownHostsLine('[127.0.0.1]:2022', ed, hashed);
      assert.equal(line.startsWith('|1|'), hashed);
      assert.equal(checkKnownHost(parseKnownHosts(line).entries, '[127.0.0.1]:2022', ed).status, 'match');
    }
  });

  it('skips malformed lines with a warning naming the line', () => {
    const { entries, warnings } = parseKnownHosts(`host ssh-ed25519\n@bogus h ssh-ed25519 ${ED25519}\nh ssh-rsa ${ED25519}\n`);
    assert.equal(entries.length, 0);
    assert.deepEqual(warnings, ['line 1: expected "hosts keytype key"', 'line 2: unknown marker @bogus', 'line 3: the key is not a ssh-rsa key in base64']);
  });
});
