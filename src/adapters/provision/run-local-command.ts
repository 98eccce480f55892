import { spawn } from 'node:child_process';
import type { CommandResult } from '../../ports/index.js';
import { wallClockTimeout, type StartTimeout } from '../shared/start-timeout.js';

export interface LocalCommandOptions {
  /** Written to the command's stdin, which is then closed. */
  readonly stdin: string;
  readonly timeoutMs: number;
  /** Extra environment variables, over the caller's own. */
  readonly env?: Readonly<Record<string, string>>;
  /** After a timeout's SIGTERM, how long before SIGKILL. Default 5 s. */
  readonly killGraceMs?: number;
  /** Arms the time-out and, after its SIGTERM, the grace before SIGKILL; default a real timer. */
  readonly startTimeout?: StartTimeout;
}

/** Output kept per stream: a hook that prints without end must not fill kubehop's memory. */
const MAX_OUTPUT = 1024 * 1024;

/**
 * Runs an argv on this machine without a shell. A command that overruns its time is stopped with
 * its whole process group (a hook script's children too): SIGTERM, then SIGKILL; whatever the
 * command left running in its group when it exits is stopped too (setsid escapes that). Non-zero exits
 * and time-outs are results; only a command that cannot start at all rejects.
 */
export function runLocalCommand(argv: readonly string[], options: LocalCommandOptions): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error('the command is empty'));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      // A group of its own, so that a time-out stops what the command started as well.
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (outSize < MAX_OUTPUT) out.push(chunk);
      outSize += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errSize < MAX_OUTPUT) err.push(chunk);
      errSize += chunk.length;
    });
    let timedOut = false;
    const startTimeout = options.startTimeout ?? wallClockTimeout;
    let cancelKiller = () => {};
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    const cancelTimeout = startTimeout(options.timeoutMs, () => {
      timedOut = true;
      signalGroup('SIGTERM');
      cancelKiller = startTimeout(options.killGraceMs ?? 5_000, () => signalGroup('SIGKILL'));
    });
    child.on('error', (error) => {
      cancelTimeout();
      cancelKiller();
      reject(error);
    });
    // Children left behind in the group would hold the pipes open: they end with the command.
    child.on('exit', () => signalGroup('SIGKILL'));
    child.on('close', (code) => {
      cancelTimeout();
      cancelKiller();
      resolve({
        exitCode: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        durationMs: Date.now() - started,
      });
    });
    // A hook that exits without reading its stdin is not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin);
  });
}
