// Every random choice of the simulator comes from here, so one seed always gives the same run.
// mulberry32: tiny, fast and good enough for jitter and tie-breaks (not for cryptography).

import type { TimeRange } from '../../core/timing/index.js';

const POD_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A float in [min, max]. */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Whole milliseconds for a duration between minSeconds and maxSeconds. */
  durationMs(minSeconds: number, maxSeconds: number): number {
    return Math.round(this.between(minSeconds, maxSeconds) * 1000);
  }

  /** Whole milliseconds for a duration within the range. */
  durationIn(range: TimeRange): number {
    return this.durationMs(range.min, range.max);
  }

  /** `seconds` give or take `spread` (0.2 = ±20%), in whole milliseconds. */
  jitterMs(seconds: number, spread: number): number {
    return Math.max(0, Math.round(seconds * 1000 * this.between(1 - spread, 1 + spread)));
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)];
  }

  /** Lowercase letters and digits the way Kubernetes names generated pods (no vowels). */
  podSuffix(length = 5): string {
    let text = '';
    for (let i = 0; i < length; i++) text += POD_SUFFIX_ALPHABET[this.int(POD_SUFFIX_ALPHABET.length)];
    return text;
  }

  /** A version-4-shaped UUID drawn from the seed. */
  uid(): string {
    const hex = (count: number) => {
      let text = '';
      for (let i = 0; i < count; i++) text += this.int(16).toString(16);
      return text;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + this.int(4)).toString(16)}${hex(3)}-${hex(12)}`;
  }
}
