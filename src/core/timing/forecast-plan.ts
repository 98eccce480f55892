import type { ClusterSnapshot } from '../cluster/index.js';
import type { PlanStep, StepAction, UpgradePlan } from '../planning/index.js';
import { forecastStepSeconds } from './forecast-step.js';

/** A kind of step: the part of the hop and the action, "workers/drain". */
export type StepKind = `${ForecastPart}/${StepAction}`;

/** Seconds one step of a kind took in real runs (a journal's median), overriding the model for that kind. */
export type StepCalibration = Readonly<Partial<Record<StepKind, number>>>;

export type ForecastPart = 'prepare' | 'control-plane' | 'workers';

export interface BatchForecast {
  readonly batch: string;
  readonly nodes: readonly string[];
  readonly seconds: number;
}

export interface PhaseForecast {
  /** The control-plane version the phase belongs to, as the plan's steps name it. */
  readonly hop: string;
  readonly part: ForecastPart;
  /** From the start of the run. */
  readonly startSeconds: number;
  readonly seconds: number;
  /** Worker batches drained together, in order (prepared-ahead groups left out: they take nothing down). */
  readonly batches: readonly BatchForecast[];
}

/**
 * How long a plan is expected to take, phase by phase and in all. Data beside the plan (in
 * `plan -o json` as `forecast`), never part of what `apply --plan` compares or runs.
 */
export interface PlanForecast {
  readonly totalSeconds: number;
  readonly phases: readonly PhaseForecast[];
  /** The kinds of step whose times came from recorded runs; empty: every time from the timing model. */
  readonly calibrated: readonly StepKind[];
}

const PREPARE_ACTIONS: ReadonlySet<StepAction> = new Set(['switch-repository', 'upgrade-kubeadm', 'kubeadm-upgrade-node']);

/** The part of a hop a step belongs to, as forecasts and run summaries group them. */
export const partOf = (step: Pick<PlanStep, 'phase'>): ForecastPart => (step.phase === 'prepare' ? 'prepare' : step.phase === 'workers' ? 'workers' : 'control-plane');

interface Unit {
  readonly batch?: string;
  readonly steps: PlanStep[];
}

function unitsOf(steps: readonly PlanStep[]): Unit[] {
  const units: Unit[] = [];
  for (const step of steps) {
    const last = units[units.length - 1];
    if (last && step.batch !== undefined && last.batch === step.batch) last.steps.push(step);
    else units.push({ ...(step.batch !== undefined ? { batch: step.batch } : {}), steps: [step] });
  }
  return units;
}

function byNode(steps: readonly PlanStep[]): Map<string, PlanStep[]> {
  const nodes = new Map<string, PlanStep[]>();
  for (const step of steps) nodes.set(step.node, [...(nodes.get(step.node) ?? []), step]);
  return nodes;
}

/** When one step is expected to run, in seconds from the start of the run. */
export interface ScheduledStep {
  readonly step: PlanStep;
  readonly fromSeconds: number;
  readonly toSeconds: number;
}

/**
 * The forecast; when each step is expected to end (seconds from the start), what live progress
 * measures an ETA by; and every step with its expected start and end (the report's timeline).
 */
export interface ForecastSchedule {
  readonly forecast: PlanForecast;
  readonly stepEnds: ReadonlyMap<string, number>;
  readonly schedule: readonly ScheduledStep[];
}

/**
 * Walks the plan the way the engine runs it: units one after another; a batch's nodes together (a
 * batch lasts as long as its slowest node); workers' prepare groups in the background, one group
 * at a time, each batch waiting only for its own nodes' preparation.
 */
export function forecastSchedule(plan: UpgradePlan, cluster: ClusterSnapshot, calibration: StepCalibration = {}): ForecastSchedule {
  const seconds = (step: PlanStep) => calibration[`${partOf(step)}/${step.action}`] ?? forecastStepSeconds(step, cluster);
  const stepEnds = new Map<string, number>();
  const stepStarts = new Map<string, number>();
  const spans: { hop: string; part: ForecastPart; from: number; to: number; batch?: BatchForecast }[] = [];
  const preparedAt = new Map<string, number>();
  let now = 0;
  let backgroundFree = 0;
  for (const unit of unitsOf(plan.steps)) {
    const first = unit.steps[0];
    if (!first) continue;
    const nodes = byNode(unit.steps);
    const longest = (start: number) =>
      Math.max(
        ...[...nodes.values()].map((steps) =>
          steps.reduce((at, s) => {
            const end = at + seconds(s);
            stepStarts.set(s.id, at);
            stepEnds.set(s.id, end);
            return end;
          }, start),
        ),
      );
    if (unit.batch !== undefined && unit.steps.every((s) => s.phase === 'workers' && PREPARE_ACTIONS.has(s.action))) {
      // Preparation runs beside the drains: it starts once the previous group is done.
      const start = Math.max(now, backgroundFree);
      backgroundFree = longest(start);
      for (const node of nodes.keys()) preparedAt.set(node, backgroundFree);
      spans.push({ hop: first.hop, part: 'workers', from: start, to: backgroundFree });
      continue;
    }
    const start = Math.max(now, ...[...nodes.keys()].map((n) => preparedAt.get(n) ?? 0));
    now = unit.batch === undefined ? start + seconds(first) : longest(start);
    if (unit.batch === undefined) {
      stepStarts.set(first.id, start);
      stepEnds.set(first.id, now);
    }
    const batch = unit.batch !== undefined && first.phase === 'workers' ? { batch: unit.batch, nodes: [...nodes.keys()], seconds: Math.round(now - start) } : undefined;
    spans.push({ hop: first.hop, part: partOf(first), from: start, to: now, ...(batch ? { batch } : {}) });
  }
  const total = Math.max(now, backgroundFree);
  const phases: PhaseForecast[] = [];
  const open = new Map<string, { hop: string; part: ForecastPart; from: number; to: number; batches: BatchForecast[] }>();
  for (const span of spans) {
    const key = `${span.hop}|${span.part}`;
    let phase = open.get(key);
    if (!phase) {
      phase = { hop: span.hop, part: span.part, from: span.from, to: span.to, batches: [] };
      open.set(key, phase);
    }
    phase.from = Math.min(phase.from, span.from);
    phase.to = Math.max(phase.to, span.to);
    if (span.batch) phase.batches.push(span.batch);
  }
  for (const p of open.values()) phases.push({ hop: p.hop, part: p.part, startSeconds: Math.round(p.from), seconds: Math.round(p.to - p.from), batches: p.batches });
  phases.sort((a, b) => a.startSeconds - b.startSeconds);
  const schedule = plan.steps.flatMap((step) => {
    const fromSeconds = stepStarts.get(step.id);
    const toSeconds = stepEnds.get(step.id);
    return fromSeconds === undefined || toSeconds === undefined ? [] : [{ step, fromSeconds, toSeconds }];
  });
  return { forecast: { totalSeconds: Math.round(total), phases, calibrated: (Object.keys(calibration) as StepKind[]).sort() }, stepEnds, schedule };
}
