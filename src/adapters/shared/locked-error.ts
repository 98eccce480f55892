import { LockedError } from '../../core/errors.js';

/** Who holds a lock, as every lock adapter records it. */
export interface LockHolder {
  readonly holder: string;
  readonly pid: number;
  readonly host: string;
  readonly acquiredAt: string;
}

/** The LockedError every lock adapter raises, naming who holds the lock and since when. */
export function lockedError(record: LockHolder, extra?: string): LockedError {
  const who = `${record.holder} (pid ${record.pid} on ${record.host})`;
  const advice = extra ?? 'wait for it to finish, or pass --take-over-stale-lock if that run is dead';
  return new LockedError(`another kubehop run holds the upgrade lock: ${who} since ${record.acquiredAt}; ${advice}`, record.holder);
}
