import { formatDuration } from '../core/format-duration.js';
import type { EventSink, UpgradeEvent } from '../ports/index.js';
import { formatEvent } from '../report/render-event.js';
import type { CliIo } from './cli-io.js';

/** Prints events as they come, with the run's elapsed time; or each as a JSON line. */
export class TerminalEvents implements EventSink {
  private start: number | undefined;
  constructor(private readonly io: CliIo, private readonly json: boolean) {}
  emit(event: UpgradeEvent): void {
    if (this.json) return this.io.stdout(`${JSON.stringify(event)}\n`);
    this.start ??= event.at;
    const line = formatEvent(event);
    if (line === undefined) return;
    this.io.stdout(`${formatDuration(event.at - this.start, 'progress')}  ${line}\n`);
  }
}
