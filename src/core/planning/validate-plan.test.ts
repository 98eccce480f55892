import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { parseVersion } from '../version/index.js';
import { planUpgrade } from './plan-upgrade.js';
import type { PlanStep, UpgradePlan } from './upgrade-plan.js';
import { validatePlan } from './validate-plan.js';

const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 2).build();
const good = planUpgrade(cluster, {
  target: parseVersion('1.35.9'),
  strategy: { kind: 'rolling', maxUnavailable: 1 },
  workersEveryHop: false,
  latestPatch,
});

function edit(change: (steps: PlanStep[]) => PlanStep[], plan: UpgradePlan = good): UpgradePlan {
  return { ...plan, steps: change([...plan.steps]) };
}
const without = (...ids: string[]) => edit((steps) => steps.filter((s) => !ids.includes(s.id)));
/** "step N (id)" as the validator numbers steps of `plan`, 1-based. */
const stepOf = (plan: UpgradePlan, id: string) => `step ${plan.steps.findIndex((s) => s.id === id) + 1} (${id})`;

/** worker-1's whole round moved before the control plane reaches v1.35. */
const movedEarly = edit((steps) => {
  const apply = steps.find((s) => s.id === 'v1.35/control-plane/cp-1/kubeadm-apply');
  const mine = (s: PlanStep) => s.node === 'worker-1' && s.hop === 'v1.35.9';
  const rest = steps.filter((s) => !mine(s));
  rest.splice(rest.findIndex((s) => s === apply), 0, ...steps.filter(mine));
  return rest;
});

test('accepts the plan the planner made', () => {
  assert.deepEqual(validatePlan(cluster, good), { ok: true });
});

const broken: { name: string; plan: UpgradePlan; error: string }[] = [
  {
    name: 'a control plane that skips a minor',
    plan: edit((steps) => steps.map((s) => (s.id === 'v1.34/control-plane/cp-1/kubeadm-apply' ? { ...s, version: 'v1.35.9' } : s))),
    error: 'hop 2: control plane must move from v1.33 to v1.34, found v1.35.9',
  },
  {
    name: 'a kubelet upgraded without a drain',
    plan: without('v1.35/workers/worker-1/drain'),
    error: `${stepOf(without('v1.35/workers/worker-1/drain'), 'v1.35/workers/worker-1/upgrade-kubelet')}: kubelet on worker-1 changes minor (v1.32.9 -> v1.35.9) without a drain first`,
  },
  {
    name: 'a node left cordoned',
    plan: without('v1.35/workers/worker-2/uncordon'),
    error: 'end: worker-2 is left cordoned',
  },
  {
    name: 'a worker kubelet upgraded before the control plane has passed its version',
    plan: movedEarly,
    error: `${stepOf(movedEarly, 'v1.35/workers/worker-1/upgrade-kubelet')}: kubelet v1.35.9 on worker-1 would be newer than kube-apiserver v1.34.11: nodes only take versions the control plane has passed`,
  },
  {
    name: 'a worker skipping kubeadm minors',
    plan: without('v1.35/workers/worker-1/kubeadm-upgrade-node-v1.33', 'v1.35/workers/worker-1/kubeadm-upgrade-node-v1.34'),
    error: `${stepOf(without('v1.35/workers/worker-1/kubeadm-upgrade-node-v1.33', 'v1.35/workers/worker-1/kubeadm-upgrade-node-v1.34'), 'v1.35/workers/worker-1/kubeadm-upgrade-node')}: kubeadm v1.35.9 on worker-1 is more than one minor newer than kubeadm v1.32.9 that last managed it; step kubeadm through v1.33 first`,
  },
  {
    name: 'a plan that stops short of its target',
    plan: without(...good.steps.filter((s) => s.node === 'worker-2' && s.hop === 'v1.35.9' && s.action === 'upgrade-kubelet').map((s) => s.id)),
    error: 'end: kubelet on worker-2 is v1.32.9, not v1.35.9',
  },
];

for (const c of broken) {
  test(`rejects ${c.name} with an exact message`, () => {
    const result = validatePlan(cluster, c.plan);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.errors.includes(c.error), `expected:\n  ${c.error}\ngot:\n  ${result.errors.join('\n  ')}`);
  });
}

test('rejects a kubeadm upgrade apply to the next minor while kubelets are too old for kubeadm', () => {
  const old = aCluster().withControlPlane('v1.27.16', 1).withWorkers('v1.25.16', 1).build();
  const made = planUpgrade(old, { target: parseVersion('1.28.15'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  const skipped = { ...made, steps: made.steps.filter((s) => s.hop !== 'v1.27.16') };
  const result = validatePlan(old, skipped);
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.errors.join('\n'), /kubeadm v1\.28 refuses to upgrade to v1\.28\.15 while kubelets are more than 1 minor older: worker-1 \(v1\.25\.16\)/);
});

test('a surge plan that deletes a worker before draining it is rejected', () => {
  const cluster = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 1).withRepository({ era: 'legacy' }).build();
  const plan = planUpgrade(cluster, { target: parseVersion('v1.21.0'), strategy: { kind: 'surge', maxSurge: 1 }, workersEveryHop: false, latestPatch });
  const steps = plan.steps.filter((s) => !(s.action === 'drain' && s.node === 'worker-1'));
  assert.deepEqual(validatePlan(cluster, { ...plan, steps }), { ok: false, errors: [`step ${steps.findIndex((s) => s.action === 'delete-node') + 1} (v1.21/workers/worker-1/delete-node): worker-1 is deleted without a drain first`] });
});

test('a surge plan whose new node would join ahead of the control plane is rejected', () => {
  const cluster = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 1).withRepository({ era: 'legacy' }).build();
  const plan = planUpgrade(cluster, { target: parseVersion('v1.21.0'), strategy: { kind: 'surge', maxSurge: 1 }, workersEveryHop: false, latestPatch });
  // The worker's replacement moved before the control plane's hop.
  const replacement = plan.steps.filter((s) => s.phase === 'workers');
  const steps = [...plan.steps.filter((s) => s.phase === 'prepare'), ...replacement, ...plan.steps.filter((s) => s.phase !== 'workers' && s.phase !== 'prepare')];
  const result = validatePlan(cluster, { ...plan, steps });
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.errors.some((e) => e.includes('a new node for worker-1 would join with kubelet v1.21.0, newer than kube-apiserver v1.20.2')), JSON.stringify(result));
});
