import type { ClusterApi, Clock, NodeShell, UpgradeEvent } from '../ports/index.js';

/** An event as the engine hands it over; `at` is stamped from the run's clock. */
export type EventDraft = UpgradeEvent extends infer E ? (E extends UpgradeEvent ? Omit<E, 'at'> : never) : never;

/** What every part of the engine works with: the ports, the run's clock, the stop signal. */
export interface EngineContext {
  readonly api: ClusterApi;
  readonly shell: NodeShell;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  emit(event: EventDraft): void;
}
