import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJoinCommand, redactTokens } from './parse-join-command.js';

const TOKEN = 'abcdef.0123456789abcdef';
const HASH = `sha256:${'0123456789abcdef'.repeat(4)}`;

const cases = [
  { name: 'reads the line kubeadm prints, trailing space and all', stdout: `kubeadm join 10.250.0.2:6443 --token ${TOKEN}     --discovery-token-ca-cert-hash ${HASH} \n`, expected: { ok: true, value: { endpoint: '10.250.0.2:6443', token: TOKEN, caCertHash: HASH } } },
  { name: 'takes the join line among warnings', stdout: `W1202 warning: something\nkubeadm join cp.example:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH}\n`, expected: { ok: true, value: { endpoint: 'cp.example:6443', token: TOKEN, caCertHash: HASH } } },
  { name: 'refuses output without a join line', stdout: 'error: timed out\n', expected: { ok: false, error: 'the output has no "kubeadm join" line' } },
  { name: 'refuses an endpoint without a port', stdout: `kubeadm join 10.0.0.1 --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH}`, expected: { ok: false, error: 'the join command has no HOST:PORT endpoint after "kubeadm join"' } },
  { name: 'refuses a control-plane join', stdout: `kubeadm join 10.0.0.1:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${HASH} --control-plane`, expected: { ok: false, error: 'the join command has an unexpected or malformed --control-plane' } },
  { name: 'refuses a malformed token without repeating it', stdout: `kubeadm join 10.0.0.1:6443 --token NOT-A-TOKEN --discovery-token-ca-cert-hash ${HASH}`, expected: { ok: false, error: 'the join command has an unexpected or malformed --token' } },
  { name: 'refuses a join without a CA hash', stdout: `kubeadm join 10.0.0.1:6443 --token ${TOKEN}`, expected: { ok: false, error: 'the join command has no well-formed --discovery-token-ca-cert-hash' } },
];
for (const c of cases) test(`parsing the printed join command ${c.name}`, () => assert.deepEqual(parseJoinCommand(c.stdout), c.expected));

test('redacting replaces every bootstrap token and keeps the rest', () => {
  assert.equal(redactTokens(`error: kubeadm join x --token ${TOKEN} failed; token ${TOKEN}`), 'error: kubeadm join x --token <token> failed; token <token>');
});
