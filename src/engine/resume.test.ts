import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { createMemoryPorts, killableJournal, recordCalls, type MemoryPorts } from '../adapters/memory/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { planUpgrade, type UpgradePlan } from '../core/planning/index.js';
import { formatVersion, parseVersion } from '../core/version/index.js';
import type { Lock } from '../ports/index.js';
import { runUpgrade } from './run-upgrade.js';

// For every step k of a small plan: stop the run right after step k, start it again with
// --resume, and demand the same end state, no node left cordoned, and nothing done twice.

const snapshot: ClusterSnapshot = aCluster()
  .withName('lab')
  .withControlPlane('v1.34.2')
  .withWorkers('v1.34.2', 2)
  .withRepository({ era: 'pkgs', minor: 34 })
  .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
  .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 })
  .build();
// prepareAhead 0: one step at a time, so every step is a kill point with nothing else in flight.
const plan: UpgradePlan = planUpgrade(snapshot, { target: parseVersion('v1.35.9'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch, prepareAhead: 0 });

function endState(m: MemoryPorts): string[] {
  return [...m.cluster.nodes.values()].map((n) => `${n.name} kubelet=${formatVersion(n.kubelet)} kubeadm=${n.kubeadm ? formatVersion(n.kubeadm) : '-'} apiserver=${n.controlPlane ? formatVersion(n.controlPlane.apiserver) : '-'} cordoned=${n.cordoned}`);
}

const sorted = (list: readonly string[]) => [...list].sort();
const cordoned = (m: MemoryPorts) => [...m.cluster.nodes.values()].filter((n) => n.cordoned).map((n) => n.name);

async function uninterrupted() {
  const m = createMemoryPorts(snapshot);
  const result = await runUpgrade(plan, { api: m.recorder.api, shell: m.recorder.shell, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events }, { holder: 'first' });
  assert.equal(result.status, 'completed');
  return { state: endState(m), mutations: m.recorder.mutations };
}

/** Runs until the journal records step k, stops it there, then resumes with fresh ports over the same cluster. */
async function interruptAndResume(k: number, kill: boolean) {
  const m = createMemoryPorts(snapshot);
  const controller = new AbortController();
  let dead = false;
  const journal = killableJournal(m.journal, () => dead, (record) => {
    if (controller.signal.aborted || record.completedSteps.length !== k) return;
    // A killed process makes no more calls and writes no more journal; a stopped one cleans up.
    if (kill) {
      dead = true;
      m.recorder.kill();
    }
    controller.abort(new Error(kill ? 'killed' : 'stopped by the operator'));
  });
  // A killed run never releases its lock.
  const lock: Lock = { acquire: async (holder, options) => ({ ...(await m.lock.acquire(holder, options)), release: async () => (dead ? undefined : m.lock.holder && (m.lock.holder = undefined)) }) };
  const first = await runUpgrade(plan, { api: m.recorder.api, shell: m.recorder.shell, clock: m.clock, journal, lock, events: m.events }, { holder: 'first', signal: controller.signal });
  const afterFirst = { status: first.status, cordoned: cordoned(m), journal: await m.journal.read() };
  m.lock.stale = true;
  const again = recordCalls(m.cluster, m.shell);
  const second = await runUpgrade(plan, { api: again.api, shell: again.shell, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events }, { holder: 'second', resume: true, takeOverStaleLock: true });
  return { afterFirst, second, state: endState(m), mutations: [...m.recorder.mutations, ...again.mutations] };
}

describe('resume', async () => {
  const baseline = await uninterrupted();
  const steps = plan.steps.map((step, i) => ({ k: i + 1, id: step.id }));

  it('has a plan with every kind of step to interrupt after', () => {
    assert.deepEqual(new Set(plan.steps.map((s) => s.action)), new Set(['etcd-backup', 'switch-repository', 'upgrade-kubeadm', 'kubeadm-plan', 'kubeadm-apply', 'kubeadm-upgrade-node', 'drain', 'upgrade-kubelet', 'wait-ready', 'uncordon']));
  });

  for (const { k, id } of steps) {
    it(`finishes the same upgrade when killed after step ${k} (${id}), repeating no mutation`, async () => {
      const run = await interruptAndResume(k, true);
      assert.equal(run.afterFirst.journal?.completedSteps.length, k);
      assert.equal(run.second.status, 'completed', run.second.error?.message);
      assert.deepEqual(run.state, baseline.state);
      assert.deepEqual(sorted(run.mutations), sorted(baseline.mutations));
    });
  }

  for (const { k, id } of steps) {
    it(`finishes the same upgrade when stopped after step ${k} (${id}), leaving no node cordoned in between`, async () => {
      const run = await interruptAndResume(k, false);
      if (k < plan.steps.length) {
        assert.equal(run.afterFirst.status, 'interrupted');
        assert.equal(run.afterFirst.journal?.status, 'interrupted');
        assert.match(run.afterFirst.journal?.lastError ?? '', /^interrupted: stopped by the operator$/);
      }
      assert.deepEqual(run.afterFirst.cordoned, []);
      assert.deepEqual(run.afterFirst.journal?.cordonedByRun, []);
      assert.equal(run.second.status, 'completed', run.second.error?.message);
      assert.deepEqual(run.state, baseline.state);
      // Node commands and evictions happen exactly as often as in an uninterrupted run. The one
      // thing repeated is the cordon that the stop undid on a node between drain and uncordon.
      const notCordons = (list: readonly string[]) => sorted(list.filter((c) => !/^(un)?cordon /.test(c)));
      assert.deepEqual(notCordons(run.mutations), notCordons(baseline.mutations));
      const extra = run.mutations.length - baseline.mutations.length;
      // Once the kubelet is back at the new version the drain is moot, so only a stop right after
      // the drain or the kubelet restart costs a second cordon (and its uncordon).
      const last = plan.steps[k - 1]?.action;
      assert.equal(extra, last === 'drain' || last === 'upgrade-kubelet' ? 2 : 0);
    });
  }
});
