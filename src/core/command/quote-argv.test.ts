import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteArgv, quoteWord } from './quote-argv.js';

const cases: [string, string][] = [
  ['kubeadm', 'kubeadm'],
  ['kubeadm=1.33.2-*', `'kubeadm=1.33.2-*'`],
  ['', `''`],
  ['two words', `'two words'`],
  [`it's`, `'it'\\''s'`],
  ['$(reboot)', `'$(reboot)'`],
  ['a;b', `'a;b'`],
  ['s#(core:/stable:/)v1\\.[0-9]+/#\\1v1.33/#g', `'s#(core:/stable:/)v1\\.[0-9]+/#\\1v1.33/#g'`],
  ['--for=condition=Ready', '--for=condition=Ready'],
];

for (const [word, quoted] of cases) {
  test(`quotes ${JSON.stringify(word)} as ${quoted}`, () => {
    assert.equal(quoteWord(word), quoted);
  });
}

test('joins an argv with single spaces, quoting each word on its own', () => {
  assert.equal(quoteArgv(['apt-get', 'install', '-y', 'kubelet=1.33.2-*']), `apt-get install -y 'kubelet=1.33.2-*'`);
});
