import { matchesLabels } from '../../core/cluster/index.js';
import { pdbBudgetOf } from './pdb-status.js';
import type { SimContext } from './sim-context.js';
import { isHealthy, type SimPdb, type SimPod, type SimWorkload } from './sim-model.js';
import type { SimChange } from './sim-state.js';
import type { ApiOutage, PdbMetrics, PdbViolation, WorkloadMetrics } from '../../ports/index.js';

// What an upgrade did to the cluster, sampled at every state change: per workload its lowest
// number of serving pods and how long it had fewer than desired; per PodDisruptionBudget how long
// currentHealthy was below desiredHealthy; voluntary removals that broke a budget; how long the
// API was unreachable; evictions accepted and refused; cordons per node.

export interface SimMetrics {
  readonly elapsedMs: number;
  readonly controlPlaneDowntimeMs: number;
  readonly apiOutages: readonly ApiOutage[];
  readonly evictionsAccepted: number;
  readonly evictionsRefused429: number;
  readonly evictionsRefused500: number;
  readonly podsDeleted: number;
  readonly pdbViolations: readonly PdbViolation[];
  /** Node -> how many times it was cordoned (a drain each). */
  readonly cordons: Readonly<Record<string, number>>;
  readonly workloads: readonly WorkloadMetrics[];
  readonly pdbs: readonly PdbMetrics[];
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
  private readonly outages: { from: number; to?: number }[] = [];
  private readonly violations: PdbViolation[] = [];
  private readonly cordons: Record<string, number> = {};
  private counts = { accepted: 0, refused429: 0, refused500: 0, deleted: 0 };

  constructor(private readonly ctx: SimContext) {
    this.start = ctx.clock.now();
    for (const workload of ctx.state.workloads.values()) this.workloads.set(workload, { lowest: workload.healthy, below: { since: undefined, total: 0 } });
    for (const pdb of ctx.state.pdbs.values()) this.pdbs.set(pdb, { lowest: pdb.healthy, below: { since: undefined, total: 0 } });
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
        if (!change.up) this.outages.push({ from: now - this.start });
        else {
          const last = this.outages[this.outages.length - 1];
          if (last && last.to === undefined) last.to = now - this.start;
        }
      }
    }
    this.sample(workloads, pdbs);
  }

  private sample(workloads: Iterable<SimWorkload>, pdbs: Iterable<SimPdb>): void {
    const now = this.ctx.clock.now();
    for (const workload of workloads) {
      const entry = this.workloads.get(workload);
      if (!entry) continue;
      entry.lowest = Math.min(entry.lowest, workload.healthy);
      track(entry.below, workload.healthy < workload.desired, now);
    }
    for (const pdb of pdbs) {
      const entry = this.pdbs.get(pdb);
      if (!entry) continue;
      const status = pdbBudgetOf(pdb, this.ctx.state.workloads);
      entry.lowest = Math.min(entry.lowest, status.currentHealthy);
      track(entry.below, status.currentHealthy < status.desiredHealthy, now);
    }
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
      apiOutages: this.outages.map((o) => ({ ...o })),
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
    };
  }

  private pdbFor(workload: SimWorkload): SimPdb | undefined {
    const matching = (this.ctx.state.pdbsByNamespace.get(workload.namespace) ?? []).filter((pdb) => matchesLabels(pdb.spec.selector, workload.labels));
    return matching.length === 1 ? matching[0] : undefined;
  }
}
