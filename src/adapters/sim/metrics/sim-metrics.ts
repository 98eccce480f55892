import { matchesLabels } from '../../../core/cluster/index.js';
import { recordPoint, type SeriesRecord } from '../../../core/report/availability-series.js';
import type { AvailabilitySeries } from '../../../core/report/upgrade-report.js';
import { pdbBudgetOf } from '../api/pdb-status.js';
import type { SimContext } from '../sim-context.js';
import { isHealthy, type SimPdb, type SimPod, type SimWorkload } from '../state/sim-model.js';
import type { SimChange } from '../state/sim-state.js';
import type { ApiOutage, PdbMetrics, PdbViolation, WorkloadMetrics } from '../../../ports/index.js';

// What an upgrade did to the cluster, sampled at every state change: per workload its lowest
// number of serving pods and how long it had fewer than desired; per PodDisruptionBudget how long
// currentHealthy was below desiredHealthy; voluntary removals that broke a budget; how long the
// API was unreachable; evictions accepted and refused; cordons per node; and per workload the
// series of available vs desired vs budget minimum at each change, for the report's charts
// (kept as core/report/availability-series keeps every series, bounded).

/** An API outage as the simulator measured it, with the workload pods that served through it. */
export interface MeasuredApiOutage extends ApiOutage {
  /** Workload pods Ready (and not being deleted) at the worst moment of the outage, of how many. */
  readonly serving: { readonly lowest: number; readonly total: number };
}

export interface SimMetrics {
  readonly elapsedMs: number;
  readonly controlPlaneDowntimeMs: number;
  readonly apiOutages: readonly MeasuredApiOutage[];
  readonly evictionsAccepted: number;
  readonly evictionsRefused429: number;
  readonly evictionsRefused500: number;
  readonly podsDeleted: number;
  readonly pdbViolations: readonly PdbViolation[];
  /** Node -> how many times it was cordoned (a drain each). */
  readonly cordons: Readonly<Record<string, number>>;
  readonly workloads: readonly WorkloadMetrics[];
  readonly pdbs: readonly PdbMetrics[];
  /** Per workload, available vs desired vs budget minimum at every change (bounded). */
  readonly availability: readonly AvailabilitySeries[];
}

interface Series extends SeriesRecord {
  readonly pdb: SimPdb | undefined;
}

interface Interval {
  since: number | undefined;
  total: number;
}

function track(interval: Interval, below: boolean, now: number): void {
  if (below && interval.since === undefined) interval.since = now;
  if (!below && interval.since !== undefined) {
    interval.total += now - interval.since;
    interval.since = undefined;
  }
}

function elapsed(interval: Interval, now: number): number {
  return interval.total + (interval.since === undefined ? 0 : now - interval.since);
}

export class SimMetricsRecorder {
  private readonly start: number;
  private readonly workloads = new Map<SimWorkload, { lowest: number; below: Interval }>();
  private readonly pdbs = new Map<SimPdb, { lowest: number; below: Interval }>();
  private readonly outages: { from: number; to?: number; serving: { lowest: number; total: number } }[] = [];
  private readonly violations: PdbViolation[] = [];
  private readonly cordons: Record<string, number> = {};
  private readonly series = new Map<SimWorkload, Series>();
  private counts = { accepted: 0, refused429: 0, refused500: 0, deleted: 0 };

  constructor(private readonly ctx: SimContext) {
    this.start = ctx.clock.now();
    for (const workload of ctx.state.workloads.values()) this.workloads.set(workload, { lowest: workload.healthy, below: { since: undefined, total: 0 } });
    for (const pdb of ctx.state.pdbs.values()) this.pdbs.set(pdb, { lowest: pdb.healthy, below: { since: undefined, total: 0 } });
    for (const workload of ctx.state.workloads.values()) this.series.set(workload, { pdb: this.pdbFor(workload), points: [], coarsened: false });
    this.sample([...ctx.state.workloads.values()], [...ctx.state.pdbs.values()]);
    ctx.state.subscribe((changes) => this.observe(changes));
  }

  private observe(changes: readonly SimChange[]): void {
    const workloads = new Set<SimWorkload>();
    const pdbs = new Set<SimPdb>();
    const now = this.ctx.clock.now();
    for (const change of changes) {
      if (change.kind === 'pod') {
        const workload = change.pod.workload === undefined ? undefined : this.ctx.state.workloads.get(change.pod.workload);
        if (workload) workloads.add(workload);
        for (const pdb of change.pod.pdbs) pdbs.add(pdb);
      } else if (change.kind === 'node') {
        if (change.what === 'cordoned') this.cordons[change.node.name] = (this.cordons[change.node.name] ?? 0) + 1;
        if (change.what === 'added' || change.what === 'removed') {
          for (const workload of this.ctx.state.workloads.values()) if (workload.kind === 'DaemonSet') workloads.add(workload);
        }
      } else if (change.kind === 'api') {
        if (!change.up) this.outages.push({ from: now - this.start, serving: { lowest: Number.POSITIVE_INFINITY, total: 0 } });
        else {
          const last = this.outages[this.outages.length - 1];
          if (last && last.to === undefined) last.to = now - this.start;
        }
      }
    }
    const open = this.outages[this.outages.length - 1];
    if (open && open.to === undefined) this.sampleServing(open.serving);
    this.sample(workloads, pdbs);
  }

  /** While the API is down: how many workload pods still serve, counted on the records (a snapshot at every change costs more). */
  private sampleServing(serving: { lowest: number; total: number }): void {
    let ready = 0;
    let total = 0;
    for (const pod of this.ctx.state.pods.values()) {
      if (pod.namespace === 'kube-system' || pod.owner?.kind === 'Node') continue;
      total += 1;
      if (pod.ready && !pod.deleting) ready += 1;
    }
    serving.lowest = Math.min(serving.lowest, ready);
    serving.total = Math.max(serving.total, total);
  }

  private sample(workloads: Iterable<SimWorkload>, pdbs: Iterable<SimPdb>): void {
    const now = this.ctx.clock.now();
    for (const workload of workloads) {
      const entry = this.workloads.get(workload);
      if (!entry) continue;
      entry.lowest = Math.min(entry.lowest, workload.healthy);
      track(entry.below, workload.healthy < workload.desired, now);
      this.recordSeriesPoint(workload, now - this.start);
    }
    for (const pdb of pdbs) {
      const entry = this.pdbs.get(pdb);
      if (!entry) continue;
      const status = pdbBudgetOf(pdb, this.ctx.state.workloads);
      entry.lowest = Math.min(entry.lowest, status.currentHealthy);
      track(entry.below, status.currentHealthy < status.desiredHealthy, now);
    }
  }

  private recordSeriesPoint(workload: SimWorkload, at: number): void {
    const series = this.series.get(workload);
    if (!series) return;
    const budgetMin = series.pdb ? pdbBudgetOf(series.pdb, this.ctx.state.workloads).desiredHealthy : undefined;
    recordPoint(series, { at, available: workload.healthy, desired: workload.desired, ...(budgetMin !== undefined ? { budgetMin } : {}) });
  }

  recordEviction(outcome: 'accepted' | 429 | 500): void {
    if (outcome === 'accepted') this.counts.accepted++;
    else if (outcome === 429) this.counts.refused429++;
    else this.counts.refused500++;
  }

  /** After a pod was evicted or deleted: a budget it counted toward that is now short is a violation. */
  recordVoluntaryRemoval(pod: SimPod, wasHealthy: boolean, via: 'eviction' | 'delete'): void {
    if (via === 'delete') this.counts.deleted++;
    if (!wasHealthy || isHealthy(pod)) return;
    for (const pdb of pod.pdbs) {
      const status = pdbBudgetOf(pdb, this.ctx.state.workloads);
      if (status.currentHealthy >= status.desiredHealthy) continue;
      this.violations.push({
        at: this.ctx.clock.now() - this.start,
        pdb: `${pdb.spec.namespace}/${pdb.spec.name}`,
        pod: pod.key,
        via,
        currentHealthy: status.currentHealthy,
        desiredHealthy: status.desiredHealthy,
      });
    }
  }

  metrics(): SimMetrics {
    const now = this.ctx.clock.now();
    const downtime = this.outages.reduce((sum, o) => sum + ((o.to ?? now - this.start) - o.from), 0);
    return {
      elapsedMs: now - this.start,
      controlPlaneDowntimeMs: downtime,
      apiOutages: this.outages.map((o) => ({ ...o, serving: { ...o.serving } })),
      evictionsAccepted: this.counts.accepted,
      evictionsRefused429: this.counts.refused429,
      evictionsRefused500: this.counts.refused500,
      podsDeleted: this.counts.deleted,
      pdbViolations: [...this.violations],
      cordons: { ...this.cordons },
      workloads: [...this.workloads].map(([w, entry]) => {
        const pdb = this.pdbFor(w);
        const pdbEntry = pdb ? this.pdbs.get(pdb) : undefined;
        return {
          kind: w.kind,
          namespace: w.namespace,
          name: w.name,
          desired: w.desired,
          lowestAvailable: entry.lowest,
          belowDesiredMs: elapsed(entry.below, now),
          ...(pdb && pdbEntry ? { pdb: pdb.spec.name, belowPdbMs: elapsed(pdbEntry.below, now) } : {}),
        };
      }),
      pdbs: [...this.pdbs].map(([pdb, entry]) => ({
        namespace: pdb.spec.namespace,
        name: pdb.spec.name,
        lowestHealthy: entry.lowest,
        belowDesiredMs: elapsed(entry.below, now),
      })),
      availability: [...this.series].map(([w, series]) => ({
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        ...(series.pdb ? { pdb: series.pdb.spec.name } : {}),
        points: [...series.points],
        ...(series.coarsened ? { coarsened: true } : {}),
      })),
    };
  }

  private pdbFor(workload: SimWorkload): SimPdb | undefined {
    const matching = (this.ctx.state.pdbsByNamespace.get(workload.namespace) ?? []).filter((pdb) => matchesLabels(pdb.spec.selector, workload.labels));
    return matching.length === 1 ? matching[0] : undefined;
  }
}
