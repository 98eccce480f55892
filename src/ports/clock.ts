/** Time as the engine sees it: the wall clock for a real cluster, virtual time in the simulator. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}
