import type { PlanStep } from '../core/planning/index.js';

/**
 * Progress of a run as typed events. Renderers map every kind (a missing one fails to compile);
 * the engine never prints. `at` is the run's clock in ms (virtual time in the simulator).
 */
export type UpgradeEvent =
  | { readonly kind: 'run-started'; readonly at: number; readonly planId: string; readonly steps: number; readonly resumed: boolean }
  | { readonly kind: 'step-started'; readonly at: number; readonly step: PlanStep; readonly index: number }
  | { readonly kind: 'step-skipped'; readonly at: number; readonly step: PlanStep; readonly reason: string }
  | { readonly kind: 'step-finished'; readonly at: number; readonly step: PlanStep; readonly durationMs: number }
  | { readonly kind: 'step-failed'; readonly at: number; readonly step: PlanStep; readonly error: string }
  | { readonly kind: 'command-finished'; readonly at: number; readonly node: string; readonly argv: readonly string[]; readonly exitCode: number | null; readonly durationMs: number }
  | { readonly kind: 'node-cordoned'; readonly at: number; readonly node: string }
  | { readonly kind: 'node-uncordoned'; readonly at: number; readonly node: string }
  | { readonly kind: 'pod-evicted'; readonly at: number; readonly node: string; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'pod-deleted'; readonly at: number; readonly node: string; readonly namespace: string; readonly pod: string; readonly reason: string }
  | { readonly kind: 'eviction-blocked'; readonly at: number; readonly node: string; readonly namespace: string; readonly pod: string; readonly pdb: string; readonly message: string }
  | { readonly kind: 'retry'; readonly at: number; readonly what: string; readonly attempt: number; readonly reason: string }
  | { readonly kind: 'waiting'; readonly at: number; readonly what: string }
  | { readonly kind: 'health-gate-passed'; readonly at: number; readonly node: string; readonly gate: string }
  | { readonly kind: 'node-skipped'; readonly at: number; readonly node: string; readonly reason: string }
  | { readonly kind: 'node-added'; readonly at: number; readonly node: string; readonly version: string }
  | { readonly kind: 'node-removed'; readonly at: number; readonly node: string }
  | { readonly kind: 'warning'; readonly at: number; readonly message: string }
  /** A drain under way: its pods still to go (of those it removes), and the evictions a budget refused (429) so far. */
  | { readonly kind: 'drain-progress'; readonly at: number; readonly node: string; readonly podsLeft: number; readonly pods: number; readonly refused: number }
  /** A planned batch judged again before its cordon: pods had moved, so it runs in these parts, in order. */
  | { readonly kind: 'batch-split'; readonly at: number; readonly batch: string; readonly parts: readonly (readonly string[])[] }
  | { readonly kind: 'run-finished'; readonly at: number; readonly status: 'completed' | 'failed' | 'interrupted'; readonly durationMs: number; readonly skippedNodes?: readonly string[] };

export type UpgradeEventKind = UpgradeEvent['kind'];

export interface EventSink {
  emit(event: UpgradeEvent): void;
}
