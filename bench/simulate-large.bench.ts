import { simulateUpgrade } from '../src/app/simulate-upgrade.js';
import { planUpgrade } from '../src/core/planning/index.js';
import { parseVersion } from '../src/core/version/index.js';
import { latestPatch } from '../test/builders/release-patches.js';
import { largeCluster } from './large-cluster.js';
import { measure } from './measure.js';

// The real engine upgrading 1,000 nodes (3 control-plane) three hops, v1.32 -> v1.35, on the
// simulator: rolling 10 workers at a time.
const cluster = largeCluster(1000, 30_000);
console.log(`cluster: ${cluster.nodes.length} nodes, ${cluster.pods.length} pods, ${cluster.pdbs.length} PDBs`);
const plan = planUpgrade(cluster, { target: parseVersion('1.35.9'), strategy: { kind: 'rolling', maxUnavailable: 10 }, workersEveryHop: false, latestPatch });
console.log(`plan: ${plan.hops.length} hops, ${plan.steps.length} steps`);
const run = await measure('simulate 1,000 nodes, 3 hops, rolling 10', () => simulateUpgrade({ cluster, plan, seed: 1 }));
const r = run.result;
console.log(`${run.name}: ${(run.ms / 1000).toFixed(1)} s wall, peak RSS ${run.peakRssMiB} MiB; ${r.status}, virtual makespan ${(r.makespanMs / 3_600_000).toFixed(1)} h, ${r.evictions} evictions, ${r.evictionsRefused429} 429s, ${r.pdbViolations.length} PDB violations, all at target: ${r.allAtTarget}`);
