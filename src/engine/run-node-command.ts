import { quoteArgv } from '../core/command/quote-argv.js';
import { NodeCommandError } from '../core/errors.js';
import type { CommandResult } from '../ports/index.js';
import type { EngineContext } from './engine-context.js';
import { formatDuration } from '../core/format-duration.js';
import { throwIfAborted } from './wait-for.js';

export interface NodeCommand {
  readonly node: string;
  readonly argv: readonly string[];
  readonly privileged: boolean;
  readonly timeoutMs: number;
  /** A check that changes nothing: the dry-run shell runs it for real. */
  readonly readOnly?: boolean;
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** Runs one argv on a node; a non-zero exit or a timeout is a NodeCommandError naming node, command and stderr. */
export async function runNodeCommand(ctx: EngineContext, command: NodeCommand): Promise<CommandResult> {
  throwIfAborted(ctx.signal);
  const { node, argv } = command;
  const result = await ctx.shell.run(node, argv, { privileged: command.privileged, timeoutMs: command.timeoutMs, ...(command.readOnly ? { readOnly: true } : {}) });
  if (!command.readOnly) ctx.emit({ kind: 'command-finished', node, argv, exitCode: result.exitCode, durationMs: result.durationMs });
  if (result.exitCode === 0 && !result.timedOut) return result;
  const why = result.timedOut ? `timed out after ${formatDuration(command.timeoutMs)}` : `exit code ${result.exitCode ?? 'none'}`;
  const output = lastLines(result.stderr || result.stdout, 5);
  throw new NodeCommandError(`failed to run "${quoteArgv(argv)}" on ${node}: ${why}${output ? `: ${output}` : ''}`, {
    node,
    argv,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
  });
}

/** Runs a check command and tells whether it succeeded, without failing on a non-zero exit. */
export async function probeNodeCommand(ctx: EngineContext, command: Omit<NodeCommand, 'readOnly'>): Promise<CommandResult> {
  throwIfAborted(ctx.signal);
  return ctx.shell.run(command.node, command.argv, { privileged: command.privileged, timeoutMs: command.timeoutMs, readOnly: true });
}
