/** Calls `onTimeout` once `ms` have passed, unless the returned function is called first. */
export type StartTimeout = (ms: number, onTimeout: () => void) => () => void;

/** A real timer. Adapters take a StartTimeout so that their tests can fire a timeout themselves. */
export const wallClockTimeout: StartTimeout = (ms, onTimeout) => {
  const timer = setTimeout(onTimeout, ms);
  return () => clearTimeout(timer);
};
