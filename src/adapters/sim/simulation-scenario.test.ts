import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import { planUpgrade, type WorkerStrategy } from '../../core/planning/index.js';
import { checkVersionSkew, versionStateOf } from '../../core/skew/index.js';
import { formatVersion, parseVersion } from '../../core/version/index.js';
import { runUpgrade } from '../../engine/index.js';
import type { UpgradeEvent } from '../../ports/index.js';
import { readCluster } from '../file/read-cluster-file.js';
import { MemoryEventSink, MemoryJournal, MemoryLock } from '../memory/index.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { createSimulation, type SimulationOptions } from './create-simulation.js';
import { formatEventLog } from './metrics/sim-event-log.js';

// The real engine carries real plans out against the simulator, with invariants checked at every
// state change: the skew policy holds, no budget is broken, no more nodes are unschedulable than
// the strategy allows. The same seed gives the same run, byte for byte.

interface Outcome {
  readonly status: string;
  readonly error?: string;
  readonly events: readonly UpgradeEvent[];
  readonly transcript: string;
  readonly commands: string;
  readonly metrics: ReturnType<ReturnType<typeof createSimulation>['metrics']>;
  readonly end: ClusterSnapshot;
  readonly violations: readonly string[];
  readonly mostUnschedulable: number;
}

async function upgrade(cluster: ClusterSnapshot, to: string, strategy: WorkerStrategy, options: SimulationOptions): Promise<Outcome> {
  const plan = planUpgrade(cluster, { target: parseVersion(to), strategy, workersEveryHop: false, latestPatch });
  const sim = createSimulation(cluster, options);
  const violations: string[] = [];
  let mostUnschedulable = 0;
  sim.onTick((tick) => {
    if (!tick.changes.some((c) => c.kind === 'node' || c.kind === 'components')) return;
    const now = sim.snapshot({ pods: false });
    for (const f of checkVersionSkew(versionStateOf(now))) if (f.severity === 'blocking') violations.push(f.message);
    mostUnschedulable = Math.max(mostUnschedulable, now.nodes.filter((n) => n.cordoned).length);
  });
  const events = new MemoryEventSink();
  const result = await runUpgrade(
    plan,
    { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events, provisioner: sim.provisioner },
    { holder: 'scenario', drain: { deleteEmptyDirData: true } },
  );
  return {
    status: result.status,
    ...(result.error ? { error: result.error.message } : {}),
    events: events.events,
    transcript: formatEventLog(sim.eventLog()),
    commands: sim.commandLog().map((c) => `${c.startedAt} ${c.node} ${c.argv.join(' ')} -> ${c.exitCode}`).join('\n'),
    metrics: sim.metrics(),
    end: sim.snapshot(),
    violations,
    mostUnschedulable,
  };
}

test('the engine upgrades the demo cluster three minors with no skew, no broken budget and one node out at a time', async () => {
  const cluster = await readCluster('demo');
  const run = await upgrade(cluster, 'v1.35.9', { kind: 'rolling', maxUnavailable: 1 }, { seed: 7 });
  assert.equal(run.status, 'completed', run.error);
  assert.deepEqual(run.violations, []);
  assert.deepEqual(run.metrics.pdbViolations, []);
  assert.equal(run.mostUnschedulable, 1);
  assert.equal(run.metrics.controlPlaneDowntimeMs, 0, 'three control-plane nodes keep the API up');
  for (const node of run.end.nodes) {
    assert.equal(formatVersion(node.kubelet), 'v1.35.9', node.name);
    if (node.controlPlane) assert.equal(formatVersion(node.controlPlane.apiserver), 'v1.35.9', node.name);
    assert.equal(node.cordoned, false, node.name);
  }
  assert.equal(formatVersion(run.end.addons.kubeProxy ?? parseVersion('v0.0.0')), 'v1.35.9');
  assert.deepEqual(Object.values(run.metrics.cordons), Array.from({ length: cluster.nodes.length }, () => 1), 'fewest drains: each node once');
  for (const w of run.metrics.workloads.filter((w) => w.pdb)) assert.equal(w.belowPdbMs, 0, `${w.name} stayed within its budget`);
});

test('the same seed gives the same run, byte for byte', async () => {
  const cluster = await readCluster('demo');
  const runs = await Promise.all([1, 2].map(() => upgrade(cluster, 'v1.33.6', { kind: 'rolling', maxUnavailable: 2 }, { seed: 42 })));
  const [a, b] = runs;
  assert.ok(a && b);
  assert.equal(a.status, 'completed', a.error);
  assert.equal(a.transcript, b.transcript);
  assert.equal(a.commands, b.commands);
  assert.deepEqual(a.metrics, b.metrics);
  assert.deepEqual(a.events, b.events);
  const other = await upgrade(cluster, 'v1.33.6', { kind: 'rolling', maxUnavailable: 2 }, { seed: 43 });
  assert.notEqual(other.transcript, a.transcript, 'another seed, other timings');
});

test('a single control-plane node loses the API during each kubeadm upgrade apply; the engine waits it out', async () => {
  const cluster = await readCluster('classic');
  const run = await upgrade(cluster, 'v1.14.10', { kind: 'rolling', maxUnavailable: 1 }, { seed: 3, apiDowntimeSeconds: 40 });
  assert.equal(run.status, 'completed', run.error);
  assert.deepEqual(run.violations, []);
  assert.deepEqual(run.metrics.pdbViolations, []);
  const apiserverOutages = run.transcript.split('\n').filter((line) => line.includes('component-stopped controlplane/kube-apiserver')).length;
  assert.equal(apiserverOutages, 3, 'one per hop');
  assert.ok(run.metrics.controlPlaneDowntimeMs >= 3 * 40_000);
  assert.ok(run.end.nodes.every((n) => formatVersion(n.kubelet) === 'v1.14.10'));
});

test('surge adds a worker for each one it retires and keeps the budgets', async () => {
  const cluster = await readCluster('demo');
  const run = await upgrade(cluster, 'v1.33.6', { kind: 'surge', maxSurge: 1 }, { seed: 5 });
  assert.equal(run.status, 'completed', run.error);
  assert.deepEqual(run.metrics.pdbViolations, []);
  const workers = run.end.nodes.filter((n) => n.role === 'worker');
  assert.equal(workers.length, 6);
  assert.ok(workers.every((n) => n.name.startsWith('worker-surge-') && formatVersion(n.kubelet) === 'v1.33.6'));
  assert.equal(run.events.filter((e) => e.kind === 'node-added').length, 6);
});
