import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { simulateUpgrade } from '../app/simulate-upgrade.js';
import type { PodEntry } from '../core/cluster-file/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';

// The plan chooses batches on the cluster as observed; the engine judges each batch again just
// before its cordon. Here the plan is made while web's two pods run on worker-1 and worker-2, and
// carried out on the same cluster where they have moved to worker-3 and worker-4.

const webPod = (name: string, node: string): PodEntry => ({ name, node, owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } });

const withWebOn = (a: string, b: string) =>
  aCluster()
    .withWorkers('v1.32.9', 4)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
    .withPod(webPod('web-a', a))
    .withPod(webPod('web-b', b))
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 })
    .build();

const cordonedTogether = (events: Awaited<ReturnType<typeof simulateUpgrade>>['events']) => {
  const groups: string[][] = [];
  let at = -1;
  for (const e of events) {
    if (e.kind !== 'node-cordoned' || !e.node.startsWith('worker')) continue;
    if (e.at !== at) groups.push([]);
    groups[groups.length - 1]?.push(e.node);
    at = e.at;
  }
  return groups;
};

describe('batches judged again before their cordon', () => {
  const planned = withWebOn('worker-1', 'worker-2');
  const plan = planUpgrade(planned, { target: parseVersion('1.33.13'), strategy: { kind: 'rolling', maxUnavailable: 4 }, workersEveryHop: false, latestPatch });

  it('plans the workers of one budget apart', () => {
    const batches = new Map<string, Set<string>>();
    for (const s of plan.steps) if (s.action === 'drain' && s.phase === 'workers' && s.batch) batches.set(s.batch, (batches.get(s.batch) ?? new Set()).add(s.node));
    assert.deepEqual([...batches.values()].map((b) => [...b]), [['worker-1', 'worker-3', 'worker-4'], ['worker-2']]);
  });

  it('drains a batch in parts when its pods have moved so it would ask a budget for more than it allows', async () => {
    const report = await simulateUpgrade({ cluster: withWebOn('worker-3', 'worker-4'), plan, seed: 1 });
    assert.equal(report.status, 'completed', report.error);
    const split = report.events.filter((e) => e.kind === 'batch-split');
    assert.deepEqual(split.map((e) => (e.kind === 'batch-split' ? e.parts : [])), [[['worker-1', 'worker-3'], ['worker-4']]]);
    assert.deepEqual(cordonedTogether(report.events), [['worker-1', 'worker-3'], ['worker-4'], ['worker-2']]);
    assert.equal(report.evictionsRefused429, 0);
    assert.deepEqual(report.pdbViolations, []);
  });

  it('keeps a batch whole when nothing has moved', async () => {
    const report = await simulateUpgrade({ cluster: planned, plan, seed: 1 });
    assert.equal(report.status, 'completed', report.error);
    assert.deepEqual(report.events.filter((e) => e.kind === 'batch-split'), []);
    assert.deepEqual(cordonedTogether(report.events), [['worker-1', 'worker-3', 'worker-4'], ['worker-2']]);
  });
});
