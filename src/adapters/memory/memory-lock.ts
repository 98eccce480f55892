import type { Lock, LockHandle } from '../../ports/index.js';
import { lockedError } from '../shared/locked-error.js';

/** One lock shared by the runs of a test: the second acquire fails like the file lock does. */
export class MemoryLock implements Lock {
  holder: { name: string; acquiredAt: string } | undefined;
  /** Whether a takeover with takeOverStale succeeds (the holder is dead). */
  stale = false;
  private generation = 0;

  constructor(private readonly now: () => number = () => 0) {}

  async acquire(holder: string, options: { takeOverStale?: boolean } = {}): Promise<LockHandle> {
    if (this.holder && !(options.takeOverStale && this.stale)) {
      throw lockedError({ holder: this.holder.name, pid: 0, host: 'memory', acquiredAt: this.holder.acquiredAt });
    }
    this.holder = { name: holder, acquiredAt: new Date(this.now()).toISOString() };
    const generation = ++this.generation;
    return {
      holder,
      renew: async () => {
        if (this.generation !== generation && this.holder) {
          throw lockedError({ holder: this.holder.name, pid: 0, host: 'memory', acquiredAt: this.holder.acquiredAt }, 'this run lost the upgrade lock');
        }
      },
      release: async () => {
        if (this.generation === generation) this.holder = undefined;
      },
    };
  }
}
