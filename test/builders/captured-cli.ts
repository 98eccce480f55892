import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/main.js';

// `kubehop ARGV` in this process with its output captured, on a fixed day so that messages
// naming dates and catalog ages stay the same from one run to the next.

export interface CapturedCli {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CaptureOptions {
  /** YYYY-MM-DD; 2026-11-25 when not given. */
  readonly today?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly confirm?: CliIo['confirm'];
  /** Run as if stdout were a terminal of this size. */
  readonly terminal?: CliIo['terminal'];
}

export async function captureCli(argv: readonly string[], options: CaptureOptions = {}): Promise<CapturedCli> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    today: () => options.today ?? '2026-11-25',
    env: options.env ?? {},
    ...(options.confirm ? { confirm: options.confirm } : {}),
    ...(options.terminal ? { terminal: options.terminal } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
