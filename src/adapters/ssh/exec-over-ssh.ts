import { performance } from 'node:perf_hooks';
import type { Client, ClientChannel } from 'ssh2';

// One exec channel: the line runs, stdin is closed at once (nothing prompts kubehop), output is
// collected as bytes and decoded once, so a UTF-8 character split across packets stays whole.

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

/** The channel could not be opened: the command never started, so it is safe to try again. */
export class ExecNotStartedError extends Error {}

export function execOverSsh(client: Client, line: string, timeoutMs: number): Promise<ExecOutcome> {
  const started = performance.now();
  return new Promise<ExecOutcome>((resolve, reject) => {
    try {
      client.exec(line, (error, opened) => {
        if (error) {
          reject(new ExecNotStartedError(error.message));
          return;
        }
        run(opened);
      });
    } catch (error) {
      // ssh2 throws synchronously when the connection is already gone.
      reject(new ExecNotStartedError(error instanceof Error ? error.message : String(error)));
    }

    function run(ch: ClientChannel): void {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
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

      const timer = setTimeout(() => {
        timedOut = true;
        // Best effort: sshd honours signals only for non-root sessions; the remote `timeout` does the rest.
        try {
          ch.signal('KILL');
        } catch {
          // the channel is already closing
        }
        ch.close();
        // sshd confirms the close only once the process is gone; the result is known now.
        finish();
      }, timeoutMs);

      ch.on('data', (chunk: Buffer) => out.push(chunk));
      ch.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      ch.on('exit', (code: number | null, signalName?: string) => {
        exited = true;
        exitCode = typeof code === 'number' ? code : null;
        if (signalName) signal = signalName;
      });
      ch.on('close', finish);
      client.once('close', finish);
      ch.end();
    }
  });
}
