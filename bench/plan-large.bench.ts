import { planUpgrade } from '../src/core/planning/index.js';
import { parseVersion } from '../src/core/version/index.js';
import { latestPatch } from '../test/builders/release-patches.js';
import { largeCluster } from './large-cluster.js';
import { measure } from './measure.js';

// Planning a 5,000-node / 150,000-pod cluster from v1.32 to v1.37 (5 hops), validated.
const build = await measure('build 5,000-node / 150,000-pod snapshot', () => largeCluster(5000, 150_000));
const cluster = build.result;
console.log(`${build.name}: ${build.ms.toFixed(0)} ms, ${cluster.pods.length} pods, peak RSS ${build.peakRssMiB} MiB`);
for (const everyHop of [false, true]) {
  const run = await measure(`plan v1.32 -> v1.37${everyHop ? ' (--workers-every-hop)' : ''}`, () =>
    planUpgrade(cluster, { target: parseVersion('1.37.1'), strategy: { kind: 'rolling', maxUnavailable: 10 }, workersEveryHop: everyHop, latestPatch }),
  );
  console.log(`${run.name}: ${run.ms.toFixed(0)} ms, ${run.result.steps.length} steps, peak RSS ${run.peakRssMiB} MiB`);
}
