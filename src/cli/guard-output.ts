import type { Writable } from 'node:stream';

/** An output stream kubehop writes to without ever dying of it. */
export interface GuardedOutput {
  readonly write: (text: string) => void;
  /** Calls `listener` once when the stream breaks (EPIPE, EIO); returns a function that stops it. */
  readonly onClosed: (listener: (why: string) => void) => () => void;
}

/**
 * Wraps stdout or stderr so that a reader that went away (`| head`, a closed terminal) is not an
 * uncaught exception: the error is noted, later writes are dropped, and listeners hear of it — a
 * run stops the way Ctrl-C stops it instead of dying mid-drain.
 */
export function guardOutput(stream: Writable, name: string): GuardedOutput {
  let closed: string | undefined;
  const listeners = new Set<(why: string) => void>();
  const close = (error: NodeJS.ErrnoException) => {
    if (closed !== undefined) return;
    closed = `${name} closed (${error.code ?? error.message})`;
    for (const listener of listeners) listener(closed);
  };
  stream.on('error', close);
  return {
    write: (text) => {
      if (closed !== undefined) return;
      try {
        stream.write(text);
      } catch (error) {
        close(error as NodeJS.ErrnoException);
      }
    },
    onClosed: (listener) => {
      if (closed !== undefined) {
        listener(closed);
        return () => undefined;
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
