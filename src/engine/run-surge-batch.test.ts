import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { createMemoryPorts, killableJournal, MemoryMachineShell, recordCalls, type MemoryPorts } from '../adapters/memory/index.js';
import { freeSpares, KubeadmJoinProvisioner, MachinePool, type Machine } from '../adapters/provision/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { planUpgrade, type UpgradePlan } from '../core/planning/index.js';
import { formatVersion, parseVersion } from '../core/version/index.js';
import type { JournalRecord, NodeShell } from '../ports/index.js';
import { runUpgrade } from './run-upgrade.js';

// Surge on machines: the engine with the kubeadm-join provisioner, spare hosts and the memory
// cluster's machines (packages, join tokens, kubeadm join and reset, kubectl on the control
// plane). What a real kubeadm cluster does with spare hosts, on virtual time.

const snapshot: ClusterSnapshot = aCluster()
  .withName('lab')
  .withControlPlane('v1.21.0', 1)
  .withWorkers('v1.20.2', 2)
  .withRepository({ era: 'legacy' })
  .withOs({ image: 'Debian GNU/Linux 12 (bookworm)', family: 'debian', packageManager: 'apt' })
  .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
  .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 1 })
  .withNode('worker-1', { labels: { pool: 'web' } })
  .withNode('worker-2', { labels: { pool: 'web' } })
  .build();

const planFor = (maxSurge: number, cluster: ClusterSnapshot = snapshot, maxWorkloadUnavailable?: number): UpgradePlan =>
  planUpgrade(cluster, { target: parseVersion('v1.21.0'), strategy: { kind: 'surge', maxSurge, ...(maxWorkloadUnavailable ? { maxWorkloadUnavailable } : {}) }, workersEveryHop: false, latestPatch });

// Batches keep every budget and the workload bound: web's budget (one disruption at a time over
// two workers) would make each worker a batch of its own. No budget and a bound of 100 % let the
// two workers go together.
const roomy: ClusterSnapshot = aCluster()
  .withName('lab')
  .withControlPlane('v1.21.0', 1)
  .withWorkers('v1.20.2', 2)
  .withRepository({ era: 'legacy' })
  .withOs({ image: 'Debian GNU/Linux 12 (bookworm)', family: 'debian', packageManager: 'apt' })
  .withWorkload({ kind: 'Deployment', name: 'web', replicas: 8 })
  .build();

/** One kubehop process: its own pool (from the spare hosts it was given) and provisioner. */
function processOver(m: MemoryPorts, machines: MemoryMachineShell, spares: readonly Machine[], shell: NodeShell, seen: readonly string[] = [...m.cluster.nodes.keys()]) {
  const pool = new MachinePool({ cluster: 'lab', spares: freeSpares(spares, seen) });
  const provisioner = new KubeadmJoinProvisioner({ shell, machines: pool, reach: (machine) => machines.addMachine(machine.name), controlPlane: 'cp-1', clock: m.clock, commandTimeoutMs: 60_000 });
  return { pool, provisioner };
}

function nodes(m: MemoryPorts): string[] {
  return [...m.cluster.nodes.values()].map((n) => `${n.name} ${formatVersion(n.kubelet)}${n.cordoned ? ' cordoned' : ''}`).sort();
}

/** The invariants of a finished surge run over machines. */
async function assertFinished(m: MemoryPorts, machines: MemoryMachineShell) {
  assert.deepEqual(nodes(m), ['cp-1 v1.21.0', 'spare-1 v1.21.0', 'worker-1 v1.21.0']);
  for (const name of ['spare-1', 'worker-1']) assert.equal(m.cluster.nodes.get(name)?.labels['pool'], 'web', `${name} carries the label pods select the pool by`);
  const journal = (await m.journal.read()) as JournalRecord;
  assert.equal(journal.status, 'completed');
  assert.deepEqual(journal.cordonedByRun, []);
  // No orphan: every worker now in the cluster is a replacement the journal knows.
  const known = new Set(Object.values(journal.replacedNodes ?? {}));
  assert.deepEqual([...m.cluster.nodes.keys()].filter((n) => n !== 'cp-1' && !known.has(n)), []);
  // No old machine left joined: worker-2's host was reset and is free.
  assert.equal(machines.isJoined('worker-2'), false);
  // Each join deletes its token; one a killed process made is deleted by the process that resumes.
  assert.equal(machines.tokens.size, 0, 'a join token outlived its join');
  for (const token of machines.issued) {
    assert.ok(!JSON.stringify(journal).includes(token), 'the journal holds a join token');
    assert.ok(!JSON.stringify(m.events.events).includes(token), 'an event holds a join token');
  }
}

describe('surge over spare hosts with kubeadm join', () => {
  it('upgrades both workers with one spare host that rotates: the freed worker-1 machine replaces worker-2', async () => {
    const m = createMemoryPorts(snapshot);
    const machines = new MemoryMachineShell(m.cluster);
    const { pool, provisioner } = processOver(m, machines, [{ name: 'spare-1', host: '10.0.0.20' }], machines);
    const result = await runUpgrade(planFor(1), { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice' });
    assert.equal(result.status, 'completed', result.error?.message);
    await assertFinished(m, machines);
    assert.deepEqual((await m.journal.read())?.replacedNodes, { 'worker-1': 'spare-1', 'worker-2': 'worker-1' });
    assert.deepEqual(pool.spares, ['worker-2']);
    assert.deepEqual(m.events.ofKind('node-added').map((e) => `${e.node} ${e.version}`), ['spare-1 v1.21.0', 'worker-1 v1.21.0']);
    assert.deepEqual(m.events.ofKind('node-removed').map((e) => e.node), ['worker-1', 'worker-2']);
    assert.ok(m.events.ofKind('pod-evicted').length > 0);
  });

  it('names the new node in the steps it starts, where the plan could only say NEW_NODE', async () => {
    const m = createMemoryPorts(snapshot);
    const machines = new MemoryMachineShell(m.cluster);
    const { provisioner } = processOver(m, machines, [{ name: 'spare-1', host: '10.0.0.20' }], machines);
    const result = await runUpgrade(planFor(1), { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice' });
    assert.equal(result.status, 'completed', result.error?.message);
    const started = m.events.ofKind('step-started').filter((e) => e.step.phase === 'workers');
    assert.deepEqual(started.filter((e) => JSON.stringify(e.step).includes('NEW_NODE')).map((e) => e.step.id), []);
    const describe = (id: string) => started.find((e) => e.step.id === id)?.step.description;
    assert.equal(describe('v1.21/workers/worker-1/wait-ready'), 'wait until spare-1 is Ready with kubelet v1.21.0');
    assert.match(describe('v1.21/workers/worker-2/drain') ?? '', /evict its pods onto worker-1,/);
  });

  it('brings the new nodes of a batch up together: two spares, --max-surge 2', async () => {
    const m = createMemoryPorts(roomy);
    const machines = new MemoryMachineShell(m.cluster);
    const { provisioner } = processOver(m, machines, [{ name: 'spare-1' }, { name: 'spare-2' }], machines);
    const result = await runUpgrade(planFor(2, roomy, 1), { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice' });
    assert.equal(result.status, 'completed', result.error?.message);
    const added = m.events.ofKind('node-added');
    assert.deepEqual(added.map((e) => e.node), ['spare-1', 'spare-2']);
    assert.equal(added[0]?.at, added[1]?.at, 'the second node waited for the first');
  });

  // Each moment a kill -9 can hit (after a journal write, or before or after a command), then
  // `apply --resume` in a new process with the spare hosts given again.
  type Command = (node: string, argv: readonly string[]) => boolean;
  const kills: { name: string; journal?: (r: JournalRecord) => boolean; before?: Command; after?: Command; giveFreedAgain?: true; registeredLate?: true }[] = [
    { name: 'after the new node was named, before its join', journal: (r) => r.replacedNodes?.['worker-1'] !== undefined },
    { name: 'between the join token and the join', before: (_node, argv) => argv[1] === 'join' },
    { name: 'right after the join, before anything else is journaled', after: (_node, argv) => argv[1] === 'join' },
    // Seen on a real cluster: the new process read the nodes a moment before the joined kubelet
    // registered its Node, so spare-1 looked free and was offered to worker-2 as well.
    { name: 'right after the join, the new process reading the cluster before the new node registered', after: (_node, argv) => argv[1] === 'join', registeredLate: true },
    { name: 'after the drain of the old worker', journal: (r) => r.completedSteps.includes('v1.21/workers/worker-1/drain') },
    { name: 'during removal, after the node was deleted and before its machine was reset', before: (node, argv) => node === 'worker-1' && argv[1] === 'reset' },
    // The freed machine was only in the killed process's memory: the operator names it again.
    { name: 'after the old machine was reset, before it served as the next spare', journal: (r) => r.completedSteps.includes('v1.21/workers/worker-1/reset-host'), giveFreedAgain: true },
  ];
  for (const k of kills) {
    it(`finishes with no orphan and no old node when killed ${k.name} and resumed`, async () => {
      const m = createMemoryPorts(snapshot);
      const machines = new MemoryMachineShell(m.cluster);
      const stop = new AbortController();
      let dead = false;
      const die = () => {
        dead = true;
        recorder.kill();
        stop.abort(new Error('killed'));
      };
      const recorder = recordCalls(m.cluster, {
        run: async (node, argv, options) => {
          if (!dead && k.before?.(node, argv)) die();
          if (dead) throw new Error('the process was killed');
          const result = await machines.run(node, argv, options);
          if (!dead && k.after?.(node, argv)) die();
          return result;
        },
      });
      const journal = killableJournal(m.journal, () => dead, (record) => {
        if (!dead && k.journal?.(record)) die();
      });
      const spares: Machine[] = [{ name: 'spare-1', host: '10.0.0.20' }];
      const first = processOver(m, machines, spares, recorder.shell);
      const stopped = await runUpgrade(planFor(1), { api: recorder.api, shell: recorder.shell, clock: m.clock, journal, lock: m.lock, events: m.events, provisioner: first.provisioner }, { holder: 'first', signal: stop.signal });
      assert.equal(dead, true, 'the kill never happened');
      assert.notEqual(stopped.status, 'completed');

      // A new process, given the same spare hosts (and the freed worker-1 machine when the kill lost it).
      m.lock.stale = true;
      const again = recordCalls(m.cluster, machines);
      const seen = [...m.cluster.nodes.keys()].filter((n) => !(k.registeredLate && n === 'spare-1'));
      const second = processOver(m, machines, [...spares, ...(k.giveFreedAgain ? [{ name: 'worker-1', host: '10.0.0.11' }] : [])], again.shell, seen);
      const resumed = await runUpgrade(planFor(1), { api: again.api, shell: again.shell, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner: second.provisioner }, { holder: 'second', resume: true, takeOverStaleLock: true });
      assert.equal(resumed.status, 'completed', resumed.error?.message);
      await assertFinished(m, machines);
    });
  }
});

describe('blue-green over spare hosts with kubeadm join', () => {
  const blueGreen = planUpgrade(snapshot, { target: parseVersion('v1.21.0'), strategy: { kind: 'blue-green', batch: 1 }, workersEveryHop: false, latestPatch });

  it('brings the whole new pool up before it drains the old pool one worker at a time, then removes the old pool', async () => {
    const m = createMemoryPorts(snapshot);
    const machines = new MemoryMachineShell(m.cluster);
    const { pool, provisioner } = processOver(m, machines, [{ name: 'spare-1' }, { name: 'spare-2' }], machines);
    const result = await runUpgrade(blueGreen, { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice' });
    assert.equal(result.status, 'completed', result.error?.message);
    assert.deepEqual(nodes(m), ['cp-1 v1.21.0', 'spare-1 v1.21.0', 'spare-2 v1.21.0']);
    const order = m.events.events.flatMap((e) => (e.kind === 'node-added' ? [`added ${e.node}`] : e.kind === 'node-cordoned' ? [`cordoned ${e.node}`] : e.kind === 'node-removed' ? [`removed ${e.node}`] : []));
    assert.deepEqual(order, ['added spare-1', 'added spare-2', 'cordoned worker-1', 'cordoned worker-2', 'removed worker-1', 'removed worker-2']);
    assert.deepEqual(pool.spares, ['worker-1', 'worker-2']);
  });

  it('uncordons the old pool and removes the new nodes when the run stops before the removal', async () => {
    const m = createMemoryPorts(snapshot);
    const machines = new MemoryMachineShell(m.cluster);
    const { pool, provisioner } = processOver(m, machines, [{ name: 'spare-1' }, { name: 'spare-2' }], machines);
    // The second drain fails: every eviction from worker-2 is refused by the API.
    m.cluster.failNext('evictPod', () => new Error('admission webhook "deny.example" denied the request'), { times: 1_000, matches: ([, name]) => String(name).startsWith('web') && [...m.cluster.pods.values()].some((p) => p.name === name && p.node === 'worker-2') });
    const result = await runUpgrade(blueGreen, { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice', drain: { timeoutMs: 60_000 } });
    assert.equal(result.status, 'failed');
    assert.deepEqual(nodes(m), ['cp-1 v1.21.0', 'worker-1 v1.20.2', 'worker-2 v1.20.2']);
    assert.deepEqual((await m.journal.read())?.replacedNodes, {});
    assert.deepEqual([...pool.spares].sort(), ['spare-1', 'spare-2']);
    assert.equal(machines.isJoined('spare-1') || machines.isJoined('spare-2'), false);
  });
});

describe('surge with command hooks', () => {
  const hooks = async (provisionBody: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'kubehop-surge-hooks-'));
    const write = async (name: string, body: string) => {
      await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
      await chmod(join(dir, name), 0o755);
      return join(dir, name);
    };
    return { dir, provision: await write('provision.sh', provisionBody), decommission: await write('decommission.sh', `cat >> "${dir}/decommissioned.jsonl"`) };
  };

  it('gets each new machine from the provision hook and gives each freed one to the decommission hook', async () => {
    // The hook names its machine after the template: worker-1 -> worker-1-b.
    const h = await hooks(`name=$(sed -n 's/.*"template":{"name":"\\([a-z0-9-]*\\)".*/\\1/p')\nprintf '{"node": "%s-b", "address": "10.0.0.99"}\\n' "$name"`);
    try {
      const m = createMemoryPorts(snapshot);
      const machines = new MemoryMachineShell(m.cluster);
      const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [h.provision], timeoutMs: 10_000 }, decommission: { argv: [h.decommission], timeoutMs: 10_000 } });
      const provisioner = new KubeadmJoinProvisioner({ shell: machines, machines: pool, reach: (machine) => machines.addMachine(machine.name), controlPlane: 'cp-1', clock: m.clock, commandTimeoutMs: 60_000 });
      const result = await runUpgrade(planFor(1), { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice' });
      assert.equal(result.status, 'completed', result.error?.message);
      assert.deepEqual(nodes(m), ['cp-1 v1.21.0', 'worker-1-b v1.21.0', 'worker-2-b v1.21.0']);
      const decommissioned = (await readFile(join(h.dir, 'decommissioned.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line).node);
      assert.deepEqual(decommissioned, ['worker-1', 'worker-2']);
      assert.deepEqual(pool.spares, []);
    } finally {
      await rm(h.dir, { recursive: true, force: true });
    }
  });

  it('stops safely when the provision hook exits 1: nothing joined, nothing left cordoned', async () => {
    const h = await hooks('echo "quota exceeded" >&2; exit 1');
    try {
      const m = createMemoryPorts(snapshot);
      const machines = new MemoryMachineShell(m.cluster);
      const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [h.provision], timeoutMs: 10_000 } });
      const provisioner = new KubeadmJoinProvisioner({ shell: machines, machines: pool, reach: (machine) => machines.addMachine(machine.name), controlPlane: 'cp-1', clock: m.clock, commandTimeoutMs: 60_000 });
      const result = await runUpgrade(planFor(1), { api: m.cluster, shell: machines, clock: m.clock, journal: m.journal, lock: m.lock, events: m.events, provisioner }, { holder: 'alice' });
      assert.equal(result.status, 'failed');
      assert.match(result.error?.message ?? '', /^failed to provision a machine for a new worker like worker-1: ".*provision\.sh" exited 1: quota exceeded$/);
      assert.deepEqual(nodes(m), ['cp-1 v1.21.0', 'worker-1 v1.20.2', 'worker-2 v1.20.2']);
      assert.deepEqual((await m.journal.read())?.cordonedByRun, []);
    } finally {
      await rm(h.dir, { recursive: true, force: true });
    }
  });
});
