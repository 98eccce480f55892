import { runCli } from '../../src/cli/main.js';

// `kubehop ARGV` as a process of its own, from the sources: what the kill tests send signals to.
process.exitCode = await runCli(process.argv.slice(2));
