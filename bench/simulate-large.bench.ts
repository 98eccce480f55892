import { simulateUpgrade } from '../src/app/simulate-upgrade.js';
import { planUpgrade, type WorkerStrategy } from '../src/core/planning/index.js';
import { parseVersion } from '../src/core/version/index.js';
import { latestPatch } from '../test/builders/release-patches.js';
import { largeCluster } from './large-cluster.js';
import { measure } from './measure.js';
import { describeRun, forcedWindows, shortestWindowMs, workerRounds } from './rollout-ratio.js';

// The real engine upgrading 1,000 nodes (3 control-plane) three hops, v1.32 -> v1.35, on the
// simulator: the default rollout (batches by budgets, workload bounds and room), against
// all-at-once and the planner-independent lower bound of rollout-ratio.ts. KUBEHOP_BENCH_ROLLING=N
// also runs rolling N with kubeadm steps inside the drain window, as before.
const cluster = largeCluster(1000, 30_000);
console.log(`cluster: ${cluster.nodes.length} nodes, ${cluster.pods.length} pods, ${cluster.pdbs.length} PDBs`);
const simulate = async (name: string, strategy: WorkerStrategy, prepareAhead?: number) => {
  const plan = await measure(`plan ${name}`, () => planUpgrade(cluster, { target: parseVersion('1.35.9'), strategy, workersEveryHop: false, latestPatch, ...(prepareAhead !== undefined ? { prepareAhead } : {}) }));
  const run = await measure(`simulate ${name}`, () => simulateUpgrade({ cluster, plan: plan.result, seed: 1 }));
  console.log(`${name}: plan ${(plan.ms / 1000).toFixed(1)} s (${plan.result.steps.length} steps), simulate ${(run.ms / 1000).toFixed(1)} s wall, peak RSS ${run.peakRssMiB} MiB`);
  return { plan: plan.result, report: run.result };
};
const all = await simulate('all-at-once', { kind: 'all-at-once' });
const auto = await simulate('default (auto)', { kind: 'rolling', maxUnavailable: 'auto' });
const lowerBound = all.report.makespanMs + workerRounds(all.plan) * (forcedWindows(cluster) - 1) * shortestWindowMs(all.report);
console.log(describeRun('1,000 nodes v1.32 -> v1.35, default (auto)', auto.report, all.report, lowerBound, auto.plan));
if (process.env.KUBEHOP_BENCH_ROLLING) {
  const rolling = await simulate(`rolling ${process.env.KUBEHOP_BENCH_ROLLING}`, { kind: 'rolling', maxUnavailable: Number(process.env.KUBEHOP_BENCH_ROLLING) }, 0);
  console.log(describeRun(`1,000 nodes, rolling ${process.env.KUBEHOP_BENCH_ROLLING} without prepare-ahead`, rolling.report, all.report, lowerBound));
}
