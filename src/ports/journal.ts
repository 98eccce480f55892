import type { StepTimes } from '../core/timing/index.js';

/** What a run has done, written after every step. A hint for resume: the cluster is the truth. */
export interface JournalRecord {
  readonly format: 'kubehop.journal/v1';
  /** Identifies the plan: cluster, from, to and a hash of its steps. */
  readonly planId: string;
  /** sha256 of the whole plan the run started with: a resume with an edited plan file is refused. */
  readonly planDigest?: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly completedSteps: readonly string[];
  /** Nodes this run cordoned and has not yet uncordoned: never left behind by mistake. */
  readonly cordonedByRun: readonly string[];
  /** Nodes left cordoned on purpose (drain timeout with the skip-node policy). */
  readonly skippedNodes: readonly string[];
  /** Findings the operator chose to ignore, by code, with when. */
  readonly overrides: readonly { readonly code: string; readonly at: number }[];
  /** Surge strategy: old worker -> the new worker that replaced it. */
  readonly replacedNodes?: Readonly<Record<string, string>>;
  /** interrupted: stopped on purpose (a signal, a closed terminal); resumable like failed. */
  readonly status: 'running' | 'failed' | 'interrupted' | 'completed';
  readonly lastError?: string;
  /** What steps took, per action (the last few of each): `plan --timings-from` calibrates the forecast by them. */
  readonly stepTimes?: StepTimes;
}

export interface Journal {
  read(): Promise<JournalRecord | undefined>;
  write(record: JournalRecord): Promise<void>;
  /**
   * Keeps the plan a run starts with (its JSON document) beside the record, written once per run
   * rather than with every step: `apply --resume` without a plan file goes on with it, even when
   * the cluster has moved on so far that planning again would give another plan.
   */
  keepPlan(document: string): Promise<void>;
  /** The document keepPlan stored last, if any; the caller validates it. */
  keptPlan(): Promise<string | undefined>;
}
