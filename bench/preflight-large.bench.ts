import { readRemovedApis } from '../src/adapters/file/read-removed-apis.js';
import { readBreakingChanges } from '../src/adapters/file/read-breaking-changes.js';
import type { ObservedObject } from '../src/core/cluster/index.js';
import { planUpgrade } from '../src/core/planning/index.js';
import { checkPreflight } from '../src/core/preflight/index.js';
import { parseVersion } from '../src/core/version/index.js';
import { latestPatch } from '../test/builders/release-patches.js';
import { largeCluster } from './large-cluster.js';
import { measure } from './measure.js';

// Every preflight check on a 5,000-node / 150,000-pod cluster planned from v1.24 to v1.37
// (13 hops, every removal from v1.25 on crossed), with 50,000 observed objects — live,
// last-applied and Helm sources, one in ten at a removed version — and facts on every node.
const build = await measure('build 5,000-node / 150,000-pod snapshot at v1.24 with observations', () => {
  const cluster = largeCluster(5000, 150_000, 'v1.24.17');
  const old = ['batch/v1beta1 CronJob', 'policy/v1beta1 PodDisruptionBudget', 'autoscaling/v2beta2 HorizontalPodAutoscaler'];
  const objects: ObservedObject[] = Array.from({ length: 50_000 }, (_, i) => {
    const [apiVersion = 'apps/v1', kind = 'Deployment'] = i % 10 === 0 ? (old[i % 3] ?? '').split(' ') : ['apps/v1', 'Deployment'];
    const source: ObservedObject['source'] = i % 3 === 0 ? { from: 'live' } : i % 3 === 1 ? { from: 'last-applied' } : { from: 'helm', release: `rel-${i % 400}`, revision: 1 + (i % 5) };
    return { apiVersion, kind, namespace: `team-${i % 50}`, name: `obj-${i}`, source };
  });
  const nodes = cluster.nodes.map((n, i) => ({ ...n, facts: { swapOn: i % 997 === 0, freeDiskBytes: 40 * 2 ** 30, heldPackages: ['kubeadm', 'kubelet', 'kubectl'], repositoryReachable: i % 1499 !== 0 } }));
  return { ...cluster, nodes, objects };
});
const cluster = build.result;
console.log(`${build.name}: ${build.ms.toFixed(0)} ms, peak RSS ${build.peakRssMiB} MiB`);
const plan = await measure('plan v1.24 -> v1.37', () => planUpgrade(cluster, { target: parseVersion('1.37.1'), strategy: { kind: 'rolling', maxUnavailable: 10 }, workersEveryHop: false, latestPatch }));
console.log(`${plan.name}: ${plan.ms.toFixed(0)} ms, ${plan.result.steps.length} steps`);
const removedApis = await readRemovedApis();
const breakingChanges = await readBreakingChanges();
const run = await measure('preflight (every check)', () => checkPreflight({ cluster, plan: plan.result, removedApis, breakingChanges, today: '2026-11-25' }));
const counts = { blocking: 0, overridable: 0, info: 0 };
for (const f of run.result) counts[f.severity] += 1;
console.log(`${run.name}: ${run.ms.toFixed(0)} ms, ${run.result.length} findings (${counts.blocking} blocking, ${counts.overridable} overridable, ${counts.info} info), peak RSS ${run.peakRssMiB} MiB`);
