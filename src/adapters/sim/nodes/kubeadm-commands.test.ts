import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterApiError } from '../../../core/errors.js';
import { formatVersion } from '../../../core/version/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation, type Simulation } from '../create-simulation.js';
import { API_DOWN_MESSAGE } from '../api/simulated-cluster-api.js';

const ROOT = { privileged: true, timeoutMs: 15 * 60_000 };

const apply = (sim: Simulation, node: string, version: string, ...flags: string[]) => sim.shell.run(node, ['kubeadm', 'upgrade', 'apply', version, '--yes', ...flags], ROOT);
const upgradeNode = (sim: Simulation, node: string) => sim.shell.run(node, ['kubeadm', 'upgrade', 'node'], ROOT);
const apiservers = (sim: Simulation) => sim.snapshot().nodes.flatMap((n) => (n.controlPlane ? [formatVersion(n.controlPlane.apiserver)] : []));

interface RefusalCase {
  readonly name: string;
  readonly controlPlane: string;
  readonly workers: string;
  readonly kubeadm: string;
  readonly target: string;
  readonly message: string;
  /** The refusal is skippable: --force lets the upgrade go ahead. */
  readonly forceable: boolean;
}

const refusals: RefusalCase[] = [
  {
    name: 'a skipped minor',
    controlPlane: 'v1.32.9',
    workers: 'v1.32.9',
    kubeadm: 'v1.34.1',
    target: 'v1.34.1',
    message: 'cannot upgrade the control plane from v1.32.9 to v1.34.1 in one step: kubeadm can upgrade only one minor at a time — go through v1.33 first',
    forceable: false,
  },
  {
    name: 'a kubeadm older than the target minor',
    controlPlane: 'v1.32.9',
    workers: 'v1.32.9',
    kubeadm: 'v1.32.9',
    target: 'v1.33.4',
    message: 'kubeadm v1.32.9 cannot upgrade to v1.33.4: install kubeadm v1.33.4 first',
    forceable: false,
  },
  {
    name: 'a kubeadm of an older patch than the target',
    controlPlane: 'v1.32.9',
    workers: 'v1.32.9',
    kubeadm: 'v1.33.2',
    target: 'v1.33.4',
    message: 'kubeadm v1.33.2 is an older patch than the target v1.33.4: upgrade kubeadm to v1.33.4 first',
    forceable: true,
  },
  {
    name: 'kubelets too old for kubeadm v1.28 (one minor tolerated)',
    controlPlane: 'v1.27.16',
    workers: 'v1.26.15',
    kubeadm: 'v1.28.15',
    target: 'v1.28.15',
    message: 'kubeadm v1.28 refuses to upgrade to v1.28.15 while kubelets are more than 1 minor older: worker-1 (v1.26.15), worker-2 (v1.26.15) — upgrade them to at least v1.27 first',
    forceable: true,
  },
];

for (const c of refusals) {
  test(`kubeadm upgrade apply refuses ${c.name}${c.forceable ? ', unless --force' : ''}`, async () => {
    const cluster = aCluster().withControlPlane(c.controlPlane, 1).withWorkers(c.workers, 2).withNode('cp-1', { role: 'control-plane', kubelet: c.controlPlane, kubeadm: c.kubeadm }).build();
    const sim = createSimulation(cluster, { seed: 2, apiDowntimeSeconds: 10 });
    const refused = await apply(sim, 'cp-1', c.target);
    assert.equal(refused.exitCode, 1);
    assert.ok(refused.stderr.includes(`\t- ${c.message}\n`), refused.stderr);
    assert.match(refused.stderr, c.forceable ? /Can be bypassed if you pass the --force flag/ : /Please fix the misalignments highlighted above/);
    assert.deepEqual(apiservers(sim), [c.controlPlane], 'nothing changed');
    const forced = await apply(sim, 'cp-1', c.target, '--force');
    assert.equal(forced.exitCode, c.forceable ? 0 : 1, forced.stderr);
    assert.deepEqual(apiservers(sim), [c.forceable ? c.target : c.controlPlane]);
  });
}

test('a single control-plane node loses the API for the configured downtime, and every call says so', async () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1).withExternalEtcd().withNode('cp-1', { role: 'control-plane', kubelet: 'v1.32.9', kubeadm: 'v1.33.4' }).build();
  const sim = createSimulation(cluster, { seed: 2, apiDowntimeSeconds: 45 });
  const calls: Promise<PromiseSettledResult<unknown>>[] = [];
  const settle = (p: Promise<unknown>) => calls.push(p.then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
  sim.onTick((tick) => {
    if (!tick.changes.some((c) => c.kind === 'api' && !c.up)) return;
    const { api } = sim;
    for (const call of [api.readSnapshot(), api.getNode('cp-1'), api.listPodsOnNode('cp-1'), api.getPod('kube-system', 'x'), api.listWorkloads(), api.listPdbs()]) settle(call);
    for (const call of [api.cordon('worker-1'), api.uncordon('worker-1'), api.evictPod('default', 'x'), api.deletePod('default', 'x'), api.waitForChange({ kind: 'any' }, 1_000)]) settle(call);
    settle(api.isApiReady().then((ready) => (ready ? 'ready' : Promise.reject(new ClusterApiError(API_DOWN_MESSAGE, undefined)))));
  });
  const result = await apply(sim, 'cp-1', 'v1.33.4');
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /\[upgrade\] SUCCESS! A control plane node of your cluster was upgraded to "v1\.33\.4"\./);
  assert.equal(calls.length, 12);
  for (const outcome of await Promise.all(calls)) {
    assert.equal(outcome.status, 'rejected');
    assert.ok(outcome.reason instanceof ClusterApiError && outcome.reason.status === undefined);
    assert.equal(outcome.reason.message, 'failed to reach the API server: connection refused (simulated control plane restart)');
  }
  const metrics = sim.metrics();
  assert.equal(metrics.controlPlaneDowntimeMs, 45_000);
  assert.equal(metrics.apiOutages.length, 1);
  assert.ok(result.durationMs >= 90_000 && result.durationMs <= 4 * 60_000, `apply took ${result.durationMs} ms`);
  assert.equal(formatVersion(sim.snapshot().addons.kubeProxy ?? { major: 0, minor: 0, patch: 0 }), 'v1.33.4', 'the only instance is upgraded: addons follow');
});

test('with stacked etcd the etcd upgrade restarts the only member too, so the outage is longer', async () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withNode('cp-1', { role: 'control-plane', kubelet: 'v1.32.9', kubeadm: 'v1.33.4', controlPlane: { etcd: '3.5.16-0' } }).build();
  const sim = createSimulation(cluster, { seed: 2, apiDowntimeSeconds: 30 });
  assert.equal((await apply(sim, 'cp-1', 'v1.33.4')).exitCode, 0);
  const { controlPlaneDowntimeMs, apiOutages } = sim.metrics();
  assert.equal(apiOutages.length, 2);
  assert.ok(controlPlaneDowntimeMs > 30_000);
  assert.equal(sim.snapshot().nodes[0]?.controlPlane?.etcd, '3.5.21-0');
});

test('an HA control plane keeps the API up; kubeadm v1.28+ upgrades the addons with the last instance', async () => {
  const cluster = aCluster()
    .withControlPlane('v1.32.9', 3)
    .withWorkers('v1.32.9', 1)
    .withNode('cp-1', { role: 'control-plane', kubelet: 'v1.32.9', kubeadm: 'v1.33.4' })
    .withNode('cp-2', { role: 'control-plane', kubelet: 'v1.32.9', kubeadm: 'v1.33.4' })
    .withNode('cp-3', { role: 'control-plane', kubelet: 'v1.32.9', kubeadm: 'v1.33.4' })
    .build();
  const sim = createSimulation(cluster, { seed: 2 });
  const kubeProxy = () => formatVersion(sim.snapshot().addons.kubeProxy ?? { major: 0, minor: 0, patch: 0 });
  const first = await apply(sim, 'cp-1', 'v1.33.4');
  assert.equal(first.exitCode, 0, first.stderr);
  assert.match(first.stdout, /Skipping upgrade of addons because control plane instances \[cp-2 cp-3\] have not been upgraded/);
  assert.deepEqual(apiservers(sim), ['v1.33.4', 'v1.32.9', 'v1.32.9']);
  assert.equal(kubeProxy(), 'v1.32.9');
  assert.equal((await upgradeNode(sim, 'cp-2')).exitCode, 0);
  assert.equal(kubeProxy(), 'v1.32.9');
  const last = await upgradeNode(sim, 'cp-3');
  assert.equal(last.exitCode, 0, last.stderr);
  assert.deepEqual(apiservers(sim), ['v1.33.4', 'v1.33.4', 'v1.33.4']);
  assert.equal(kubeProxy(), 'v1.33.4');
  assert.equal(sim.snapshot().addons.coreDNS, 'v1.12.0');
  assert.equal(sim.metrics().controlPlaneDowntimeMs, 0);
  assert.ok(sim.eventLog().some((e) => e.kind === 'component-stopped' && e.subject === 'cp-1/kube-apiserver'), 'the local kube-apiserver did restart');
});

test('before v1.28 kubeadm upgrades the addons at once with upgrade apply', async () => {
  const cluster = aCluster().withControlPlane('v1.26.15', 3).withNode('cp-1', { role: 'control-plane', kubelet: 'v1.26.15', kubeadm: 'v1.27.16' }).build();
  const sim = createSimulation(cluster, { seed: 2 });
  assert.equal((await apply(sim, 'cp-1', 'v1.27.16')).exitCode, 0);
  assert.equal(formatVersion(sim.snapshot().addons.kubeProxy ?? { major: 0, minor: 0, patch: 0 }), 'v1.27.16');
});

test('kubeadm upgrade node refuses a kubeadm ahead of the control plane or more than one minor past the node', async () => {
  const cluster = aCluster()
    .withControlPlane('v1.33.4', 1)
    .withNode('worker-1', { kubelet: 'v1.32.9', kubeadm: 'v1.34.1' })
    .withNode('worker-2', { kubelet: 'v1.31.9', kubeadm: 'v1.31.9' })
    .build();
  const sim = createSimulation(cluster, { seed: 2 });
  const ahead = await upgradeNode(sim, 'worker-1');
  assert.equal(ahead.exitCode, 1);
  assert.match(ahead.stderr, /kubeadm v1\.34\.1 on worker-1 is newer than the control plane v1\.33\.4; upgrade the control plane to v1\.34 before this node/);
  const fine = await upgradeNode(sim, 'worker-2');
  assert.equal(fine.exitCode, 0, fine.stderr);
  assert.ok(fine.durationMs <= 10_000, `a worker takes a few seconds, took ${fine.durationMs} ms`);
});

test('kubeadm before v1.15 upgrades nodes with its older subcommands', async () => {
  const cluster = aCluster().withControlPlane('v1.14.10', 2).withWorkers('v1.13.12', 1).withNode('worker-1', { kubelet: 'v1.13.12', kubeadm: 'v1.14.10' }).build();
  const sim = createSimulation(cluster, { seed: 2 });
  const bare = await upgradeNode(sim, 'worker-1');
  assert.equal(bare.exitCode, 1);
  assert.match(bare.stderr, /has no "upgrade node" workflow/);
  assert.equal((await sim.shell.run('worker-1', ['kubeadm', 'upgrade', 'node', 'config', '--kubelet-version', 'v1.14.10'], ROOT)).exitCode, 0);
  assert.equal((await sim.shell.run('cp-2', ['kubeadm', 'upgrade', 'node', 'experimental-control-plane'], ROOT)).exitCode, 0);
});

test('kubeadm cannot read its configuration while the API is down', async () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1).build();
  const sim = createSimulation(cluster, { seed: 2, faults: { controlPlaneOutages: [{ atSeconds: 0, forSeconds: 300 }] } });
  const result = await upgradeNode(sim, 'worker-1');
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /FATAL: failed to get the kubeadm-config ConfigMap: .*connection refused/);
});

test('kubeadm upgrade apply runs only on a control-plane node and only as root', async () => {
  const sim = createSimulation(aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1).build(), { seed: 2 });
  assert.match((await apply(sim, 'worker-1', 'v1.33.4')).stderr, /admin\.conf: no such file or directory/);
  const unprivileged = await sim.shell.run('cp-1', ['kubeadm', 'upgrade', 'apply', 'v1.33.4', '--yes'], { privileged: false, timeoutMs: 60_000 });
  assert.equal(unprivileged.exitCode, 1);
  assert.match(unprivileged.stderr, /permission denied/);
});
