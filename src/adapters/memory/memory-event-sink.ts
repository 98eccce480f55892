import type { EventSink, UpgradeEvent, UpgradeEventKind } from '../../ports/index.js';

/** Collects events for tests. */
export class MemoryEventSink implements EventSink {
  readonly events: UpgradeEvent[] = [];

  emit(event: UpgradeEvent): void {
    this.events.push(event);
  }

  ofKind<K extends UpgradeEventKind>(kind: K): Extract<UpgradeEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<UpgradeEvent, { kind: K }> => e.kind === kind);
  }
}
