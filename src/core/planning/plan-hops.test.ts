import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { formatVersion, parseVersion } from '../version/index.js';
import { planHops } from './plan-hops.js';

const cases: { name: string; from: string; to: string; hops: string[] }[] = [
  { name: 'takes the textbook path v1.11 -> v1.12 -> v1.13 at the latest patches', from: '1.11.3', to: '1.13.12', hops: ['v1.12.10', 'v1.13.12'] },
  { name: 'moves one minor per hop from v1.32 to v1.37', from: '1.32.9', to: '1.37.1', hops: ['v1.33.13', 'v1.34.11', 'v1.35.9', 'v1.36.4', 'v1.37.1'] },
  { name: 'makes a patch-only upgrade one hop', from: '1.32.4', to: '1.32.13', hops: ['v1.32.13'] },
  { name: 'ends at the exact patch asked for', from: '1.35.1', to: '1.36.2', hops: ['v1.36.2'] },
  { name: 'plans nothing when already at the target', from: '1.37.1', to: '1.37.1', hops: [] },
];
for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(planHops(parseVersion(c.from), parseVersion(c.to), latestPatch).map(formatVersion), c.hops);
  });
}

test('refuses a downgrade and says what to do', () => {
  assert.throws(() => planHops(parseVersion('1.32.9'), parseVersion('1.31.14'), latestPatch), {
    name: 'ConfigError',
    message: 'cannot upgrade to v1.31.14: the control plane is already at v1.32.9 and kubehop does not downgrade — choose a version newer than v1.32.9, or restore an etcd backup to go back',
  });
});

test('refuses a path through a minor the catalog does not know', () => {
  assert.throws(() => planHops(parseVersion('1.37.1'), parseVersion('1.39.0'), latestPatch), {
    message: 'cannot plan a path through v1.38: the release catalog does not know that minor — pass a newer catalog with --releases FILE',
  });
});
