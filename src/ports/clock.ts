/** Time as the engine sees it: the wall clock for a real cluster, virtual time in the simulator. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /**
   * Runs `action` every `ms` in the background until the returned function is called. It keeps
   * nothing waiting: it neither holds a process open nor, on virtual time, makes time move.
   */
  every(ms: number, action: () => void): () => void;
}
