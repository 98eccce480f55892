import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import { sortFindings } from '../core/findings.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { ScheduledStep } from '../core/timing/index.js';
import type { AvailabilitySeries, ReportFact, TimeInterval, UpgradeReport } from '../core/report/upgrade-report.js';
import type { UpgradeEvent } from '../ports/index.js';
import { formatDuration } from '../core/format-duration.js';
import type { SimulationReport } from '../ports/index.js';
import { mergeIntervals, outagesFromEvents, timelineFromEvents, timelineFromPlan } from './upgrade-timeline.js';

// The report's model, one builder per source: a simulation knows everything, a live run what
// its events say, a plan only the order of its steps.

const formatClock = (ms: number) => formatDuration(ms, 'short');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const totalDrains = (drains: Readonly<Record<string, number>>) => Object.values(drains).reduce((a, b) => a + b, 0);
const controlPlaneOf = (cluster: Pick<ClusterSnapshot, 'nodes'>) => new Set(cluster.nodes.filter((n) => n.controlPlane).map((n) => n.name));

function findingsOf(findings: readonly Finding[]): UpgradeReport['findings'] {
  return sortFindings(findings).map(({ severity, code, subject, message }) => ({ severity, code, subject, message }));
}

function hopsFact(plan: Pick<UpgradePlan, 'hops'>): ReportFact {
  return { label: 'hops', value: plan.hops.length === 0 ? 'none' : `${plan.hops.length} (${plan.hops.map((h) => h.version).join(', ')})` };
}

function blockingFact(findings: readonly Finding[]): ReportFact[] {
  const blocking = findings.filter((f) => f.severity === 'blocking').length;
  return findings.length === 0 ? [] : [{ label: 'blocking findings', value: String(blocking), ...(blocking > 0 ? { tone: 'bad' as const } : { tone: 'good' as const }) }];
}

/** A simulated run: the whole picture, workloads sampled at every change. */
export function reportOfSimulation(r: SimulationReport, plan: UpgradePlan, findings: readonly Finding[] = []): UpgradeReport {
  const down = r.workloads.filter((w) => w.lowestAvailable === 0 && w.desired > 0);
  const ok = r.status === 'completed';
  return {
    source: 'simulation',
    title: `Simulated upgrade of ${r.cluster} ${r.from} → ${r.to}`,
    cluster: r.cluster,
    from: r.from,
    to: r.to,
    strategy: r.strategy,
    summary: [
      { label: 'result', value: `${r.status}${r.error ? `: ${r.error}` : ''}`, tone: ok ? 'good' : 'bad' },
      { label: 'every node at the target', value: r.allAtTarget ? 'yes' : 'no', tone: r.allAtTarget ? 'good' : 'bad' },
      { label: 'makespan (virtual time)', value: formatClock(r.makespanMs) },
      hopsFact(plan),
      { label: 'API down', value: `${formatClock(r.controlPlaneDowntimeMs)} in ${plural(r.apiOutages.length, 'outage')}` },
      { label: 'drains', value: String(totalDrains(r.drains)) },
      { label: 'evictions / refused (429)', value: `${r.evictions} / ${r.evictionsRefused429}` },
      { label: 'PDB violations', value: String(r.pdbViolations.length), tone: r.pdbViolations.length > 0 ? 'bad' : 'good' },
      { label: 'workloads with no pod serving', value: down.length === 0 ? 'none' : down.map((w) => `${w.namespace}/${w.name}`).join(', '), tone: down.length > 0 ? 'bad' : 'good' },
      ...(r.skippedNodes.length > 0 ? [{ label: 'nodes left at the old version', value: r.skippedNodes.join(', '), tone: 'bad' as const }] : []),
      ...blockingFact(findings),
    ],
    timeline: r.timeline,
    findings: findingsOf(findings),
    notes: [`Seed ${r.seed}: the same command gives the same run. Times are virtual.`],
  };
}

export interface RunReportInput {
  readonly cluster: ClusterSnapshot;
  readonly plan: UpgradePlan;
  readonly events: readonly UpgradeEvent[];
  readonly status: string;
  readonly error?: string;
  readonly findings: readonly Finding[];
  /**
   * The workloads over time, `offset` ms after the first event: a simulated cluster's at every
   * change, a live run's sampled every `sampledEveryMs` (its outages then add to those the events show).
   */
  readonly availability?: {
    readonly series: readonly AvailabilitySeries[];
    readonly offset: number;
    readonly apiOutages: readonly TimeInterval[];
    readonly sampledEveryMs?: number;
    /** Samples that could not be read although the API answered. */
    readonly unread?: number;
  };
}

/**
 * A series moved to the run's time: points before the run started (a sample taken just before
 * its first event) give way to the last of them, at 0.
 */
function fromRunStart(series: AvailabilitySeries, shift: (at: number) => number): AvailabilitySeries {
  const points = series.points.map((p) => ({ ...p, at: shift(p.at) }));
  const lastAtStart = points.map((p) => p.at).lastIndexOf(0);
  return { ...series, points: lastAtStart > 0 ? points.slice(lastAtStart) : points };
}

function availabilityNote(availability: RunReportInput['availability']): string {
  if (!availability) return 'A live run without a report samples no workloads: the charts of available pods are left out. API outages are the calls the API did not answer (retried).';
  if (availability.sampledEveryMs === undefined) return 'The cluster is simulated: workloads were sampled at every change.';
  const unread = availability.unread ? ` ${availability.unread} sample${availability.unread === 1 ? '' : 's'} could not be read and ${availability.unread === 1 ? 'is' : 'are'} missing.` : '';
  return `Workloads were sampled from the cluster every ${formatClock(availability.sampledEveryMs)} (Ready against desired pods, and the budget's desiredHealthy): a dip shorter than that may not show.${unread} API outages are the calls the API did not answer (retried) and the /readyz probes of the samples that failed.`;
}

/** A run of `apply`: what its events tell, and on a simulated cluster what the simulator measured. */
export function reportOfRun(input: RunReportInput): UpgradeReport {
  const { plan, events } = input;
  const start = events[0]?.at ?? 0;
  const shift = (at: number) => Math.max(0, at + (input.availability?.offset ?? 0));
  const availability = input.availability;
  const measured = availability ? availability.apiOutages.map((o) => ({ from: shift(o.from), ...(o.to !== undefined ? { to: shift(o.to) } : {}) })) : [];
  // The simulator measures every outage; samples can miss one the run's retries saw, and the other way round.
  const sampled = availability?.sampledEveryMs !== undefined;
  const timeline = timelineFromEvents(events, {
    start,
    controlPlane: controlPlaneOf(input.cluster),
    apiOutages: availability && !sampled ? measured : mergeIntervals(measured, outagesFromEvents(events, start)),
    workloads: availability ? availability.series.map((s) => fromRunStart(s, shift)) : [],
  });
  const count = (kind: UpgradeEvent['kind']) => events.filter((e) => e.kind === kind).length;
  const finished = events.filter((e) => e.kind === 'step-finished').length;
  const ok = input.status === 'completed';
  return {
    source: 'apply',
    title: `Upgrade of ${plan.cluster} ${plan.from} → ${plan.to}`,
    cluster: plan.cluster,
    from: plan.from,
    to: plan.to,
    strategy: plan.strategy,
    summary: [
      { label: 'result', value: `${input.status}${input.error ? `: ${input.error}` : ''}`, tone: ok ? 'good' : 'bad' },
      { label: 'duration', value: formatClock(timeline.end) },
      hopsFact(plan),
      { label: 'steps done', value: `${finished} of ${plan.steps.length}` },
      { label: 'API outages seen', value: String(timeline.apiOutages.length) },
      { label: 'drains', value: String(count('node-cordoned')) },
      { label: 'evictions / refused (429)', value: `${count('pod-evicted')} / ${count('eviction-blocked')}` },
      { label: 'retries', value: String(count('retry')) },
      ...blockingFact(input.findings),
    ],
    timeline,
    findings: findingsOf(input.findings),
    notes: [availabilityNote(availability)],
  };
}

/** A plan before it runs: each step when the timing model expects it (or in plan order without a schedule), nothing measured. */
export function reportOfPlan(cluster: ClusterSnapshot, plan: UpgradePlan, findings: readonly Finding[], schedule?: readonly ScheduledStep[]): UpgradeReport {
  const timeline = timelineFromPlan(plan, controlPlaneOf(cluster), schedule);
  return {
    source: 'plan',
    title: `Plan: ${plan.cluster} ${plan.from} → ${plan.to}`,
    cluster: plan.cluster,
    from: plan.from,
    to: plan.to,
    strategy: plan.strategy,
    summary: [
      hopsFact(plan),
      ...(schedule ? [{ label: 'expected duration', value: formatClock(timeline.end) }] : []),
      { label: 'steps', value: String(plan.steps.length) },
      { label: 'drains', value: `${totalDrains(plan.drains)} on ${plural(Object.keys(plan.drains).length, 'node')}` },
      { label: 'batches', value: String(new Set(plan.steps.flatMap((s) => (s.batch ? [s.batch] : []))).size) },
      ...blockingFact(findings),
    ],
    timeline,
    findings: findingsOf(findings),
    notes: [
      schedule
        ? 'Planned, not run: each step is drawn when the timing model expects it (the forecast of "kubehop plan"); "kubehop simulate --report" measures time, outages and availability.'
        : 'Planned, not run: the time axis counts steps in plan order; "kubehop simulate --report" measures time, outages and availability.',
    ],
  };
}
