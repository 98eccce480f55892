import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandFault } from './simulate-flags.js';

const cases: [string, object][] = [
  ['worker-2:kubeadm upgrade node', { argvPrefix: ['kubeadm', 'upgrade', 'node'], node: 'worker-2' }],
  ['kubeadm upgrade apply', { argvPrefix: ['kubeadm', 'upgrade', 'apply'] }],
  ['node-1:apt-get update*2', { argvPrefix: ['apt-get', 'update'], node: 'node-1', times: 2 }],
];
for (const [text, fault] of cases) {
  test(`reads --fault-command "${text}"`, () => assert.deepEqual(parseCommandFault(text), fault));
}

test('refuses an empty --fault-command with the form to use', () => {
  assert.throws(() => parseCommandFault('worker-1:'), { message: 'invalid --fault-command "worker-1:": give [NODE:]COMMAND WORDS[*TIMES], e.g. worker-2:kubeadm upgrade node*1' });
});
