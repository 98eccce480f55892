import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { planUpgrade } from '../planning/index.js';
import { parseVersion } from '../version/index.js';
import { forecastSchedule } from './forecast-plan.js';
import { forecastStepSeconds } from './forecast-step.js';

const cluster = aCluster().withControlPlane('v1.33.5', 3).withWorkers('v1.33.5', 6).build();
const plan = planUpgrade(cluster, { target: parseVersion('1.35.9'), strategy: { kind: 'rolling', maxUnavailable: 2 }, workersEveryHop: false, latestPatch });

test('every step of the plan is scheduled once, as long as the timing model says, and the last ends when the forecast does', () => {
  const schedule = forecastSchedule(plan, cluster).schedule;
  assert.deepEqual(schedule.map((s) => s.step.id).sort(), plan.steps.map((s) => s.id).sort());
  for (const s of schedule) assert.ok(Math.abs(s.toSeconds - s.fromSeconds - forecastStepSeconds(s.step, cluster)) < 1e-9, s.step.id);
  assert.equal(Math.round(Math.max(...schedule.map((s) => s.toSeconds))), forecastSchedule(plan, cluster).forecast.totalSeconds);
});

test("a node's steps follow one another and the control plane's come before any worker's drain", () => {
  const schedule = forecastSchedule(plan, cluster).schedule;
  const byNode = new Map<string, typeof schedule[number][]>();
  for (const s of schedule) byNode.set(s.step.node, [...(byNode.get(s.step.node) ?? []), s]);
  for (const [node, steps] of byNode) {
    for (let i = 1; i < steps.length; i++) assert.ok((steps[i]?.fromSeconds ?? 0) >= (steps[i - 1]?.toSeconds ?? 0), `${node}: ${steps[i]?.step.id} starts after ${steps[i - 1]?.step.id}`);
  }
  const firstApply = schedule.find((s) => s.step.action === 'kubeadm-apply');
  const firstDrain = schedule.find((s) => s.step.action === 'drain' && s.step.phase === 'workers');
  assert.ok(firstApply && firstDrain && firstDrain.fromSeconds >= firstApply.toSeconds);
});

test('a calibrated action takes the recorded time', () => {
  const schedule = forecastSchedule(plan, cluster, { 'workers/upgrade-kubelet': 77, 'control-plane/upgrade-kubelet': 77 }).schedule;
  for (const s of schedule.filter((s) => s.step.action === 'upgrade-kubelet')) assert.equal(s.toSeconds - s.fromSeconds, 77);
});
