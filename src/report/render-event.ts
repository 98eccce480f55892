import { quoteArgv } from '../core/command/quote-argv.js';
import type { UpgradeEvent, UpgradeEventKind } from '../ports/index.js';

type Formatter<K extends UpgradeEventKind> = (event: Extract<UpgradeEvent, { kind: K }>) => string | undefined;

/** One line per event worth a person's attention; a kind missing here fails to compile. */
const FORMATTERS: { [K in UpgradeEventKind]: Formatter<K> } = {
  'run-started': (e) => `${e.resumed ? 'resuming' : 'starting'} run of ${e.steps} steps (plan ${e.planId})`,
  'step-started': (e) => `[${e.index + 1}] ${e.step.node}: ${e.step.description}`,
  'step-skipped': (e) => `    skipped ${e.step.id}: ${e.reason}`,
  'step-finished': () => undefined,
  'step-failed': (e) => `    FAILED ${e.step.id}: ${e.error}`,
  'command-finished': (e) => (e.exitCode === 0 ? undefined : `    ${e.node}: ${quoteArgv(e.argv)} exited ${e.exitCode ?? 'without a code'}`),
  'node-cordoned': (e) => `    ${e.node} cordoned`,
  'node-uncordoned': (e) => `    ${e.node} uncordoned`,
  'pod-evicted': (e) => `    evicted ${e.namespace}/${e.pod}`,
  'pod-deleted': (e) => `    deleted ${e.namespace}/${e.pod} (${e.reason})`,
  'eviction-blocked': (e) => `    ${e.namespace}/${e.pod} waits for PodDisruptionBudget ${e.pdb}: ${e.message}`,
  retry: (e) => `    retrying ${e.what} (attempt ${e.attempt}): ${e.reason}`,
  waiting: (e) => `    waiting for ${e.what}`,
  'health-gate-passed': () => undefined,
  'node-skipped': (e) => `    ${e.node} left cordoned at its old version: ${e.reason}`,
  'node-added': (e) => `    new node ${e.node} joined at ${e.version}`,
  'node-removed': (e) => `    old node ${e.node} removed`,
  warning: (e) => `    warning: ${e.message}`,
  // The live status area shows it; a scrolling log already has a line per evicted pod.
  'drain-progress': () => undefined,
  'batch-split': (e) => `    ${e.batch} drained in ${e.parts.length} parts, pods having moved since the plan: ${e.parts.map((p) => p.join(', ')).join(' | ')}`,
  'run-finished': (e) => `run ${e.status} after ${Math.round(e.durationMs / 1000)}s`,
};

export function formatEvent(event: UpgradeEvent): string | undefined {
  return (FORMATTERS[event.kind] as Formatter<typeof event.kind>)(event as never);
}
