import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

// One plan and simulation of the 1,000-node bench cluster with the code of the checkout at ROOT
// (this one or an earlier commit's): node --import tsx bench/simulate-once.ts ROOT STRATEGY.
// Prints one JSON line: wall times and digests of the plan and of the whole simulation report,
// so that two checkouts can be compared side by side (simulate-speed.bench.ts).
const [root = '.', strategyName = 'auto'] = process.argv.slice(2);
const from = (path: string) => import(pathToFileURL(`${root}/${path}`).href);
const { simulateUpgrade } = await from('src/app/simulate-upgrade.ts');
const { planUpgrade } = await from('src/core/planning/index.ts');
const { parseVersion } = await from('src/core/version/index.ts');
const { latestPatch } = await from('test/builders/release-patches.ts');
const { largeCluster } = await from('bench/large-cluster.ts');

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const cluster = largeCluster(1000, 30_000);
const strategy = strategyName === 'all-at-once' ? { kind: 'all-at-once' } : { kind: 'rolling', maxUnavailable: 'auto' };
let start = process.hrtime.bigint();
const plan = planUpgrade(cluster, { target: parseVersion('1.35.9'), strategy, workersEveryHop: false, latestPatch });
const planMs = Number(process.hrtime.bigint() - start) / 1e6;
start = process.hrtime.bigint();
const report = await simulateUpgrade({ cluster, plan, seed: 1 });
const simulateMs = Number(process.hrtime.bigint() - start) / 1e6;
console.log(
  JSON.stringify({
    planMs,
    simulateMs,
    steps: plan.steps.length,
    plan: digest(plan),
    report: digest(report),
    status: report.status,
    makespanMin: report.makespanMs / 60_000,
    evictions: report.evictions,
    refused429: report.evictionsRefused429,
    pdbViolations: report.pdbViolations.length,
  }),
);
