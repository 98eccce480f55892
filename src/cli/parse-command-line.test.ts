import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgvFlag } from './parse-command-line.js';

describe('parseArgvFlag', () => {
  const cases: { text: string; argv?: string[]; error?: RegExp }[] = [
    { text: '/opt/hooks/new-vm --zone a', argv: ['/opt/hooks/new-vm', '--zone', 'a'] },
    { text: '["/opt/hooks/new-vm", "--zone", "eu west"]', argv: ['/opt/hooks/new-vm', '--zone', 'eu west'] },
    { text: '  terraform  apply ', argv: ['terraform', 'apply'] },
    { text: '   ', error: /^invalid --provision-command: give the command to run, as words separated by spaces or a JSON array of non-empty strings$/ },
    { text: '[]', error: /^invalid --provision-command: give the command to run/ },
    { text: '["a", 1]', error: /^invalid --provision-command: give the command to run/ },
    { text: '[oops', error: /^invalid --provision-command: "\[oops" starts like a JSON array but is not one/ },
  ];
  for (const c of cases) {
    it(`reads ${JSON.stringify(c.text)} ${c.error ? 'as a mistake' : 'as an argv'}`, () => {
      if (c.error) assert.throws(() => parseArgvFlag('--provision-command', c.text), { name: 'ConfigError', message: c.error });
      else assert.deepEqual(parseArgvFlag('--provision-command', c.text), c.argv);
    });
  }
});
