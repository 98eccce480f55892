import { createLogUpdate } from 'log-update';
import { createColors } from 'picocolors';
import { formatDuration } from '../core/format-duration.js';
import type { EventSink, UpgradeEvent } from '../ports/index.js';
import { formatEvent } from '../report/render-event.js';
import { NO_PAINT, renderProgress, type Paint } from '../report/render-progress.js';
import { renderRunSummary } from '../report/render-run-summary.js';
import type { ForecastSchedule } from '../core/timing/index.js';
import { RunTracker } from '../report/track-run.js';
import type { CliIo } from './cli-io.js';
import { tableWidth } from './table-width.js';

/** Redraws of the status area at most this often (a simulated run emits thousands of events a second). */
const REDRAW_MS = 100;

export interface LiveProgressOptions {
  /** NDJSON events, one a line (`-o json`): the piped form, no status area. */
  readonly json: boolean;
  /** Also print a line per event worth a person's attention (apply); simulate shows only the status area. */
  readonly log: boolean;
  /** The run's clock is the wall clock (a real cluster): the elapsed time also moves between events. */
  readonly wallClock?: boolean;
  /** Least wall time between redraws; default REDRAW_MS. */
  readonly redrawMs?: number;
}

/** Whether colour is on: a terminal, and NO_COLOR unset or empty (no-color.org). */
export function colourOn(io: CliIo): boolean {
  return io.terminal !== undefined && (io.env.NO_COLOR ?? '') === '';
}

/**
 * The events of a run as a person or a program wants them: NDJSON when asked; on a terminal, the
 * log lines scrolling above a status area redrawn in place (log-update), coloured unless NO_COLOR;
 * elsewhere the plain log lines. Every event also feeds the tracker the end summary is made from.
 * An output error never stops the run: the write is dropped, the run goes on (or stops by the
 * closed-output signal, as Ctrl-C would).
 */
export class LiveProgress implements EventSink {
  readonly tracker = new RunTracker();
  private readonly paint: Paint;
  private readonly area: ReturnType<typeof createLogUpdate> | undefined;
  private lastDraw = 0;
  private pending: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private lastEventWall = Date.now();
  private wallClock = false;

  constructor(private readonly io: CliIo, private readonly options: LiveProgressOptions) {
    const terminal = options.json ? undefined : io.terminal;
    this.paint = colourOn(io) ? createColors(true) : NO_PAINT;
    if (terminal) {
      // A stream of our own over the guarded stdout; showCursor keeps log-update from touching the
      // cursor (and from hooking process exit, which would fight the run's own stop handling).
      const stream = { isTTY: true, get columns() { return terminal.columns; }, get rows() { return terminal.rows; }, write: (text: string) => (io.stdout(text), true) };
      this.area = createLogUpdate(stream as unknown as NodeJS.WriteStream, { showCursor: true });
    }
    if (options.wallClock) this.useWallClock();
  }

  /** Once the plan is known: the forecast the ETA is measured by. */
  expect(forecast: ForecastSchedule): void {
    this.tracker.expect(forecast);
  }

  /** The run's clock turned out to be the wall clock (a real cluster): the elapsed time moves between events too. */
  useWallClock(): void {
    this.wallClock = true;
    if (!this.area || this.ticker) return;
    this.ticker = setInterval(() => this.draw(), 1000);
    this.ticker.unref();
  }

  emit(event: UpgradeEvent): void {
    this.tracker.observe(event);
    this.lastEventWall = Date.now();
    if (this.options.json) return this.io.stdout(`${JSON.stringify(event)}\n`);
    const line = this.options.log ? formatEvent(event) : undefined;
    const text = line === undefined ? undefined : `${formatDuration(this.tracker.elapsedMs(event.at), 'progress')}  ${line}`;
    if (!this.area) {
      if (text !== undefined) this.io.stdout(`${text}\n`);
      return;
    }
    this.safely(() => {
      if (text !== undefined) this.area?.persist(event.kind === 'step-failed' || event.kind === 'warning' ? this.paint.red(text) : text);
    });
    if (event.kind === 'run-finished') return this.stop();
    this.scheduleDraw();
  }

  /** Clears the status area and stops redrawing; the summary or report is printed after it. */
  stop(): void {
    if (this.pending) clearTimeout(this.pending);
    if (this.ticker) clearInterval(this.ticker);
    this.pending = undefined;
    this.ticker = undefined;
    this.safely(() => this.area?.clear());
  }

  /** The end summary, for stdout, against the forecast when there was one; nothing in the NDJSON form. */
  summary(options: { dryRun?: boolean } = {}): string {
    if (this.options.json || this.tracker.startedAt === undefined) return '';
    const expectedSeconds = this.tracker.expectedSeconds;
    return `\n${renderRunSummary(this.tracker, { ...(expectedSeconds === undefined ? {} : { expectedSeconds }), ...tableWidth(this.io), ...options })}`;
  }

  private scheduleDraw(): void {
    const wait = (this.options.redrawMs ?? REDRAW_MS) - (Date.now() - this.lastDraw);
    if (wait <= 0) return this.draw();
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.draw();
    }, wait);
    this.pending.unref();
  }

  private draw(): void {
    this.lastDraw = Date.now();
    const last = this.tracker.lastAt;
    const now = this.wallClock && last !== undefined ? last + (Date.now() - this.lastEventWall) : last;
    const width = this.io.terminal?.columns ?? 80;
    this.safely(() => this.area?.(renderProgress(this.tracker, { ...(now !== undefined ? { now } : {}), width: width - 1, paint: this.paint }).join('\n')));
  }

  private safely(write: () => void): void {
    try {
      write();
    } catch {
      // The status area is a convenience: whatever breaks it must not break the run.
    }
  }
}
