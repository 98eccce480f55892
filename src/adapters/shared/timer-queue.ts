// A binary min-heap of timers ordered by due time, then by the order they were added, so timers
// due at the same virtual instant always fire in the same order.

export interface Timer {
  readonly at: number;
  readonly seq: number;
  /** A waiter is someone waiting on virtual time (the engine, a command); it makes time move. */
  readonly waiter: boolean;
  readonly fire: () => void;
  cancelled: boolean;
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class TimerQueue {
  private readonly heap: Timer[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Timer;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  /** The earliest timer that is not cancelled, dropping cancelled ones on the way. */
  peek(): Timer | undefined {
    let top = this.heap[0];
    while (top?.cancelled) {
      this.pop();
      top = this.heap[0];
    }
    return top;
  }

  pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right] as Timer, heap[left] as Timer) ? right : left;
      const c = heap[child] as Timer;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
