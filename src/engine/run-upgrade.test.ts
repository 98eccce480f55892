import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { createMemoryPorts, type MemoryPorts } from '../adapters/memory/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ClusterApiError, ConfigError, LockedError, NodeCommandError } from '../core/errors.js';
import { planUpgrade, type UpgradePlan, type WorkerStrategy } from '../core/planning/index.js';
import { formatVersion, parseVersion } from '../core/version/index.js';
import { dryRunUpgrade } from './dry-run.js';
import { planId } from './plan-id.js';
import { runUpgrade, SURGE_NEEDS_PROVISIONER } from './run-upgrade.js';
import type { RunUpgradeOptions } from './upgrade-options.js';

function lab(extra: (b: ReturnType<typeof aCluster>) => void = () => {}): ClusterSnapshot {
  const builder = aCluster()
    .withName('lab')
    .withControlPlane('v1.34.2')
    .withWorkers('v1.34.2', 2)
    .withRepository({ era: 'pkgs', minor: 34 })
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 });
  extra(builder);
  return builder.build();
}

function planFor(snapshot: ClusterSnapshot, strategy: WorkerStrategy = { kind: 'rolling', maxUnavailable: 1 }, target = 'v1.35.9'): UpgradePlan {
  // prepareAhead 0: steps in plan order, one node at a time (the tests read the journal's order).
  return planUpgrade(snapshot, { target: parseVersion(target), strategy, workersEveryHop: false, latestPatch, prepareAhead: 0 });
}

function portsOf(m: MemoryPorts) {
  return { api: m.recorder.api, shell: m.recorder.shell, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events };
}

const OPTIONS: RunUpgradeOptions = { holder: 'alice@ops-1' };

function versions(m: MemoryPorts): string[] {
  return [...m.cluster.nodes.values()].map((n) => `${n.name} kubelet=${formatVersion(n.kubelet)} kubeadm=${n.kubeadm ? formatVersion(n.kubeadm) : '-'} apiserver=${n.controlPlane ? formatVersion(n.controlPlane.apiserver) : '-'} cordoned=${n.cordoned}`);
}

describe('runUpgrade', () => {
  it('upgrades every node, journals after every step and leaves nothing cordoned', async () => {
    const snapshot = lab();
    const plan = planFor(snapshot);
    const m = createMemoryPorts(snapshot);
    const result = await runUpgrade(plan, portsOf(m), OPTIONS);
    assert.equal(result.error, undefined);
    assert.equal(result.status, 'completed');
    assert.deepEqual(versions(m), [
      'cp-1 kubelet=v1.35.9 kubeadm=v1.35.9 apiserver=v1.35.9 cordoned=false',
      'worker-1 kubelet=v1.35.9 kubeadm=v1.35.9 apiserver=- cordoned=false',
      'worker-2 kubelet=v1.35.9 kubeadm=v1.35.9 apiserver=- cordoned=false',
    ]);
    // One write per completed step at least, each adding the next step in plan order.
    const progress = m.journal.writes.map((w) => w.completedSteps.length);
    for (let k = 1; k <= plan.steps.length; k++) assert.ok(progress.includes(k), `no journal write after step ${k}`);
    assert.deepEqual(m.journal.writes.at(-1)?.completedSteps, plan.steps.map((s) => s.id));
    assert.equal(m.journal.writes.at(-1)?.status, 'completed');
    assert.deepEqual(m.journal.writes.at(-1)?.cordonedByRun, []);
    assert.equal(m.journal.writes.at(-1)?.planId, planId(plan));
    const kinds = new Set(m.events.events.map((e) => e.kind));
    for (const kind of ['run-started', 'step-started', 'step-finished', 'node-cordoned', 'pod-evicted', 'node-uncordoned', 'health-gate-passed', 'command-finished', 'run-finished']) {
      assert.ok(kinds.has(kind as never), `no ${kind} event`);
    }
    assert.equal(m.lock.holder, undefined, 'the lock is released');
  });

  it('renews the lock on the run\'s clock and stops short of the end once another run has taken it over', async () => {
    const snapshot = lab();
    const plan = planFor(snapshot);
    const m = createMemoryPorts(snapshot);
    // Another run takes the lock over two virtual minutes in: the next renewal finds it gone.
    m.clock.schedule(120_000, () => {
      m.lock.stale = true;
      void m.lock.acquire('bob@ops-2', { takeOverStale: true });
    });
    const result = await runUpgrade(plan, portsOf(m), OPTIONS);
    assert.equal(result.status, 'failed');
    assert.match(result.error?.message ?? '', /lost the upgrade lock/);
    assert.ok(result.completedSteps.length < plan.steps.length);
  });

  it('keeps the plan it starts with beside the journal, before the journal names it', async () => {
    const snapshot = lab();
    const plan = planFor(snapshot);
    const m = createMemoryPorts(snapshot);
    let keptBeforeFirstWrite: string | undefined;
    const journal = { read: () => m.journal.read(), keptPlan: () => m.journal.keptPlan(), keepPlan: (d: string) => m.journal.keepPlan(d), write: async (r: Parameters<typeof m.journal.write>[0]) => {
      keptBeforeFirstWrite ??= (await m.journal.keptPlan()) ?? 'nothing';
      await m.journal.write(r);
    } };
    const result = await runUpgrade(plan, { ...portsOf(m), journal }, OPTIONS);
    assert.equal(result.status, 'completed');
    assert.equal(keptBeforeFirstWrite, JSON.stringify(plan));
    assert.equal(await m.journal.keptPlan(), JSON.stringify(plan));
  });

  it('goes on with a warning when the plan cannot be kept, and leaves the kept plan of an interrupted run alone when it refuses to start', async () => {
    const snapshot = lab();
    const plan = planFor(snapshot);
    const m = createMemoryPorts(snapshot);
    const failing = { read: () => m.journal.read(), write: (r: Parameters<typeof m.journal.write>[0]) => m.journal.write(r), keptPlan: () => m.journal.keptPlan(), keepPlan: async () => { throw new Error('configmaps "kubehop-journal-plan" is forbidden'); } };
    const result = await runUpgrade(plan, { ...portsOf(m), journal: failing }, OPTIONS);
    assert.equal(result.status, 'completed');
    assert.ok(m.events.events.some((e) => e.kind === 'warning' && e.message.includes('the plan could not be kept beside the journal (configmaps "kubehop-journal-plan" is forbidden)') && e.message.includes('--plan plan.json --resume')));

    const other = createMemoryPorts(snapshot);
    await other.journal.write({ format: 'kubehop.journal/v1', planId: 'lab:v1.33.1->v1.34.2:0', startedAt: 0, updatedAt: 0, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'interrupted' });
    await other.journal.keepPlan('{"the":"interrupted run\'s plan"}');
    await assert.rejects(runUpgrade(plan, portsOf(other), OPTIONS), /belongs to another plan/);
    assert.equal(await other.journal.keptPlan(), '{"the":"interrupted run\'s plan"}');
  });

  it('skips every step it observes as done and changes nothing on a second run', async () => {
    const snapshot = lab();
    const plan = planFor(snapshot);
    const m = createMemoryPorts(snapshot);
    await runUpgrade(plan, portsOf(m), OPTIONS);
    const before = m.recorder.mutations.length;
    const again = await runUpgrade(plan, portsOf(m), OPTIONS);
    assert.equal(again.status, 'completed');
    assert.deepEqual(again.skippedSteps, plan.steps.map((s) => s.id));
    assert.deepEqual(m.recorder.mutations.slice(before), []);
  });

  it('refuses to start while another run holds the lock, naming the holder', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    await m.lock.acquire('bob@ops-2');
    await assert.rejects(runUpgrade(planFor(snapshot), portsOf(m), OPTIONS), (error: unknown) => {
      assert.ok(error instanceof LockedError);
      assert.equal(error.message, 'another kubehop run holds the upgrade lock: bob@ops-2 (pid 0 on memory) since 2026-03-01T10:00:00.000Z; wait for it to finish, or pass --take-over-stale-lock if that run is dead');
      return true;
    });
    assert.deepEqual(m.recorder.mutations, []);
  });

  it('refuses a journal of another plan unless asked to start over', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    await m.journal.write({ format: 'kubehop.journal/v1', planId: 'lab:v1.33.1->v1.34.2:0', startedAt: 0, updatedAt: 0, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'failed' });
    const plan = planFor(snapshot);
    await assert.rejects(runUpgrade(plan, portsOf(m), OPTIONS), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `invalid journal: it belongs to another plan (lab:v1.33.1->v1.34.2:0, status failed), not this one (${planId(plan)}); finish that upgrade with its own plan (apply --plan FILE --resume), or pass --start-over to plan from the cluster as it is now — steps already done are found done and skipped`);
      return true;
    });
    assert.equal((await runUpgrade(plan, portsOf(m), { ...OPTIONS, startOver: true })).status, 'completed');
  });

  it('starts a new journal over the completed journal of an earlier upgrade', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    await m.journal.write({ format: 'kubehop.journal/v1', planId: 'lab:v1.32.9->v1.33.1:0', startedAt: 0, updatedAt: 0, completedSteps: ['x'], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'completed' });
    const result = await runUpgrade(planFor(snapshot), portsOf(m), OPTIONS);
    assert.equal(result.status, 'completed', result.error?.message);
    assert.equal((await m.journal.read())?.planId, planId(planFor(snapshot)));
  });

  it('fails a step on a non-zero exit naming node, command and stderr, and uncordons the node', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    m.shell.failNext((node, argv) => node === 'worker-1' && argv[0] === 'apt-get' && argv[1] === 'install' && argv.some((a) => a.startsWith('kubelet=')), { exitCode: 100, stderr: 'E: Unable to locate package kubelet' });
    const result = await runUpgrade(planFor(snapshot), portsOf(m), OPTIONS);
    assert.equal(result.status, 'failed');
    assert.ok(result.error instanceof NodeCommandError);
    assert.equal(result.error.message, `failed to run "apt-get install -y 'kubelet=1.35.9-*' 'kubectl=1.35.9-*'" on worker-1: exit code 100: E: Unable to locate package kubelet`);
    assert.equal(m.cluster.nodes.get('worker-1')?.cordoned, false);
    const last = m.journal.writes.at(-1);
    assert.equal(last?.status, 'failed');
    assert.deepEqual(last?.cordonedByRun, []);
    assert.equal(m.events.ofKind('run-finished')[0]?.status, 'failed');
  });

  it('refuses an unfinished run of the same plan without --resume', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    m.shell.failNext((node, argv) => node === 'worker-1' && argv.includes('restart'), { exitCode: 1, stderr: 'Failed to restart kubelet.service' });
    const plan = planFor(snapshot);
    await runUpgrade(plan, portsOf(m), OPTIONS);
    await assert.rejects(runUpgrade(plan, portsOf(m), OPTIONS), /^ConfigError: invalid journal: an earlier run of this plan did not finish \(status failed: failed to run "systemctl restart kubelet" on worker-1: exit code 1: Failed to restart kubelet.service\) after \d+ of \d+ steps; pass --resume to continue from what the cluster shows, or --start-over$/);
    assert.equal((await runUpgrade(plan, portsOf(m), { ...OPTIONS, resume: true })).status, 'completed');
  });

  const blockedPdb = (b: ReturnType<typeof aCluster>) =>
    b
      .withWorkload({ kind: 'Deployment', name: 'db', replicas: 1 })
      .withPod({ name: 'db-0', node: 'worker-1', owner: { kind: 'Deployment', name: 'db' }, labels: { app: 'db' } })
      .withPdb({ name: 'db', selector: { matchLabels: { app: 'db' } }, minAvailable: 1 });

  it('stops on a drain timeout by default, uncordoning the node and naming the pod and its PDB', async () => {
    const snapshot = lab(blockedPdb);
    const m = createMemoryPorts(snapshot);
    const result = await runUpgrade(planFor(snapshot), portsOf(m), { ...OPTIONS, drain: { timeoutMs: 120_000 } });
    assert.equal(result.status, 'failed');
    assert.equal(
      result.error?.message,
      'failed to drain node worker-1 within 2m0s: pod default/db-0 is blocked by PodDisruptionBudget default/db: needs 1 healthy pods, has 1, allows 0 disruptions; raise the drain timeout, fix the budget or its workload, or use the skip-node drain timeout policy; worker-1 is schedulable again',
    );
    assert.equal(m.cluster.nodes.get('worker-1')?.cordoned, false);
    assert.equal(formatVersion(m.cluster.nodes.get('worker-2')?.kubelet ?? parseVersion('0.0.0')), 'v1.34.2');
  });

  it('leaves a node it cannot drain cordoned under skip-node and finishes the others', async () => {
    // A third worker, so the pods of worker-2 have somewhere to go while worker-1 stays cordoned.
    const snapshot = lab((b) => blockedPdb(b.withNode('worker-3', {})));
    const m = createMemoryPorts(snapshot);
    const result = await runUpgrade(planFor(snapshot), portsOf(m), { ...OPTIONS, drain: { timeoutMs: 120_000, onTimeout: 'skip-node' } });
    assert.equal(result.status, 'completed-with-skipped-nodes');
    assert.deepEqual(result.skippedNodes, ['worker-1']);
    assert.deepEqual(versions(m), [
      'cp-1 kubelet=v1.35.9 kubeadm=v1.35.9 apiserver=v1.35.9 cordoned=false',
      'worker-1 kubelet=v1.34.2 kubeadm=v1.35.9 apiserver=- cordoned=true',
      'worker-2 kubelet=v1.35.9 kubeadm=v1.35.9 apiserver=- cordoned=false',
      'worker-3 kubelet=v1.35.9 kubeadm=v1.35.9 apiserver=- cordoned=false',
    ]);
    assert.match(m.events.ofKind('node-skipped')[0]?.reason ?? '', /^failed to drain node worker-1 within 2m0s: pod default\/db-0 is blocked by PodDisruptionBudget default\/db.*left cordoned at its current version \(skip-node policy\)$/);
    assert.deepEqual(m.events.ofKind('run-finished')[0]?.skippedNodes, ['worker-1']);
    const last = m.journal.writes.at(-1);
    assert.deepEqual([last?.status, last?.skippedNodes, last?.cordonedByRun], ['completed', ['worker-1'], []]);
  });

  it('refuses surge without a provisioner', async () => {
    const snapshot = lab();
    await assert.rejects(runUpgrade(planFor(snapshot, { kind: 'surge', maxSurge: 1 }), portsOf(createMemoryPorts(snapshot)), OPTIONS), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, SURGE_NEEDS_PROVISIONER);
      assert.equal(error.message, 'surge needs a node provisioner to bring up the new workers (on a real cluster: spare hosts or a provision command) — or use rolling');
      return true;
    });
  });

  it('takes every worker down at once under all-at-once, deleting pods instead of waiting on PDBs', async () => {
    const snapshot = lab(blockedPdb);
    const m = createMemoryPorts(snapshot);
    const result = await runUpgrade(planFor(snapshot, { kind: 'all-at-once' }), portsOf(m), OPTIONS);
    assert.equal(result.status, 'completed');
    assert.match(m.events.ofKind('warning').map((e) => e.message).join('\n'), /all-at-once: cordoning 2 workers \(worker-1, worker-2\) and deleting their pods without honouring PodDisruptionBudgets/);
    const workerEvictions = m.recorder.mutations.filter((c) => c.startsWith('evictPod') && m.events.ofKind('pod-evicted').some((e) => e.node.startsWith('worker') && c.endsWith(`/${e.pod}`)));
    assert.deepEqual(workerEvictions, []);
    assert.ok(m.recorder.mutations.includes('deletePod default/db-0'));
    const cordons = m.recorder.mutations.filter((c) => c === 'cordon worker-1' || c === 'cordon worker-2');
    assert.deepEqual(cordons, ['cordon worker-1', 'cordon worker-2']);
  });

  it('dry-runs through recording decorators: the cluster is not touched, the actions are listed', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    const { result, actions } = await dryRunUpgrade(planFor(snapshot), { api: m.recorder.api, shell: m.recorder.shell, clock: m.clock, events: m.events }, OPTIONS);
    assert.equal(result.status, 'completed');
    assert.deepEqual(m.recorder.mutations, []);
    assert.deepEqual(versions(m), versions(createMemoryPorts(snapshot)));
    const summary = actions.map((a) => (a.kind === 'command' ? `${a.node}: ${a.argv.join(' ')}` : a.kind === 'api' ? `${a.call} ${a.target}` : a.kind === 'wait' ? `wait ${a.what}` : `${a.call} ${a.node}`));
    assert.ok(summary.includes('cp-1: kubeadm upgrade apply v1.35.9 --yes'));
    assert.ok(summary.includes('cordon worker-1'));
    assert.ok(summary.includes('wait node worker-2 Ready with kubelet v1.35.9'));
    assert.ok(summary.indexOf('cordon worker-1') < summary.indexOf('uncordon worker-1'));
  });

  it('retries a transient API error a capped number of times, reporting each retry', async () => {
    const snapshot = lab();
    const m = createMemoryPorts(snapshot);
    m.cluster.failNext('cordon', () => new ClusterApiError('failed to cordon node worker-1: etcdserver: leader changed', 503), { times: 2, matches: (a) => a[0] === 'worker-1' });
    const result = await runUpgrade(planFor(snapshot), portsOf(m), OPTIONS);
    assert.equal(result.status, 'completed');
    assert.deepEqual(m.events.ofKind('retry').filter((e) => e.what === 'cordon node worker-1').map((e) => [e.attempt, e.reason]), [
      [2, 'failed to cordon node worker-1: etcdserver: leader changed'],
      [3, 'failed to cordon node worker-1: etcdserver: leader changed'],
    ]);

    const m2 = createMemoryPorts(snapshot);
    m2.cluster.failNext('cordon', () => new ClusterApiError('failed to cordon node worker-1: etcdserver: leader changed', 503), { times: 5, matches: (a) => a[0] === 'worker-1' });
    const failed = await runUpgrade(planFor(snapshot), portsOf(m2), { ...OPTIONS, apiAttempts: 3 });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.message, 'failed to cordon node worker-1: etcdserver: leader changed');
  });

  it('soaks between kubelet rounds when asked to', async () => {
    const snapshot = lab();
    const plain = createMemoryPorts(snapshot);
    await runUpgrade(planFor(snapshot), portsOf(plain), OPTIONS);
    const soaked = createMemoryPorts(snapshot);
    await runUpgrade(planFor(snapshot), portsOf(soaked), { ...OPTIONS, soakMs: 300_000 });
    const soaks = soaked.events.ofKind('waiting').filter((e) => e.what.startsWith('soak'));
    assert.deepEqual(soaks.map((e) => e.what), ['soak for 5m0s after cp-1 before the next node', 'soak for 5m0s after worker-1 before the next node']);
    const elapsed = (m: MemoryPorts) => m.clock.now() - Date.parse('2026-03-01T10:00:00Z');
    assert.equal(elapsed(soaked) - elapsed(plain), 600_000);
  });
});
