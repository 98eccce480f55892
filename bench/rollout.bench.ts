import { readCluster } from '../src/adapters/file/read-cluster-file.js';
import { simulateUpgrade } from '../src/app/simulate-upgrade.js';
import type { ClusterSnapshot } from '../src/core/cluster/index.js';
import { planUpgrade, type WorkerStrategy } from '../src/core/planning/index.js';
import { parseVersion } from '../src/core/version/index.js';
import { latestPatch } from '../test/builders/release-patches.js';
import { rolloutCluster } from './rollout-cluster.js';
import { describeRun, forcedWindows, shortestWindowMs, workerRounds } from './rollout-ratio.js';

// Default rollout (batches chosen by budgets, workload bounds and room; kubeadm steps ahead of the
// drains) against all-at-once and a planner-independent lower bound, on the simulator (virtual,
// seeded time: the same figures on any machine). KUBEHOP_BENCH_ROLLING=N adds rolling N as before.

async function compare(name: string, cluster: ClusterSnapshot, to: string, extra: WorkerStrategy[] = []): Promise<void> {
  const simulate = async (strategy: WorkerStrategy, prepareAhead?: number) => {
    const plan = planUpgrade(cluster, { target: parseVersion(to), strategy, workersEveryHop: false, latestPatch, ...(prepareAhead !== undefined ? { prepareAhead } : {}) });
    return { plan, report: await simulateUpgrade({ cluster, plan, seed: 1 }) };
  };
  const started = Date.now();
  const all = await simulate({ kind: 'all-at-once' });
  const auto = await simulate({ kind: 'rolling', maxUnavailable: 'auto' });
  const lowerBound = all.report.makespanMs + workerRounds(all.plan) * (forcedWindows(cluster) - 1) * shortestWindowMs(all.report);
  console.log(describeRun(`${name}, default (auto)`, auto.report, all.report, lowerBound, auto.plan));
  for (const strategy of extra) {
    const run = await simulate(strategy, 0);
    console.log(describeRun(`${name}, ${JSON.stringify(strategy)} without prepare-ahead`, run.report, all.report, lowerBound));
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s wall for ${2 + extra.length} simulations)`);
}

const rolling = process.env.KUBEHOP_BENCH_ROLLING ? [{ kind: 'rolling', maxUnavailable: Number(process.env.KUBEHOP_BENCH_ROLLING) } as const] : [];
await compare('demo v1.32 -> v1.37', await readCluster('demo'), '1.37.1', rolling);
await compare('120 workers v1.32 -> v1.35', rolloutCluster(), '1.35.9', rolling);
