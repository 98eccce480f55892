/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Today, as YYYY-MM-DD. */
  readonly today: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, blocking: 3 } as const;
