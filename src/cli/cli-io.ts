/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Today, as YYYY-MM-DD. */
  readonly today: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /**
   * Calls `listener` once when the run should stop the way Ctrl-C stops it: a stop signal
   * (SIGINT, SIGTERM, SIGHUP) or an output that went away. Returns a function that stops listening.
   */
  readonly onStop?: (listener: (why: string) => void) => () => void;
  /** Present when stdout is a terminal: its size now (live progress redraws a status area there). */
  readonly terminal?: { readonly columns: number; readonly rows: number };
}

export const EXIT = { ok: 0, failure: 1, usage: 2, blocking: 3 } as const;
