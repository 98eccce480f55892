import { matchesLabels } from '../core/cluster/index.js';
import { recordPoint, type SeriesRecord } from '../core/report/availability-series.js';
import type { AvailabilitySeries, TimeInterval } from '../core/report/upgrade-report.js';
import type { ClusterApi, Clock, PdbStatus, WorkloadReadiness } from '../ports/index.js';

// What a live run's report charts, sampled from the cluster while the run goes: per workload its
// Ready pods against desired and against its budget's desiredHealthy, and when /readyz did not
// answer. One sample is a /readyz probe and four lists (Deployments, StatefulSets, DaemonSets,
// PodDisruptionBudgets), never pods, every SAMPLE_EVERY_MS: about one request a second.

/** Between samples: a dip shorter than this may not show in a live chart. */
export const SAMPLE_EVERY_MS = 5_000;

/** What the samples saw; times are the clock's (ms since the epoch). */
export interface SampledAvailability {
  readonly everyMs: number;
  readonly series: readonly AvailabilitySeries[];
  /** /readyz probes that failed, from the first to the next that answered. */
  readonly apiOutages: readonly TimeInterval[];
  /** Samples whose lists failed while /readyz answered (RBAC, a timeout): left out of the series. */
  readonly unread: number;
}

export interface AvailabilitySampler {
  /** Stops sampling (after a sample under way ends) and gives what was seen. Safe to call again. */
  stop(): Promise<SampledAvailability>;
}

interface Tracked extends SeriesRecord {
  readonly workload: WorkloadReadiness;
  pdb: string | undefined;
}

const keyOf = (w: Pick<WorkloadReadiness, 'kind' | 'namespace' | 'name'>) => `${w.kind}/${w.namespace}/${w.name}`;

/** The budget when exactly one covers the workload's pods, as the simulator charts it. */
function budgetOf(workload: WorkloadReadiness, pdbs: readonly PdbStatus[]): PdbStatus | undefined {
  const matching = pdbs.filter((p) => p.namespace === workload.namespace && matchesLabels(p.selector, workload.labels));
  return matching.length === 1 ? matching[0] : undefined;
}

/** Samples at once, then every `everyMs` of `clock`, until stopped. A sample never overlaps the one before. */
export function sampleAvailability(api: ClusterApi, clock: Clock, everyMs = SAMPLE_EVERY_MS): AvailabilitySampler {
  const tracked = new Map<string, Tracked>();
  const outages: { from: number; to?: number }[] = [];
  let unread = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function sample(): Promise<void> {
    const at = clock.now();
    const ready = await api.isApiReady().catch(() => undefined);
    // undefined: the probe itself was refused (401/403) — no word on outages either way.
    const open = outages[outages.length - 1];
    if (ready === false && (!open || open.to !== undefined)) outages.push({ from: at });
    if (ready === true && open && open.to === undefined) open.to = at;
    if (ready === false) return;
    let workloads: WorkloadReadiness[];
    let pdbs: PdbStatus[];
    try {
      [workloads, pdbs] = await Promise.all([api.listWorkloadReadiness(), api.listPdbs()]);
    } catch {
      unread += 1;
      return;
    }
    for (const workload of workloads) {
      const key = keyOf(workload);
      const pdb = budgetOf(workload, pdbs);
      let series = tracked.get(key);
      if (!series) tracked.set(key, (series = { workload, pdb: pdb?.name, points: [], coarsened: false }));
      series.pdb ??= pdb?.name;
      recordPoint(series, { at, available: workload.ready, desired: workload.desired, ...(pdb ? { budgetMin: pdb.desiredHealthy } : {}) });
    }
  }

  const tick = () => {
    if (stopped || running) return;
    running = sample()
      // A sample that breaks (a malformed answer) is a sample missed, never the run's failure.
      .catch(() => {
        unread += 1;
      })
      .finally(() => {
        running = undefined;
      });
  };
  const cancel = clock.every(everyMs, tick);
  tick();

  return {
    async stop() {
      stopped = true;
      cancel();
      await running;
      return {
        everyMs,
        series: [...tracked.values()].map((s) => ({
          kind: s.workload.kind,
          namespace: s.workload.namespace,
          name: s.workload.name,
          ...(s.pdb ? { pdb: s.pdb } : {}),
          points: [...s.points],
          ...(s.coarsened ? { coarsened: true } : {}),
        })),
        apiOutages: outages.map((o) => ({ ...o })),
        unread,
      };
    },
  };
}
