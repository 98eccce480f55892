import { quoteArgv } from '../../core/command/quote-argv.js';
import { NodeCommandError } from '../../core/errors.js';
import type { StartTimeout } from '../shared/start-timeout.js';
import { runLocalCommand } from './run-local-command.js';

/** A command kubehop runs on this machine with a JSON document on stdin (--provision-command, --decommission-command). */
export interface CommandHook {
  readonly argv: readonly string[];
  readonly timeoutMs: number;
  /** After a time-out's SIGTERM, how long before SIGKILL (default 5 s). */
  readonly killGraceMs?: number;
  /** Arms the hook's time-out and kill grace; default a real timer. */
  readonly startTimeout?: StartTimeout;
}

/** The last lines of a hook's stderr: what it said before it failed, without a wall of logs. */
function tail(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-3).join(' / ');
}

/**
 * Runs a hook with `document` as JSON on stdin and resolves with its stdout. A hook that cannot
 * start, exits non-zero or overruns its time rejects with a NodeCommandError that says which
 * hook, what happened and what it printed on stderr.
 */
export async function runCommandHook(what: string, hook: CommandHook, document: unknown): Promise<string> {
  const shown = quoteArgv(hook.argv);
  const fail = (message: string, result: { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }, cause?: unknown) =>
    new NodeCommandError(`failed to ${what}: ${message}`, { node: 'localhost', argv: hook.argv, ...result }, cause === undefined ? undefined : { cause });
  let result;
  try {
    result = await runLocalCommand(hook.argv, { stdin: `${JSON.stringify(document)}\n`, timeoutMs: hook.timeoutMs, ...(hook.killGraceMs !== undefined ? { killGraceMs: hook.killGraceMs } : {}), ...(hook.startTimeout ? { startTimeout: hook.startTimeout } : {}) });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such command' : (error as Error).message;
    throw fail(`"${shown}" could not be started: ${reason}`, { exitCode: null, stdout: '', stderr: '', timedOut: false }, error);
  }
  if (result.timedOut) throw fail(`"${shown}" did not finish within ${Math.round(hook.timeoutMs / 1000)}s and was stopped`, result);
  if (result.exitCode !== 0) {
    const said = tail(result.stderr);
    throw fail(`"${shown}" exited ${result.exitCode ?? 'on a signal'}${said ? `: ${said}` : ''}`, result);
  }
  return result.stdout;
}
