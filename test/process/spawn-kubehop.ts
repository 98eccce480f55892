import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./kubehop-child.ts', import.meta.url));

export interface KubehopProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stdout has printed `lines` lines (or the process ended first). */
  readonly printed: (lines: number) => Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `kubehop ARGV` as a child process with its own state directory. */
export function spawnKubehop(argv: readonly string[], env: Readonly<Record<string, string>>): KubehopProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...argv], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/nonexistent', USER: 'tester', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { lines: number; done: () => void }[] = [];
  const wake = () => {
    const count = out.split('\n').length - 1;
    for (const w of [...waiters]) if (count >= w.lines) waiters.splice(waiters.indexOf(w), 1), w.done();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.done();
      done({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    printed: (lines) => new Promise<void>((done) => {
      waiters.push({ lines, done });
      wake();
      if (child.exitCode !== null || child.signalCode !== null) done();
    }),
    exited,
  };
}
