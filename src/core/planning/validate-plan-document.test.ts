import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { parseVersion } from '../version/index.js';
import { planUpgrade } from './plan-upgrade.js';
import { validatePlanDocument } from './validate-plan-document.js';

const plan = JSON.parse(JSON.stringify(planUpgrade(aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 2).build(), { target: parseVersion('1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch }))) as Record<string, unknown>;

test('accepts a plan as kubehop writes it', () => {
  assert.equal(validatePlanDocument(plan).ok, true);
});

const loose: { name: string; change: Record<string, unknown>; error: string }[] = [
  { name: 'drain consent given as "yes"', change: { drain: { deleteEmptyDirData: 'yes', deleteUnmanagedPods: false } }, error: 'drain: expected {deleteEmptyDirData: true|false, deleteUnmanagedPods: true|false}' },
  { name: 'drain consent given as 1', change: { drain: { deleteEmptyDirData: false, deleteUnmanagedPods: 1 } }, error: 'drain: expected {deleteEmptyDirData: true|false, deleteUnmanagedPods: true|false}' },
  { name: 'no drain consent at all', change: { drain: undefined }, error: 'drain: expected {deleteEmptyDirData: true|false, deleteUnmanagedPods: true|false}' },
  { name: 'workersEveryHop as a string', change: { workersEveryHop: 'false' }, error: 'workersEveryHop: expected true or false' },
  { name: 'a negative maxUnavailable', change: { strategy: { kind: 'rolling', maxUnavailable: -1 } }, error: 'strategy.maxUnavailable: expected "auto" or a whole number from 1 to 100000' },
  { name: 'a huge maxSurge', change: { strategy: { kind: 'surge', maxSurge: 1e12 } }, error: 'strategy.maxSurge: expected a whole number from 1 to 100000' },
  { name: 'a hop without a version', change: { hops: [{ index: 1, from: 'v1.33.5' }] }, error: 'hops: expected a list of {index, from, version}' },
  { name: 'a drain count that is not a number', change: { drains: { 'worker-1': 'twice' } }, error: 'drains: expected a map of node to count' },
  { name: 'notes that are strings', change: { notes: ['trust me'] }, error: 'notes: expected a list of {code, message}' },
];
for (const c of loose) {
  test(`refuses a plan with ${c.name}`, () => {
    const result = validatePlanDocument({ ...plan, ...c.change });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.errors.includes(c.error), JSON.stringify(!result.ok && result.errors));
  });
}

test('accepts a plan with the forecast plan -o json writes beside it, and leaves the forecast out of the plan it returns', () => {
  const result = validatePlanDocument({ ...plan, forecast: { totalSeconds: 600, phases: [], calibrated: [] } });
  assert.equal(result.ok, true);
  assert.ok(result.ok && !('forecast' in result.value));
  assert.deepEqual(result.ok && result.value, plan);
});
