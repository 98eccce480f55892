import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSshConfig } from './parse-ssh-config.js';
import { resolveSshTarget, type SshTargetInput } from './resolve-ssh-target.js';

const config = parseSshConfig(
  ['Host bastion', ' HostName 192.0.2.1', ' User jump', 'Host cp-1', ' HostName cp-1.internal', ' User admin', ' Port 2022', ' ProxyJump ops@bastion:2200', 'Host 10.0.0.*', ' User core', ' IdentityFile ~/.ssh/lab', 'Host bad', ' ProxyJump bastion:99999'].join('\n'),
  'cfg',
).lines;

function input(node: string, extra: Partial<SshTargetInput> = {}): SshTargetInput {
  return { node, config, context: { homeDir: '/home/ops', localUser: 'ops' }, defaults: { acceptNew: false, connectTimeoutMs: 15000 }, ...extra };
}

describe('resolveSshTarget', () => {
  it('reads the ssh config for the node name first, with its ProxyJump hop resolved through the config too', () => {
    const target = resolveSshTarget(input('cp-1', { address: '10.0.0.11' }));
    assert.deepEqual(
      { host: target.host, port: target.port, user: target.user },
      { host: 'cp-1.internal', port: 2022, user: 'admin' },
    );
    assert.deepEqual(
      target.jumps.map((j) => ({ label: j.label, host: j.host, port: j.port, user: j.user })),
      [{ label: 'jump host bastion for node cp-1', host: '192.0.2.1', port: 2200, user: 'ops' }],
    );
  });

  it('falls back to the cluster address and reads the config for it', () => {
    const target = resolveSshTarget(input('worker-1', { address: '10.0.0.21' }));
    assert.deepEqual({ host: target.host, port: target.port, user: target.user, files: target.identityFiles }, { host: '10.0.0.21', port: 22, user: 'core', files: ['/home/ops/.ssh/lab'] });
  });

  it('lets an --ssh-host mapping and its port win over the config and the cluster address', () => {
    const target = resolveSshTarget(input('cp-1', { address: '10.0.0.11', override: { node: 'cp-1', host: '127.0.0.1', port: 2999 } }));
    assert.deepEqual({ host: target.host, port: target.port, jumps: target.jumps.length }, { host: '127.0.0.1', port: 2999, jumps: 0 });
  });

  it('lets --ssh-user and --ssh-port win over the config for the node but not for its jump host', () => {
    const target = resolveSshTarget(input('cp-1', { defaults: { user: 'root', port: 22, acceptNew: false, connectTimeoutMs: 15000 } }));
    assert.deepEqual({ port: target.port, user: target.user }, { port: 22, user: 'root' });
    assert.deepEqual({ port: target.jumps[0]?.port, user: target.jumps[0]?.user }, { port: 2200, user: 'ops' });
  });

  it('uses the node name and the default key files when nothing else is known', () => {
    const target = resolveSshTarget(input('lonely'));
    assert.equal(target.host, 'lonely');
    assert.deepEqual(target.identityFiles, []);
    assert.deepEqual(target.defaultIdentityFiles, ['/home/ops/.ssh/id_ed25519', '/home/ops/.ssh/id_ecdsa', '/home/ops/.ssh/id_rsa']);
    assert.equal(target.knownHostsFile, '/home/ops/.ssh/known_hosts');
  });

  it('puts --ssh-identity files before the config ones and then skips the default key files', () => {
    const target = resolveSshTarget(input('worker-1', { address: '10.0.0.21', defaults: { identityFiles: ['/keys/k'], acceptNew: false, connectTimeoutMs: 1 } }));
    assert.deepEqual(target.identityFiles, ['/keys/k', '/home/ops/.ssh/lab']);
    assert.deepEqual(target.defaultIdentityFiles, []);
  });

  it('reports a malformed ProxyJump as an error rather than connecting directly', () => {
    assert.deepEqual(resolveSshTarget(input('bad')).errors, ['invalid ProxyJump hop "bastion:99999" for node bad: expected [user@]host[:port]']);
  });
});
