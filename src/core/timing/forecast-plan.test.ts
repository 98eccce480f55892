import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import type { ClusterSnapshot } from '../cluster/index.js';
import { planUpgrade, type UpgradePlan, type WorkerStrategy } from '../planning/index.js';
import { parseVersion } from '../version/index.js';
import { drainSeconds, forecastStepSeconds } from './forecast-step.js';
import { forecastSchedule } from './forecast-plan.js';
import { expectedSeconds, TIMING_MODEL } from './timing-model.js';

const plan = (cluster: ClusterSnapshot, strategy: WorkerStrategy = { kind: 'rolling', maxUnavailable: 1 }): UpgradePlan =>
  planUpgrade(cluster, { target: parseVersion('1.34.11'), strategy, workersEveryHop: false, latestPatch });

const withPods = (pods: { name: string; owner: string; labels?: Record<string, string> }[], workloads: { name: string; grace?: number; startup?: number }[]) => {
  let builder = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 2);
  for (const w of workloads) builder = builder.withWorkload({ kind: 'Deployment', name: w.name, replicas: 0, ...(w.grace !== undefined ? { terminationGraceSeconds: w.grace } : {}), ...(w.startup !== undefined ? { startupSeconds: w.startup } : {}) });
  for (const p of pods) builder = builder.withPod({ name: p.name, node: 'worker-1', owner: { kind: 'Deployment', name: p.owner }, labels: p.labels ?? { app: p.owner } });
  return builder;
};

const drains: { name: string; cluster: ClusterSnapshot; node?: string; seconds: number }[] = [
  { name: 'a node with only DaemonSet pods drains at once (they stay)', cluster: withPods([], []).build(), node: 'worker-2', seconds: 0 },
  {
    name: 'a drain lasts as long as the slowest pod on the node takes to terminate',
    cluster: withPods([{ name: 'web-1', owner: 'web' }, { name: 'batch-1', owner: 'batch' }], [{ name: 'web', grace: 30 }, { name: 'batch', grace: 90 }]).build(),
    seconds: 90,
  },
  {
    name: 'a pod without a grace period of its own takes the model\'s termination time',
    cluster: withPods([{ name: 'web-1', owner: 'web' }], [{ name: 'web' }]).build(),
    seconds: expectedSeconds(TIMING_MODEL.podTermination),
  },
  {
    name: 'pods of one budget that allows one eviction go one after another, each waiting for a replacement to become Ready',
    cluster: withPods([{ name: 'api-1', owner: 'api' }, { name: 'api-2', owner: 'api' }], [{ name: 'api', grace: 10, startup: 20 }])
      .withPod({ name: 'api-3', node: 'worker-2', owner: { kind: 'Deployment', name: 'api' }, labels: { app: 'api' } })
      .withPdb({ name: 'api', selector: { matchLabels: { app: 'api' } }, maxUnavailable: 1 })
      .build(),
    seconds: 10 + 20 + 10,
  },
];
for (const c of drains) {
  test(c.name, () => {
    assert.equal(drainSeconds(c.cluster, c.node ?? 'worker-1'), c.seconds);
  });
}

test('a plan of one step after another is expected to take the sum of its steps', () => {
  const cluster = aCluster().withControlPlane('v1.33.5').build();
  const p = plan(cluster);
  const sum = p.steps.reduce((total, step) => total + forecastStepSeconds(step, cluster), 0);
  assert.equal(forecastSchedule(p, cluster).forecast.totalSeconds, Math.round(sum));
});

test('times recorded by earlier runs replace the model for their kind of step, and the forecast says which', () => {
  const cluster = aCluster().withControlPlane('v1.33.5').build();
  const p = plan(cluster);
  const applies = p.steps.filter((s) => s.action === 'kubeadm-apply');
  const modelled = forecastSchedule(p, cluster).forecast;
  const calibrated = forecastSchedule(p, cluster, { 'control-plane/kubeadm-apply': 1000 }).forecast;
  const before = applies.reduce((t, s) => t + forecastStepSeconds(s, cluster), 0);
  // Whole seconds either side: each total is rounded once.
  assert.ok(Math.abs(calibrated.totalSeconds - (modelled.totalSeconds - before + 1000 * applies.length)) <= 1, `${calibrated.totalSeconds}s`);
  assert.deepEqual(calibrated.calibrated, ['control-plane/kubeadm-apply']);
  assert.deepEqual(modelled.calibrated, []);
});

test('workers prepared ahead of their drains make the upgrade shorter than its steps one after another', () => {
  const cluster = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 4).build();
  const p = plan(cluster);
  const serial = p.steps.reduce((total, step) => total + forecastStepSeconds(step, cluster), 0);
  const forecast = forecastSchedule(p, cluster).forecast;
  assert.ok(forecast.totalSeconds < serial, `${forecast.totalSeconds}s is not below ${serial}s`);
  const workers = forecast.phases.find((ph) => ph.part === 'workers');
  assert.deepEqual(workers?.batches.map((b) => b.nodes), [['worker-1'], ['worker-2'], ['worker-3'], ['worker-4']]);
});

test('every phase lies within the whole, and the phases follow the hops in order', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 3).withWorkers('v1.32.9', 3).build();
  const forecast = forecastSchedule(planUpgrade(cluster, { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 'auto' }, workersEveryHop: false, latestPatch }), cluster).forecast;
  for (const phase of forecast.phases) assert.ok(phase.startSeconds + phase.seconds <= forecast.totalSeconds + 1, JSON.stringify(phase));
  assert.deepEqual(forecast.phases.map((ph) => `${ph.hop} ${ph.part}`), ['v1.32.9 prepare', 'v1.33.13 control-plane', 'v1.34.11 control-plane', 'v1.34.11 workers']);
});
