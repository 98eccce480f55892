// The commands that change nothing, loaded together: they share most of their code, and every
// file an ES module graph holds costs start-up (about half a millisecond each on Node 20), so one
// lazy module for the four leaves `plan`'s graph in fewer, larger chunks than a module each.
export { CHECK_OPTIONS, checkCommand } from './commands/check-command.js';
export { PLAN_COMMAND_OPTIONS, planCommand } from './commands/plan-command.js';
export { PREFLIGHT_OPTIONS, preflightCommand } from './commands/preflight-command.js';
export { RELEASES_OPTIONS, releasesCommand } from './commands/releases-command.js';
