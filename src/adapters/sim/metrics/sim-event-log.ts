import { formatDuration } from '../../../core/format-duration.js';

// What happened in the simulated cluster, in order, with its virtual time: the transcript that
// golden tests compare and that shows a seed gives the same run every time.

export interface SimLogEntry {
  /** Milliseconds since the simulation started. */
  readonly at: number;
  readonly kind: string;
  readonly subject: string;
  readonly detail?: string;
}

export class SimEventLog {
  private readonly list: SimLogEntry[] = [];

  constructor(
    private readonly now: () => number,
    private readonly start: number,
    private readonly enabled: boolean,
  ) {}

  add(kind: string, subject: string, detail?: string): void {
    if (!this.enabled) return;
    this.list.push(detail === undefined ? { at: this.now() - this.start, kind, subject } : { at: this.now() - this.start, kind, subject, detail });
  }

  entries(): readonly SimLogEntry[] {
    return this.list;
  }
}

/** One line per entry: "00:01:02.003 pod-evicted default/web-abc12 from worker-1". */
export function formatEventLog(entries: readonly SimLogEntry[]): string {
  return entries.map((e) => `${formatDuration(e.at, 'log')} ${e.kind} ${e.subject}${e.detail ? ` ${e.detail}` : ''}`).join('\n');
}
