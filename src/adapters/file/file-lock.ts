import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { LockedError } from '../../core/errors.js';
import { lockedError } from '../shared/locked-error.js';
import { writeAtomically } from './write-atomically.js';
import type { Lock, LockHandle } from '../../ports/index.js';

// One upgrade at a time: a lock file created exclusively (O_EXCL), renewed while the run goes on
// and removed at the end. A holder provably gone (this host, its pid no longer running: a run
// killed with SIGKILL) is taken over at once; any other dead run only when the operator says so.

/** The lock file's content. Times are ISO strings so an operator can read the file. */
export interface LockFileRecord {
  readonly format: 'kubehop.lock/v1';
  readonly holder: string;
  readonly pid: number;
  readonly host: string;
  readonly acquiredAt: string;
  readonly renewedAt: string;
}

export interface FileLockOptions {
  readonly now?: () => number;
  readonly pid?: number;
  readonly host?: string;
  /** A lock not renewed for this long counts as stale (default 30 minutes). */
  readonly staleAfterMs?: number;
  /** Whether a process of this host is alive; a dead holder on this host is stale at once. */
  readonly isProcessAlive?: (pid: number) => boolean;
}

const DEFAULT_STALE_AFTER_MS = 30 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}


export class FileLock implements Lock {
  private readonly now: () => number;
  private readonly pid: number;
  private readonly host: string;
  private readonly staleAfterMs: number;
  private readonly isProcessAlive: (pid: number) => boolean;

  constructor(
    readonly path: string,
    options: FileLockOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? hostname();
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.isProcessAlive = options.isProcessAlive ?? processAlive;
  }

  async acquire(holder: string, options: { takeOverStale?: boolean } = {}): Promise<LockHandle> {
    const at = new Date(this.now()).toISOString();
    const mine: LockFileRecord = { format: 'kubehop.lock/v1', holder, pid: this.pid, host: this.host, acquiredAt: at, renewedAt: at };
    const text = `${JSON.stringify(mine, null, 2)}\n`;
    try {
      await writeFile(this.path, text, { flag: 'wx', mode: 0o644 });
      return this.handle(mine);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LockedError(`failed to create the upgrade lock ${this.path}: ${(error as Error).message}`, holder);
      }
    }
    const current = await this.readRecord();
    if (current && !options.takeOverStale && !this.isGone(current)) throw lockedError(current);
    if (current && !this.isStale(current)) {
      const age = Math.round((this.now() - Date.parse(current.renewedAt)) / 1000);
      throw lockedError(current, `it renewed the lock ${age}s ago, so it looks alive; stop it before taking the lock over`);
    }
    if (!current && !options.takeOverStale) {
      throw new LockedError(`the upgrade lock ${this.path} exists but cannot be read; if no kubehop run is going on, pass --take-over-stale-lock`, 'unknown');
    }
    await writeAtomically(this.path, text, { mode: 0o644 });
    const check = await this.readRecord();
    // Two runs taking over at once: whoever's rename landed last owns the lock.
    if (!check || !sameHolder(check, mine)) throw lockedError(check ?? mine);
    return this.handle(mine);
  }

  /** A holder on this host whose process has ended: no run can still be behind the lock. */
  private isGone(record: LockFileRecord): boolean {
    return record.host === this.host && !this.isProcessAlive(record.pid);
  }

  private isStale(record: LockFileRecord): boolean {
    if (this.isGone(record)) return true;
    return this.now() - Date.parse(record.renewedAt) > this.staleAfterMs;
  }

  private async readRecord(): Promise<LockFileRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const value = JSON.parse(text) as Partial<LockFileRecord>;
      if (typeof value.holder !== 'string' || typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.acquiredAt !== 'string' || typeof value.renewedAt !== 'string') {
        return undefined;
      }
      return value as LockFileRecord;
    } catch {
      return undefined;
    }
  }

  private handle(mine: LockFileRecord): LockHandle {
    let record = mine;
    return {
      holder: mine.holder,
      renew: async () => {
        const current = await this.readRecord();
        if (!current || !sameHolder(current, mine)) {
          throw lockedError(current ?? mine, 'this run lost the upgrade lock; stop it and check who is upgrading the cluster');
        }
        record = { ...record, renewedAt: new Date(this.now()).toISOString() };
        await writeAtomically(this.path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
      },
      release: async () => {
        const current = await this.readRecord();
        if (current && sameHolder(current, mine)) await unlink(this.path).catch(() => undefined);
      },
    };
  }
}

function sameHolder(a: LockFileRecord, b: LockFileRecord): boolean {
  return a.holder === b.holder && a.pid === b.pid && a.host === b.host && a.acquiredAt === b.acquiredAt;
}
