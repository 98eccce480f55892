import type { PlanStep } from '../core/planning/index.js';
import { partOf, type ForecastPart, type ForecastSchedule, type PlanForecast } from '../core/timing/index.js';
import type { UpgradeEvent } from '../ports/index.js';

// What a run has done so far, folded from its events: the live status area and the end summary
// both read it, so they never disagree. No I/O and no clock: time is the events' `at`.

export interface DrainState {
  readonly podsLeft: number;
  readonly pods: number;
  readonly refused: number;
}

export interface PhaseTime {
  readonly hop: string;
  readonly part: ForecastPart;
  readonly from: number;
  readonly to: number;
}

export class RunTracker {
  startedAt: number | undefined;
  lastAt: number | undefined;
  totalSteps = 0;
  resumed = false;
  /** Steps carried out by this run. */
  applied = 0;
  /** Steps found done already (a resumed run, or work someone else did). */
  alreadyDone = 0;
  /** Steps left out because their node was skipped (its drain timed out under skip-node). */
  skippedSteps = 0;
  hop: string | undefined;
  batch: string | undefined;
  status: 'running' | 'completed' | 'failed' | 'interrupted' = 'running';
  durationMs: number | undefined;
  /** Node -> the step it is on now. */
  readonly active = new Map<string, { readonly step: PlanStep; readonly since: number }>();
  /** Node -> its drain under way (removed once the drain step ends). */
  readonly drains = new Map<string, DrainState>();
  evictions = 0;
  deletions = 0;
  refused429 = 0;
  readonly phases: PhaseTime[] = [];
  /** Node -> the kubelet or control-plane versions this run brought it to, in order. */
  readonly changed = new Map<string, { kubelet?: string; controlPlane?: string }>();
  readonly skippedNodes: string[] = [];
  readonly addedNodes: string[] = [];
  readonly removedNodes: string[] = [];
  readonly warnings: string[] = [];
  failure: string | undefined;
  /** How far into the forecast the finished steps reach, in seconds. */
  private forecastReached = 0;

  constructor(private forecast?: ForecastSchedule) {}

  /** The forecast may only be known once the plan is (after the event sink was made). */
  expect(forecast: ForecastSchedule): void {
    this.forecast = forecast;
  }

  observe(event: UpgradeEvent): void {
    this.startedAt ??= event.at;
    this.lastAt = event.at;
    switch (event.kind) {
      case 'run-started':
        this.totalSteps = event.steps;
        this.resumed = event.resumed;
        break;
      case 'step-started':
        this.hop = event.step.hop;
        if (event.step.batch !== undefined || this.active.size === 0) this.batch = event.step.batch;
        this.active.set(event.step.node, { step: event.step, since: event.at });
        this.enterPhase(event.step, event.at);
        break;
      case 'step-finished':
        this.applied++;
        this.finishStep(event.step, event.at);
        this.noteVersion(event.step);
        break;
      case 'step-skipped':
        if (/^node \S+ was skipped/.test(event.reason)) this.skippedSteps++;
        else this.alreadyDone++;
        this.finishStep(event.step, event.at);
        break;
      case 'step-failed':
        this.failure = `${event.step.id}: ${event.error}`;
        this.active.delete(event.step.node);
        this.drains.delete(event.step.node);
        break;
      case 'drain-progress':
        this.refused429 += Math.max(0, event.refused - (this.drains.get(event.node)?.refused ?? 0));
        this.drains.set(event.node, { podsLeft: event.podsLeft, pods: event.pods, refused: event.refused });
        break;
      case 'pod-evicted':
        this.evictions++;
        break;
      case 'pod-deleted':
        this.deletions++;
        break;
      case 'node-skipped':
        if (!this.skippedNodes.includes(event.node)) this.skippedNodes.push(event.node);
        break;
      case 'node-added':
        this.addedNodes.push(event.node);
        break;
      case 'node-removed':
        this.removedNodes.push(event.node);
        break;
      case 'warning':
        this.warnings.push(event.message);
        break;
      case 'run-finished':
        this.status = event.status;
        this.durationMs = event.durationMs;
        this.active.clear();
        this.drains.clear();
        break;
      default:
        break;
    }
  }

  /** Time since the run started, by the run's clock, as of `now` (default: the last event). */
  elapsedMs(now = this.lastAt): number {
    return this.startedAt === undefined || now === undefined ? 0 : Math.max(0, now - this.startedAt);
  }

  /** The whole forecast, in seconds, when there is one. */
  get expectedSeconds(): number | undefined {
    return this.forecast?.forecast.totalSeconds;
  }

  /** The forecast the run is measured by, when there is one. */
  get expected(): PlanForecast | undefined {
    return this.forecast?.forecast;
  }

  /** Expected time left: the forecast's whole less how far into it the finished steps reach. */
  etaMs(): number | undefined {
    if (!this.forecast) return undefined;
    if (this.status !== 'running') return 0;
    return Math.round(Math.max(0, this.forecast.forecast.totalSeconds - this.forecastReached)) * 1000;
  }

  get stepsDone(): number {
    return this.applied + this.alreadyDone + this.skippedSteps;
  }

  private enterPhase(step: PlanStep, at: number): void {
    const part = partOf(step);
    const phase = this.phases.find((p) => p.hop === step.hop && p.part === part);
    if (!phase) this.phases.push({ hop: step.hop, part, from: at, to: at });
  }

  private finishStep(step: PlanStep, at: number): void {
    this.active.delete(step.node);
    if (step.action === 'drain') this.drains.delete(step.node);
    const part = partOf(step);
    const i = this.phases.findIndex((p) => p.hop === step.hop && p.part === part);
    const phase = this.phases[i];
    if (phase) this.phases[i] = { ...phase, to: Math.max(phase.to, at) };
    const end = this.forecast?.stepEnds.get(step.id);
    if (end !== undefined) this.forecastReached = Math.max(this.forecastReached, end);
  }

  private noteVersion(step: PlanStep): void {
    const entry = this.changed.get(step.node) ?? {};
    if (step.action === 'upgrade-kubelet') this.changed.set(step.node, { ...entry, kubelet: step.version });
    else if (step.action === 'kubeadm-apply' || (step.action === 'kubeadm-upgrade-node' && step.phase === 'control-plane')) this.changed.set(step.node, { ...entry, controlPlane: step.version });
    else if (step.action === 'join-node') this.changed.set(step.node, { ...entry, kubelet: step.version });
  }
}
