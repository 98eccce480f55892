import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { captureCli } from '../../test/builders/captured-cli.js';

// The completion scripts come from the parsers' option definitions; bash itself completes with them.

test('bash completes the commands, then the options of the command typed', async () => {
  const script = (await captureCli(['completion', 'bash'])).stdout;
  const complete = async (line: string) => {
    const words = line.split(' ');
    const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kubehop; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return (await promisify(execFile)('bash', ['-c', program])).stdout.trim().split('\n');
  };
  assert.deepEqual(await complete('kubehop pl'), ['plan']);
  assert.deepEqual((await complete('kubehop plan --no')).sort(), ['--node']);
  assert.deepEqual((await complete('kubehop apply --ssh-h')).sort(), ['--ssh-host']);
  assert.ok((await complete('kubehop apply --re')).includes('--resume'));
});

test('zsh completion names every command, and an unknown shell is refused with exit 2', async () => {
  const zsh = await captureCli(['completion', 'zsh']);
  assert.equal(zsh.code, 0);
  assert.match(zsh.stdout, /^#compdef kubehop kubectl-hop$/m);
  assert.match(zsh.stdout, /compadd -- check apply plan preflight releases simulate help --help --version/);
  const fish = await captureCli(['completion', 'fish']);
  assert.equal(fish.code, 2);
  assert.match(fish.stderr, /unknown shell "fish": use "kubehop completion bash" or "kubehop completion zsh"/);
});
