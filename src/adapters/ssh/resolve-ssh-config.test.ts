import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSshConfig, splitSshConfigArgs } from './parse-ssh-config.js';
import { resolveSshConfig } from './resolve-ssh-config.js';

const context = { homeDir: '/home/ops', localUser: 'ops' };

const CONFIG = `
# kubehop test config
Host bastion
  HostName bastion.example.net
  User jump
  Port 2200

Host cp-? !cp-9
  HostName %h.k8s.internal
  User admin
  IdentityFile ~/.ssh/k8s_ed25519
  ProxyJump bastion

Host worker-*
  User=core
  Port = 2222
  IdentityFile "/keys/with space/id"
  IdentitiesOnly yes

Host *
  User fallback
  IdentityFile ~/.ssh/id_%r_%h
  ConnectTimeout 7
  StrictHostKeyChecking accept-new
`;

const lines = parseSshConfig(CONFIG, '/home/ops/.ssh/config').lines;

describe('resolveSshConfig', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    [
      'takes the first value of each keyword from the blocks a host matches, as ssh does',
      'cp-1',
      { hostName: 'cp-1.k8s.internal', user: 'admin', port: undefined, proxyJump: ['bastion'], connectTimeoutSeconds: 7 },
    ],
    ['accepts Keyword=value and Keyword = value forms', 'worker-3', { user: 'core', port: 2222, identitiesOnly: true }],
    ['leaves a host out of a block whose negated pattern names it', 'cp-9', { hostName: undefined, user: 'fallback' }],
    ['applies Host * to any other name', '10.1.2.3', { hostName: undefined, user: 'fallback', strictHostKeyChecking: 'accept-new' }],
  ];
  for (const [name, host, expected] of cases) {
    it(name, () => {
      const resolved = resolveSshConfig(lines, host, context) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(resolved[key], value, key);
    });
  }

  it('adds up IdentityFile lines in order and expands ~ and %-tokens in them', () => {
    assert.deepEqual(resolveSshConfig(lines, 'cp-1', context).identityFiles, ['/home/ops/.ssh/k8s_ed25519', '/home/ops/.ssh/id_admin_cp-1.k8s.internal']);
    assert.deepEqual(resolveSshConfig(lines, 'worker-1', context).identityFiles, ['/keys/with space/id', '/home/ops/.ssh/id_core_worker-1']);
  });

  it('evaluates Match host against the HostName and Match originalhost against the name typed', () => {
    const config = parseSshConfig('Host a\n HostName 10.0.0.1\nMatch host 10.0.0.*\n User viaip\nMatch originalhost a\n Port 2022\n', 'cfg').lines;
    const resolved = resolveSshConfig(config, 'a', context);
    assert.equal(resolved.user, 'viaip');
    assert.equal(resolved.port, 2022);
  });

  it('ignores a Match block it cannot evaluate and says so', () => {
    const parsed = parseSshConfig('Match exec "test -f /x"\n User never\n', 'cfg');
    assert.equal(resolveSshConfig(parsed.lines, 'a', context).user, undefined);
    assert.deepEqual(parsed.warnings, ['cfg:1: Match exec is not supported; kubehop ignores this block']);
  });

  it('reports a port that is not 1-65535 and ignores it', () => {
    const resolved = resolveSshConfig(parseSshConfig('Host *\n Port 70000\n', 'cfg').lines, 'a', context);
    assert.equal(resolved.port, undefined);
    assert.deepEqual(resolved.warnings, ['cfg:2: invalid Port "70000"; expected 1-65535']);
  });

  it('treats ProxyJump none and IdentityFile none as nothing', () => {
    const resolved = resolveSshConfig(parseSshConfig('Host *\n ProxyJump none\n IdentityFile none\n', 'cfg').lines, 'a', context);
    assert.equal(resolved.proxyJump, undefined);
    assert.deepEqual(resolved.identityFiles, []);
  });

  it('splits arguments on blanks but keeps quoted ones whole, and refuses an open quote', () => {
    assert.deepEqual(splitSshConfigArgs(`a "b c" 'd e'f`), ['a', 'b c', 'd ef']);
    assert.equal(splitSshConfigArgs('"open'), undefined);
  });
});
