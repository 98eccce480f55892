import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSshHostFlag } from './validate-ssh-host-flag.js';

describe('validateSshHostFlag', () => {
  const good: Array<[string, string, object]> = [
    ['takes a node and an address', 'cp-1=10.0.0.11', { node: 'cp-1', host: '10.0.0.11' }],
    ['takes a port after the address', 'cp-1=10.0.0.11:2222', { node: 'cp-1', host: '10.0.0.11', port: 2222 }],
    ['takes a host name', 'w-1=w-1.k8s.internal', { node: 'w-1', host: 'w-1.k8s.internal' }],
    ['takes a bracketed IPv6 address with a port', 'cp-1=[fd00::1]:2222', { node: 'cp-1', host: 'fd00::1', port: 2222 }],
    ['takes a bare IPv6 address without a port', 'cp-1=fd00::1', { node: 'cp-1', host: 'fd00::1' }],
  ];
  for (const [name, text, value] of good) {
    it(name, () => assert.deepEqual(validateSshHostFlag(text), { ok: true, value }));
  }

  const bad: Array<[string, string, string]> = [
    ['refuses a value without NODE=', '10.0.0.11', 'no NODE= before the address'],
    ['refuses an empty address', 'cp-1=', 'no address after NODE='],
    ['refuses a port out of range', 'cp-1=10.0.0.11:70000', 'port "70000" is not 1-65535'],
    ['refuses a user@ in the address', 'cp-1=root@10.0.0.11', '"root@10.0.0.11" is not a host name or IP address'],
  ];
  for (const [name, text, what] of bad) {
    it(name, () =>
      assert.deepEqual(validateSshHostFlag(text), {
        ok: false,
        errors: [`invalid --ssh-host "${text}": ${what}; expected NODE=ADDRESS[:PORT], e.g. cp-1=10.0.0.11 or cp-1=[fd00::1]:2222`],
      }),
    );
  }
});
