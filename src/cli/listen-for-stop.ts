/** Signals that mean "stop": Ctrl-C, a cancelled CI job or `kill`, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `onStop` once on the first stop signal. While it listens, the signals no longer end the
 * process: the run stops between steps, undoes its cordon, releases the lock and says how to
 * resume. Later signals are ignored until the caller stops listening, so a second Ctrl-C cannot
 * cut that cleanup short (SIGKILL still can, and the journal and lock stay resumable).
 */
export function listenForStop(onStop: (why: string) => void, on: Pick<NodeJS.Process, 'on' | 'off'> = process): () => void {
  let stopped = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopped) return;
    stopped = true;
    onStop(signal === 'SIGINT' ? 'Ctrl-C (SIGINT)' : signal === 'SIGHUP' ? 'a closed terminal (SIGHUP)' : signal);
  };
  for (const signal of STOP_SIGNALS) on.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) on.off(signal, handler);
  };
}
