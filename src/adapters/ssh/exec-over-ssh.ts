import { performance } from 'node:perf_hooks';
import type { Client, ClientChannel } from 'ssh2';

// One exec channel: the line runs, stdin gets `stdin` (a script for `/bin/sh -s`) or nothing and is
// closed at once (nothing prompts kubehop), output is
// collected as bytes and decoded once, so a UTF-8 character split across packets stays whole.
// The deadline counts from the request, so a node that never opens the session cannot hang us.

export interface ExecOutcome {
  readonly exitCode: number | null;
  /** The signal that ended the command, as sshd reports it ("KILL"). */
  readonly signal?: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The channel closed with no exit status while the command ran: the connection dropped. */
  readonly lost: boolean;
  readonly durationMs: number;
}

/** The channel was not opened: the command never started. */
export class ExecNotStartedError extends Error {}

export function execOverSsh(client: Client, line: string, timeoutMs: number, stdin?: string): Promise<ExecOutcome> {
  const started = performance.now();
  return new Promise<ExecOutcome>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let channel: ClientChannel | undefined;
    let exitCode: number | null = null;
    let signal: string | undefined;
    let exited = false;
    let timedOut = false;
    let done = false;

    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.off('close', finish);
      resolve({
        exitCode: timedOut ? null : exitCode,
        ...(signal !== undefined && { signal }),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        lost: !exited && !timedOut,
        durationMs: Math.round(performance.now() - started),
      });
    };
    const notStarted = (message: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new ExecNotStartedError(message));
    };

    const timer = setTimeout(() => {
      if (!channel) {
        notStarted(`the node opened no session within ${timeoutMs} ms`);
        return;
      }
      timedOut = true;
      // Best effort: sshd honours signals only for non-root sessions; the remote `timeout` does the rest.
      try {
        channel.signal('KILL');
      } catch {
        // the channel is already closing
      }
      channel.close();
      // sshd confirms the close only once the process is gone; the result is known now.
      finish();
    }, timeoutMs);

    try {
      client.exec(line, (error, opened) => {
        if (error) {
          notStarted(error.message);
          return;
        }
        if (done) {
          // Opened after the deadline: nothing was waiting for it.
          opened.close();
          return;
        }
        channel = opened;
        opened.on('data', (chunk: Buffer) => out.push(chunk));
        opened.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        opened.on('exit', (code: number | null, signalName?: string) => {
          exited = true;
          exitCode = typeof code === 'number' ? code : null;
          if (signalName) signal = signalName;
        });
        opened.on('close', finish);
        client.once('close', finish);
        if (stdin === undefined) opened.end();
        else opened.end(stdin);
      });
    } catch (error) {
      // ssh2 throws synchronously when the connection is already gone.
      notStarted(error instanceof Error ? error.message : String(error));
    }
  });
}
