import type { Clock } from '../../ports/index.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
  /** A background timer (`every`) fires as time moves but never moves it by itself. */
  readonly background?: boolean;
}

/**
 * A discrete-event clock for tests: time stands still while anything can still run, and jumps to
 * the next timer once every pending promise has settled (checked with setImmediate, which runs
 * after the microtask queue). Hours of waits take milliseconds; no test sleeps for real.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];
  private pumping = false;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(ms, resolve);
    });
  }

  /** Runs `fire` after `ms` of virtual time; returns a function that cancels it. */
  schedule(ms: number, fire: () => void): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fire };
    this.timers.push(timer);
    this.pump();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** A background repeat: it fires while other timers move time, and never moves it alone. */
  every(ms: number, action: () => void): () => void {
    let timer: Timer;
    const arm = () => {
      timer = { at: this.current + Math.max(1, ms), seq: this.seq++, background: true, fire: () => (arm(), action()) };
      this.timers.push(timer);
    };
    arm();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Timers not yet fired (for tests that check nothing is left waiting). */
  pending(): number {
    return this.timers.filter((t) => !t.background).length;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      const next = this.timers.reduce<Timer | undefined>((best, t) => (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best), undefined);
      if (!next || this.timers.every((t) => t.background)) return;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fire();
      if (this.timers.some((t) => !t.background)) this.pump();
    });
  }
}
