import { STEP_ACTIONS, type PlanStep } from '../planning/index.js';
import { partOf, type StepCalibration, type StepKind } from './forecast-plan.js';

// What real runs took, kept in the journal to calibrate the timing model: per kind of step (the
// part of the hop and the action: `kubeadm upgrade node` on a control-plane node restarts static
// pods, on a worker it does not), the seconds of its last few steps. Bounded, so a journal of a
// thousand-node run stays small.

/** Kind of step ("workers/drain") -> seconds of its last steps carried out, oldest first. */
export type StepTimes = Readonly<Record<string, readonly number[]>>;

const PARTS = ['prepare', 'control-plane', 'workers'];

/** The key a step's times are kept and calibrated under. */
export function stepKind(step: Pick<PlanStep, 'phase' | 'action'>): StepKind {
  return `${partOf(step)}/${step.action}`;
}

/** Samples kept per action. */
export const STEP_TIME_SAMPLES = 50;

/** A week: no single step takes longer; a larger figure is garbage, not a measurement. */
const MAX_STEP_SECONDS = 7 * 24 * 3600;

/** The times with one more step of `action`, the oldest sample dropped past STEP_TIME_SAMPLES. */
export function recordStepTime(times: StepTimes | undefined, kind: StepKind, seconds: number): StepTimes {
  const kept = times?.[kind] ?? [];
  return { ...times, [kind]: [...kept, Math.round(seconds * 10) / 10].slice(-STEP_TIME_SAMPLES) };
}

export type StepTimesValidation = { readonly ok: true; readonly value: StepTimes } | { readonly ok: false; readonly errors: string[] };

/** Checks step times read from outside (a journal file): known actions, lists of plausible seconds. */
export function validateStepTimes(value: unknown): StepTimesValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: ['stepTimes must be an object of action -> list of seconds'] };
  const errors: string[] = [];
  for (const [kind, samples] of Object.entries(value)) {
    const [part = '', action = '', ...rest] = kind.split('/');
    if (!PARTS.includes(part) || !STEP_ACTIONS.has(action) || rest.length > 0) errors.push(`stepTimes.${kind.slice(0, 60)}: not a kind of step kubehop records (PART/ACTION, e.g. workers/drain)`);
    else if (!Array.isArray(samples) || samples.length > STEP_TIME_SAMPLES || !samples.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= MAX_STEP_SECONDS)) {
      errors.push(`stepTimes.${kind}: expected at most ${STEP_TIME_SAMPLES} durations in seconds, each from 0 to ${MAX_STEP_SECONDS}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as StepTimes };
}

/** The median of each action's samples: what the forecast takes instead of the model for that action. */
export function calibrationFrom(times: StepTimes): StepCalibration {
  const calibration: Partial<Record<StepKind, number>> = {};
  for (const [kind, samples] of Object.entries(times) as [StepKind, readonly number[]][]) {
    if (samples.length === 0) continue;
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    calibration[kind] = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }
  return calibration;
}
