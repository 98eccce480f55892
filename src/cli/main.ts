import { isKubehopError } from '../core/errors.js';
import { EXIT, type CliIo } from './cli-io.js';
import { guardOutput } from './guard-output.js';
import { listenForStop } from './listen-for-stop.js';
import type { OptionSpec } from './parse-command-line.js';
import { renderCompletion } from './render-completion.js';
import { HELP, VERSION } from './help-text.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

interface CommandModule {
  readonly run: Command;
  /** The command's options as its parser defines them: shell completion is written from these. */
  readonly options: OptionSpec;
}

// Each command's module (and everything it needs) is loaded only when that command runs, so that
// `--help` or `plan` do not pay for the modules of `apply` or `simulate`.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  check: async () => {
    const m = await import('./read-only-commands.js');
    return { run: m.checkCommand, options: m.CHECK_OPTIONS };
  },
  apply: async () => {
    const m = await import('./commands/apply-command.js');
    return { run: m.applyCommand, options: m.APPLY_OPTIONS };
  },
  plan: async () => {
    const m = await import('./read-only-commands.js');
    return { run: m.planCommand, options: m.PLAN_COMMAND_OPTIONS };
  },
  preflight: async () => {
    const m = await import('./read-only-commands.js');
    return { run: m.preflightCommand, options: m.PREFLIGHT_OPTIONS };
  },
  releases: async () => {
    const m = await import('./read-only-commands.js');
    return { run: m.releasesCommand, options: m.RELEASES_OPTIONS };
  },
  simulate: async () => {
    const m = await import('./commands/simulate-command.js');
    return { run: m.simulateCommand, options: m.SIMULATE_OPTIONS };
  },
};

async function commandOptions(): Promise<Record<string, OptionSpec>> {
  const entries = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, (await load()).options] as const));
  return Object.fromEntries(entries);
}

async function askOnTerminal(question: string): Promise<boolean> {
  // Loaded only to ask: every command, --help included, would load it otherwise.
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function defaultIo(): CliIo {
  // `kubehop plan | head -1` or a closed terminal must not end in an EPIPE stack trace.
  const stdout = guardOutput(process.stdout, 'stdout');
  const stderr = guardOutput(process.stderr, 'stderr');
  return {
    stdout: stdout.write,
    stderr: stderr.write,
    onStop: (listener) => {
      let stopped = false;
      const once = (why: string) => {
        if (stopped) return;
        stopped = true;
        listener(why);
      };
      const offs = [listenForStop(once), stdout.onClosed(once), stderr.onClosed(once)];
      return () => offs.forEach((off) => off());
    },
    today: () => new Date().toISOString().slice(0, 10),
    env: process.env,
    ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}),
    // A terminal that does not tell its size (0 columns, as under script(1)) is taken as 80×24.
    ...(process.stdout.isTTY ? { terminal: { get columns() { return process.stdout.columns || 80; }, get rows() { return process.stdout.rows || 24; } } } : {}),
  };
}

/** The one place errors become exit codes: 2 bad input, 1 operational failure. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...args] = argv;
  // "kubehop help plan" is "kubehop plan --help".
  if (name === 'help' && args[0] !== undefined && COMMANDS[args[0]]) return runCli([args[0], '--help'], io);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === 'completion') {
    try {
      io.stdout(renderCompletion(args[0], await commandOptions()));
      return EXIT.ok;
    } catch (error) {
      io.stderr(`kubehop completion: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  if (name === 'version' || name === '--version') {
    io.stdout(`kubehop ${VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`kubehop: unknown command "${name}": use one of ${Object.keys(COMMANDS).join(', ')} (see "kubehop --help")\n`);
    return EXIT.usage;
  }
  try {
    return await (await load()).run(args, io);
  } catch (error) {
    if (isKubehopError(error)) {
      io.stderr(`kubehop ${name}: ${error.message}\n`);
      if (error.code === 'CONFIG') return EXIT.usage;
      return EXIT.failure;
    }
    io.stderr(`kubehop ${name}: unexpected failure, which is a bug in kubehop: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}
