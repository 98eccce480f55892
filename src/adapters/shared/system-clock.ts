import type { Clock } from '../../ports/index.js';

/** The wall clock, for runs against real clusters (and the kube adapter's outage probe). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  every(ms: number, action: () => void): () => void {
    const timer = setInterval(action, ms);
    timer.unref();
    return () => clearInterval(timer);
  }
}
