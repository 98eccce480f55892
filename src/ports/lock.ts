export interface LockHandle {
  readonly holder: string;
  /** Extends the lease; throws LockedError if another run took it over. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** One upgrade at a time per cluster. acquire throws LockedError naming the current holder. */
export interface Lock {
  acquire(holder: string, options?: { takeOverStale?: boolean }): Promise<LockHandle>;
}
