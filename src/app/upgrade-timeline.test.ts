import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlanStep, UpgradePlan } from '../core/planning/index.js';
import type { UpgradeEvent } from '../ports/index.js';
import { outagesFromEvents, timelineFromEvents, timelineFromPlan } from './upgrade-timeline.js';

const step = (node: string, action: PlanStep['action'], hop = 'v1.33.1', batch?: string): PlanStep => ({
  id: `${hop}/${node}/${action}`,
  hop,
  phase: action === 'etcd-backup' ? 'prepare' : node.startsWith('cp') ? 'control-plane' : 'workers',
  node,
  action,
  version: hop,
  runOn: 'node',
  privileged: true,
  commands: [],
  description: action,
  ...(batch ? { batch } : {}),
});

test('each step becomes a span on its node from its start to its end, a cordon a span until the uncordon', () => {
  const apply = step('cp-1', 'kubeadm-apply');
  const drain = step('worker-1', 'drain', 'v1.33.1', 'batch-1');
  const events: UpgradeEvent[] = [
    { kind: 'run-started', at: 1000, planId: 'p', steps: 2, resumed: false },
    { kind: 'step-started', at: 1000, step: apply, index: 0 },
    { kind: 'step-finished', at: 61_000, step: apply, durationMs: 60_000 },
    { kind: 'step-started', at: 62_000, step: drain, index: 1 },
    { kind: 'node-cordoned', at: 62_000, node: 'worker-1' },
    { kind: 'step-finished', at: 90_000, step: drain, durationMs: 28_000 },
    { kind: 'node-uncordoned', at: 120_000, node: 'worker-1' },
  ];
  const t = timelineFromEvents(events, { start: 1000, controlPlane: new Set(['cp-1']), apiOutages: [], workloads: [] });
  assert.equal(t.unit, 'ms');
  assert.equal(t.end, 119_000);
  assert.deepEqual(t.nodes.map((n) => [n.node, n.controlPlane]), [['cp-1', true], ['worker-1', false]]);
  assert.deepEqual(t.nodes[0]?.spans, [{ from: 0, to: 60_000, action: 'kubeadm-apply', hop: 'v1.33.1', status: 'done' }]);
  assert.deepEqual(t.nodes[1]?.spans, [
    { from: 61_000, to: 89_000, action: 'drain', hop: 'v1.33.1', batch: 'batch-1', status: 'done' },
    { from: 61_000, to: 119_000, action: 'cordoned', hop: '', status: 'done' },
  ]);
  assert.deepEqual(t.hops, [{ version: 'v1.33.1', from: 0, to: 89_000 }]);
});

test('a step still running when the events end is drawn to the end as running, a failed one as failed', () => {
  const a = step('worker-1', 'upgrade-kubelet');
  const b = step('worker-2', 'upgrade-kubelet');
  const events: UpgradeEvent[] = [
    { kind: 'step-started', at: 0, step: a, index: 0 },
    { kind: 'step-failed', at: 5_000, step: a, error: 'boom' },
    { kind: 'step-started', at: 6_000, step: b, index: 1 },
    { kind: 'warning', at: 9_000, message: 'stopping' },
  ];
  const t = timelineFromEvents(events, { start: 0, controlPlane: new Set(), apiOutages: [], workloads: [] });
  assert.deepEqual(t.nodes.map((n) => n.spans.map((s) => [s.status, s.to])), [[['failed', 5_000]], [['running', 9_000]]]);
});

test('a live run sees an outage from the first unanswered call to the next event that needed no retry; a 429 or conflict is none', () => {
  const events: UpgradeEvent[] = [
    { kind: 'retry', at: 10_000, what: 'get node cp-1', attempt: 2, reason: 'failed to get node cp-1: connect ECONNREFUSED' },
    { kind: 'retry', at: 12_000, what: 'get node cp-1', attempt: 3, reason: 'failed to get node cp-1: connect ECONNREFUSED' },
    { kind: 'health-gate-passed', at: 40_000, node: 'cp-1', gate: 'api' },
    { kind: 'retry', at: 50_000, what: 'cordon node w', attempt: 2, reason: 'failed to cordon node w: 409 Conflict' },
    { kind: 'node-cordoned', at: 51_000, node: 'w' },
    { kind: 'retry', at: 70_000, what: 'list', attempt: 2, reason: 'socket hang up' },
  ];
  assert.deepEqual(outagesFromEvents(events, 0), [{ from: 10_000, to: 40_000 }, { from: 70_000 }]);
});

test('a plan before it runs: one unit per step in plan order, the cordon from the drain to the uncordon', () => {
  const plan = { steps: [step('cp-1', 'etcd-backup', 'v1.32.9'), step('cp-1', 'kubeadm-apply', 'v1.33.1'), step('w-1', 'drain', 'v1.34.1'), step('w-1', 'upgrade-kubelet', 'v1.34.1'), step('w-1', 'uncordon', 'v1.34.1')] } as unknown as UpgradePlan;
  const t = timelineFromPlan(plan, new Set(['cp-1']));
  assert.equal(t.unit, 'step');
  assert.equal(t.end, 5);
  assert.deepEqual(t.hops, [{ version: 'v1.33.1', from: 1, to: 2 }, { version: 'v1.34.1', from: 2, to: 5 }], 'the etcd snapshot before the first hop belongs to no hop');
  assert.deepEqual(t.nodes[1]?.spans.find((s) => s.action === 'cordoned'), { from: 2, to: 5, action: 'cordoned', hop: 'v1.34.1', status: 'done' });
});

test('a plan with a schedule is drawn at the expected times, in ms, and says the times are expected', () => {
  const steps = [step('cp-1', 'kubeadm-apply', 'v1.33.1'), step('w-1', 'drain', 'v1.33.1'), step('w-1', 'uncordon', 'v1.33.1')];
  const plan = { steps } as unknown as UpgradePlan;
  const schedule = [
    { step: steps[0] as PlanStep, fromSeconds: 0, toSeconds: 120 },
    { step: steps[1] as PlanStep, fromSeconds: 120, toSeconds: 150 },
    { step: steps[2] as PlanStep, fromSeconds: 200, toSeconds: 201 },
  ];
  const t = timelineFromPlan(plan, new Set(['cp-1']), schedule);
  assert.equal(t.unit, 'ms');
  assert.equal(t.expected, true);
  assert.equal(t.end, 201_000);
  assert.deepEqual(t.nodes[1]?.spans.find((s) => s.action === 'cordoned'), { from: 120_000, to: 201_000, action: 'cordoned', hop: 'v1.33.1', status: 'done' });
});
