import type { Clock } from '../../ports/index.js';
import { wallClockTimeout, type StartTimeout } from './start-timeout.js';
import { TimerQueue, type Timer } from './timer-queue.js';

// Discrete-event virtual time, for the simulator and for the in-memory test adapters alike. Time
// moves only while someone waits on it (a sleep, a `wait`): after each wait is registered a
// setImmediate pops the earliest timer, sets the clock to it and fires everything due at that
// instant. setImmediate runs after the microtask queue drains, so code between awaits —
// Promise.all of parallel evictions included — runs to its next wait before time moves. What a
// cluster does by itself (`schedule`, `every`) fires as time passes but never moves it alone: when
// nobody waits, the clock holds still, so code awaiting real file I/O sees no jump.

/** Virtual time runs at `speed` times wall-clock speed, for a live demo. */
export interface ClockPacing {
  readonly speed: number;
  /** The wall clock it is paced by; default the real one. Tests pass their own. */
  readonly wall?: { readonly now: () => number; readonly startTimeout: StartTimeout };
}

const REAL_WALL = { now: () => Date.now(), startTimeout: wallClockTimeout };

export interface VirtualClockOptions {
  /** Milliseconds since the epoch at the start; a fixed default keeps runs reproducible. */
  readonly startMs?: number;
  readonly pacing?: ClockPacing;
}

export interface TimerHandle {
  cancel(): void;
}

/** 2025-01-01T00:00:00Z. */
export const DEFAULT_START_MS = Date.UTC(2025, 0, 1);

export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private waiters = 0;
  private readonly queue = new TimerQueue();
  private pumpScheduled = false;
  private readonly pacing: ClockPacing | undefined;
  private cancelPaced: (() => void) | undefined;
  private pacedFor = Number.POSITIVE_INFINITY;
  private anchor = { wall: 0, virtual: 0 };

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.startMs ?? DEFAULT_START_MS;
    if (options.pacing && !(options.pacing.speed > 0)) {
      throw new RangeError(`invalid pacing speed ${options.pacing.speed}: give a positive number such as 60`);
    }
    this.pacing = options.pacing;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wait(ms, resolve);
    });
  }

  /** Runs `action` once time reaches now + delayMs. Does not make time move by itself. */
  schedule(delayMs: number, action: () => void): TimerHandle {
    return this.add(delayMs, action, false);
  }

  /** A background repeat: like `schedule`, it fires only as time moves for someone else. */
  every(ms: number, action: () => void): () => void {
    let handle: TimerHandle;
    // At least 1 ms apart, so a repeat can never fire twice at one instant.
    const arm = () => {
      handle = this.schedule(Math.max(1, ms), () => {
        arm();
        action();
      });
    };
    arm();
    return () => handle.cancel();
  }

  /** Like sleep but cancellable: `onDue` runs after delayMs. Counts as someone waiting. */
  wait(delayMs: number, onDue: () => void): TimerHandle {
    return this.add(delayMs, onDue, true);
  }

  /** How many waits are pending: time moves only while this is above zero. */
  pendingWaits(): number {
    return this.waiters;
  }

  private add(delayMs: number, fire: () => void, waiter: boolean): TimerHandle {
    const timer: Timer = { at: this.current + Math.max(0, Math.round(delayMs)), seq: this.seq++, waiter, fire, cancelled: false };
    this.queue.push(timer);
    if (waiter) this.waiters++;
    this.wake(timer.at);
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        if (timer.waiter) this.waiters--;
      },
    };
  }

  private wake(at: number): void {
    if (this.waiters === 0) return;
    if (!this.pacing) {
      if (this.pumpScheduled) return;
      this.pumpScheduled = true;
      setImmediate(() => this.pump());
      return;
    }
    if (this.pumpScheduled && at >= this.pacedFor) return;
    if (!this.pumpScheduled) this.anchor = { wall: this.wall().now(), virtual: this.current };
    this.schedulePaced();
  }

  private wall(): NonNullable<ClockPacing['wall']> {
    return this.pacing?.wall ?? REAL_WALL;
  }

  private schedulePaced(): void {
    this.cancelPaced?.();
    this.cancelPaced = undefined;
    const next = this.queue.peek();
    if (!next || !this.pacing) return;
    const due = this.anchor.wall + (next.at - this.anchor.virtual) / this.pacing.speed;
    this.pumpScheduled = true;
    this.pacedFor = next.at;
    this.cancelPaced = this.wall().startTimeout(Math.max(0, due - this.wall().now()), () => this.pump());
  }

  private pump(): void {
    this.pumpScheduled = false;
    this.cancelPaced = undefined;
    this.pacedFor = Number.POSITIVE_INFINITY;
    if (this.waiters === 0) return;
    const first = this.queue.peek();
    if (!first) return;
    const at = first.at;
    if (at > this.current) this.current = at;
    for (let timer = this.queue.peek(); timer && timer.at === at; timer = this.queue.peek()) {
      this.queue.pop();
      timer.cancelled = true;
      if (timer.waiter) this.waiters--;
      timer.fire();
    }
    if (this.waiters === 0) return;
    if (this.pacing) this.schedulePaced();
    else {
      this.pumpScheduled = true;
      setImmediate(() => this.pump());
    }
  }
}
