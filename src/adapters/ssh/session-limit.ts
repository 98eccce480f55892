// A cap on SSH sessions open at once across all nodes: callers beyond it wait in FIFO order.
// OpenSSH's sshd allows 10 sessions per connection (MaxSessions) and throttles parallel
// unauthenticated connections (MaxStartups 10), so the default of 8 stays under both.

export class SessionLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private peakActive = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`invalid session limit ${max}: expected a whole number of at least 1`);
  }

  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` does not change.
      if (next) next();
      else this.active--;
    };
  }

  /** The most sessions that were open at once, for tests and diagnostics. */
  get peak(): number {
    return this.peakActive;
  }
}
