import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureCli } from '../../test/builders/captured-cli.js';
import { APPLY_OPTIONS } from './commands/apply-command.js';
import { CHECK_OPTIONS } from './commands/check-command.js';
import { PLAN_COMMAND_OPTIONS } from './commands/plan-command.js';
import { PREFLIGHT_OPTIONS } from './commands/preflight-command.js';
import { RELEASES_OPTIONS } from './commands/releases-command.js';
import { SIMULATE_OPTIONS } from './commands/simulate-command.js';
import type { OptionSpec } from './parse-command-line.js';

// Every option a command's parser accepts is in that command's --help, and "help CMD" shows it:
// the help cannot drift from the options as they are parsed.

const commands: Record<string, OptionSpec> = {
  check: CHECK_OPTIONS,
  plan: PLAN_COMMAND_OPTIONS,
  preflight: PREFLIGHT_OPTIONS,
  apply: APPLY_OPTIONS,
  simulate: SIMULATE_OPTIONS,
  releases: RELEASES_OPTIONS,
};

for (const [name, options] of Object.entries(commands)) {
  test(`kubehop ${name} --help names every option its parser accepts`, async () => {
    const r = await captureCli([name, '--help']);
    assert.equal(r.code, 0);
    const missing = Object.keys(options).filter((option) => !new RegExp(`--${option}\\b`).test(r.stdout));
    assert.deepEqual(missing, []);
  });

  test(`kubehop help ${name} shows the help of ${name}, not the general one`, async () => {
    const [help, own] = await Promise.all([captureCli(['help', name]), captureCli([name, '--help'])]);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, own.stdout);
  });
}
