import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { parseVersion } from '../version/index.js';
import { etcdBackupCommands } from './node-commands.js';
import { planUpgrade, type PlanRequest } from './plan-upgrade.js';
import type { UpgradePlan } from './upgrade-plan.js';

const request = (to: string, extra: Partial<PlanRequest> = {}): PlanRequest => ({
  target: parseVersion(to),
  strategy: { kind: 'rolling', maxUnavailable: 1 },
  workersEveryHop: false,
  latestPatch,
  ...extra,
});

const demoLike = () => aCluster().withControlPlane('v1.32.9', 3).withWorkers('v1.32.9', 6).build();
const classicLike = () =>
  aCluster()
    .withControlPlane('v1.11.3', 1)
    .withWorkers('v1.11.3', 3)
    .withRepository({ era: 'legacy' })
    .withOs({ image: 'Ubuntu 16.04.4 LTS', family: 'debian', packageManager: 'apt' })
    .build();

const index = (plan: UpgradePlan, id: string) => {
  const i = plan.steps.findIndex((s) => s.id === id);
  assert.notEqual(i, -1, `no step ${id}`);
  return i;
};

test('plans the textbook upgrade with every control-plane step of a hop before the worker kubelets that depend on it', () => {
  const plan = planUpgrade(classicLike(), request('1.13.12'));
  assert.deepEqual(plan.hops.map((h) => h.version), ['v1.12.10', 'v1.13.12']);
  for (const hop of ['v1.12', 'v1.13']) {
    const apply = index(plan, `${hop}/control-plane/cp-1/kubeadm-apply`);
    for (const worker of ['worker-1', 'worker-2', 'worker-3']) {
      assert.ok(apply < index(plan, `${hop}/workers/${worker}/upgrade-kubelet`), `${hop} ${worker}`);
    }
  }
});

test('uses legacy-era commands for a v1.11 cluster', () => {
  const plan = planUpgrade(classicLike(), request('1.13.12'));
  const byId = new Map(plan.steps.map((s) => [s.id, s.commands]));
  assert.deepEqual(byId.get('v1.12/control-plane/cp-1/upgrade-kubeadm'), [
    ['apt-mark', 'unhold', 'kubeadm'],
    ['apt-get', 'update'],
    ['apt-get', 'install', '-y', 'kubeadm=1.12.10-00'],
    ['apt-mark', 'hold', 'kubeadm'],
  ]);
  assert.deepEqual(byId.get('v1.12/control-plane/cp-1/kubeadm-apply'), [['kubeadm', 'upgrade', 'apply', 'v1.12.10', '--yes']]);
  assert.deepEqual(byId.get('v1.12/workers/worker-1/kubeadm-upgrade-node'), [['kubeadm', 'upgrade', 'node', 'config', '--kubelet-version', 'v1.12.10']]);
  assert.deepEqual(byId.get('v1.12/workers/worker-1/drain'), [['kubectl', 'drain', 'worker-1', '--ignore-daemonsets']]);
  assert.equal(byId.has('v1.12/control-plane/cp-1/switch-repository'), false);
  assert.deepEqual(plan.notes.map((n) => n.code), ['PACKAGES_NOT_PUBLISHED']);
});

test('drains every node of a v1.32 cluster twice on the way to v1.37, instead of five times hop by hop', () => {
  const fewest = planUpgrade(demoLike(), request('1.37.1'));
  const classic = planUpgrade(demoLike(), request('1.37.1', { workersEveryHop: true }));
  assert.equal(fewest.hops.length, 5);
  for (const node of Object.keys(fewest.drains)) {
    assert.equal(fewest.drains[node], 2, node);
    assert.equal(classic.drains[node], 5, node);
  }
});

test('steps a deferred worker\'s kubeadm one minor at a time before its single drain', () => {
  const plan = planUpgrade(demoLike(), request('1.37.1'));
  const worker = plan.steps.filter((s) => s.node === 'worker-1' && s.hop === 'v1.35.9').map((s) => `${s.action}@${s.version}`);
  assert.deepEqual(worker, [
    'switch-repository@v1.33.13', 'upgrade-kubeadm@v1.33.13', 'kubeadm-upgrade-node@v1.33.13',
    'switch-repository@v1.34.11', 'upgrade-kubeadm@v1.34.11', 'kubeadm-upgrade-node@v1.34.11',
    'switch-repository@v1.35.9', 'upgrade-kubeadm@v1.35.9', 'kubeadm-upgrade-node@v1.35.9',
    'drain@v1.35.9', 'upgrade-kubelet@v1.35.9', 'wait-ready@v1.35.9', 'uncordon@v1.35.9',
  ]);
});

test('switches the pkgs.k8s.io repository of each node to the next minor with an idempotent edit', () => {
  const plan = planUpgrade(demoLike(), request('1.33.13'));
  const step = plan.steps.find((s) => s.id === 'v1.33/control-plane/cp-1/switch-repository');
  assert.deepEqual(step?.commands, [['sed', '-E', '-i', 's#(core:/stable:/)v1\\.[0-9]+/#\\1v1.33/#g', '/etc/apt/sources.list.d/kubernetes.list']]);
  const install = plan.steps.find((s) => s.id === 'v1.33/control-plane/cp-1/upgrade-kubeadm');
  assert.deepEqual(install?.commands[2], ['apt-get', 'install', '-y', 'kubeadm=1.33.13-*']);
});

test('writes dnf commands with the kubernetes exclude lifted on RHEL-family nodes', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1)
    .withOs({ image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' }).build();
  const plan = planUpgrade(cluster, request('1.33.13'));
  const install = plan.steps.find((s) => s.id === 'v1.33/workers/worker-1/upgrade-kubelet');
  assert.deepEqual(install?.commands[0], ['dnf', 'install', '-y', 'kubelet-1.33.13-*', 'kubectl-1.33.13-*', '--disableexcludes=kubernetes']);
  assert.equal(plan.steps.find((s) => s.id === 'v1.33/workers/worker-1/switch-repository')?.commands[0]?.at(-1), '/etc/yum.repos.d/kubernetes.repo');
});

test('upgrades the other control-plane nodes with kubeadm upgrade node after the first one applies', () => {
  const plan = planUpgrade(demoLike(), request('1.33.13'));
  const cp = plan.steps.filter((s) => s.phase === 'control-plane' && s.action.startsWith('kubeadm')).map((s) => `${s.node}:${s.action}`);
  assert.deepEqual(cp, ['cp-1:kubeadm-plan', 'cp-1:kubeadm-apply', 'cp-2:kubeadm-upgrade-node', 'cp-3:kubeadm-upgrade-node']);
});

test('batches workers up to --max-unavailable', () => {
  const plan = planUpgrade(demoLike(), request('1.33.13', { strategy: { kind: 'rolling', maxUnavailable: 4 } }));
  const batches = new Map<string, string[]>();
  for (const s of plan.steps) if (s.phase === 'workers' && s.action === 'drain' && s.batch) batches.set(s.batch, [...(batches.get(s.batch) ?? []), s.node]);
  assert.deepEqual(Object.fromEntries(batches), { 'v1.33/workers/batch-1': ['worker-1', 'worker-2', 'worker-3', 'worker-4'], 'v1.33/workers/batch-2': ['worker-5', 'worker-6'] });
});

test('puts workers\' kubeadm steps ahead of their drains, --prepare-ahead workers at a time', () => {
  const plan = planUpgrade(demoLike(), request('1.33.13', { strategy: { kind: 'rolling', maxUnavailable: 4 }, prepareAhead: 4 }));
  const units = new Map<string, Set<string>>();
  for (const s of plan.steps) if (s.phase === 'workers' && s.batch) units.set(s.batch, (units.get(s.batch) ?? new Set()).add(s.action));
  assert.deepEqual(Object.fromEntries([...units].map(([batch, actions]) => [batch, [...actions]])), {
    'v1.33/workers/prepare-1': ['switch-repository', 'upgrade-kubeadm', 'kubeadm-upgrade-node'],
    'v1.33/workers/prepare-2': ['switch-repository', 'upgrade-kubeadm', 'kubeadm-upgrade-node'],
    'v1.33/workers/batch-1': ['drain', 'upgrade-kubelet', 'wait-ready', 'uncordon'],
    'v1.33/workers/batch-2': ['drain', 'upgrade-kubelet', 'wait-ready', 'uncordon'],
  });
  assert.ok(index(plan, 'v1.33/workers/worker-6/kubeadm-upgrade-node') < index(plan, 'v1.33/workers/worker-1/drain'));
});

for (const c of [
  { workers: 6, want: [6] },
  { workers: 90, want: [23, 23, 23, 21] },
  { workers: 450, want: [100, 100, 100, 100, 50] },
]) {
  test(`prepares ${c.workers} workers ahead of their drains in units as large as an auto batch may be, 20 at least and 100 at most`, () => {
    const plan = planUpgrade(aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', c.workers).build(), request('1.33.13', { strategy: { kind: 'rolling', maxUnavailable: 'auto' } }));
    const units = new Map<string, number>();
    for (const s of plan.steps) if (s.action === 'kubeadm-upgrade-node' && s.batch?.includes('/prepare-')) units.set(s.batch, (units.get(s.batch) ?? 0) + 1);
    assert.deepEqual([...units.values()], c.want);
  });
}

test('keeps kubeadm steps inside each worker\'s drain window with --prepare-ahead 0', () => {
  const plan = planUpgrade(demoLike(), request('1.33.13', { prepareAhead: 0 }));
  const w1 = plan.steps.filter((s) => s.node === 'worker-1').map((s) => `${s.batch ?? ''} ${s.action}`);
  assert.deepEqual(w1, ['switch-repository', 'upgrade-kubeadm', 'kubeadm-upgrade-node', 'drain', 'upgrade-kubelet', 'wait-ready', 'uncordon'].map((a) => `v1.33/workers/batch-1 ${a}`));
});

test('plans a patch-only upgrade as one hop', () => {
  const cluster = aCluster().withControlPlane('v1.32.4', 1).withWorkers('v1.32.4', 2).build();
  const plan = planUpgrade(cluster, request('1.32.13'));
  assert.deepEqual(plan.hops, [{ index: 1, from: 'v1.32.4', version: 'v1.32.13' }]);
  assert.deepEqual(plan.drains, { 'cp-1': 1, 'worker-1': 1, 'worker-2': 1 });
});

test('plans nothing for a cluster already at the target', () => {
  const cluster = aCluster().withControlPlane('v1.37.1', 1).withWorkers('v1.37.1', 2).build();
  const plan = planUpgrade(cluster, request('1.37.1'));
  assert.deepEqual([plan.hops.length, plan.steps.length], [0, 0]);
});

test('brings lagging workers to the target of a cluster whose control plane is already there', () => {
  const cluster = aCluster().withControlPlane('v1.37.1', 1).withWorkers('v1.37.1', 2).withNode('worker-2', { kubelet: 'v1.35.9' }).build();
  const plan = planUpgrade(cluster, request('1.37.1'));
  assert.deepEqual(plan.drains, { 'cp-1': 0, 'worker-1': 0, 'worker-2': 1 });
});

test('refuses a downgrade', () => {
  assert.throws(() => planUpgrade(demoLike(), request('1.31.14')), { name: 'ConfigError', message: /does not downgrade/ });
});

test('adds --delete-emptydir-data to a drain only when the operator accepts losing that data', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1)
    .withWorkload({ kind: 'Deployment', name: 'cache', replicas: 1, emptyDir: true }).build();
  const refused = planUpgrade(cluster, request('1.33.13'));
  assert.deepEqual(refused.steps.find((s) => s.id === 'v1.33/workers/worker-1/drain')?.commands, [['kubectl', 'drain', 'worker-1', '--ignore-daemonsets']]);
  assert.deepEqual(refused.notes.map((n) => n.message).filter((m) => m.includes('emptyDir')), [
    'pods with emptyDir volumes run on worker-1: their drain stops until you accept that this local data is lost — plan again with --delete-emptydir-data, or move that data to a volume that survives',
  ]);
  const accepted = planUpgrade(cluster, request('1.33.13', { drain: { deleteEmptyDirData: true, deleteUnmanagedPods: false } }));
  assert.deepEqual(accepted.steps.find((s) => s.id === 'v1.33/workers/worker-1/drain')?.commands, [['kubectl', 'drain', 'worker-1', '--ignore-daemonsets', '--delete-emptydir-data']]);
  assert.equal(accepted.notes.some((n) => n.code === 'DRAIN_NEEDS_EMPTYDIR_CONSENT'), false);
});

const emptyDirCases: [string, string, string][] = [
  ['v1.18.20', '1.19.16', '--delete-local-data'],
  ['v1.19.16', '1.20.15', '--delete-emptydir-data'],
];
for (const [from, to, flag] of emptyDirCases) {
  test(`spells the emptyDir flag ${flag} for a drain at ${to}, as kubectl of that minor knows it`, () => {
    const cluster = aCluster().withControlPlane(from, 1).withWorkers(from, 1)
      .withWorkload({ kind: 'Deployment', name: 'cache', replicas: 1, emptyDir: true }).build();
    const plan = planUpgrade(cluster, request(to, { drain: { deleteEmptyDirData: true, deleteUnmanagedPods: false } }));
    const drain = plan.steps.find((s) => s.node === 'worker-1' && s.action === 'drain');
    assert.deepEqual(drain?.commands, [['kubectl', 'drain', 'worker-1', '--ignore-daemonsets', flag]]);
  });
}

test('adds --force to the drain of a node with a pod no controller owns only when the operator accepts it', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1)
    .withPod({ name: 'debug', node: 'worker-1' }).build();
  const refused = planUpgrade(cluster, request('1.33.13'));
  assert.ok(refused.notes.some((n) => n.code === 'DRAIN_NEEDS_UNMANAGED_CONSENT'));
  const accepted = planUpgrade(cluster, request('1.33.13', { drain: { deleteEmptyDirData: false, deleteUnmanagedPods: true } }));
  assert.deepEqual(accepted.steps.find((s) => s.id === 'v1.33/workers/worker-1/drain')?.commands, [['kubectl', 'drain', 'worker-1', '--ignore-daemonsets', '--force']]);
});

test('takes and verifies an etcd snapshot on the first control-plane node before anything changes, with the etcd pod\'s own tools', () => {
  const plan = planUpgrade(demoLike(), request('1.33.13'));
  const [first] = plan.steps;
  assert.equal(first?.id, 'v1.32/prepare/cp-1/etcd-backup');
  const exec = ['kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', '--namespace', 'kube-system', 'exec', 'etcd-cp-1', '--'];
  const tls = ['--endpoints=https://127.0.0.1:2379', '--cacert=/etc/kubernetes/pki/etcd/ca.crt', '--cert=/etc/kubernetes/pki/etcd/server.crt', '--key=/etc/kubernetes/pki/etcd/server.key'];
  assert.deepEqual(first?.commands, [
    ['mkdir', '-p', '/var/lib/kubehop'],
    [...exec, 'etcdctl', ...tls, 'snapshot', 'save', '/var/lib/etcd/kubehop-etcd-before-v1.32.9.db'],
    [...exec, 'etcdutl', '--write-out=table', 'snapshot', 'status', '/var/lib/etcd/kubehop-etcd-before-v1.32.9.db'],
    ['mv', '-f', '/var/lib/etcd/kubehop-etcd-before-v1.32.9.db', '/var/lib/kubehop/etcd-before-v1.32.9.db'],
  ]);
  assert.equal(first?.doneIf, undefined, 'a snapshot file from an earlier attempt is not taken as this run\'s backup');
  assert.deepEqual(plan.etcdBackup, { node: 'cp-1', path: '/var/lib/kubehop/etcd-before-v1.32.9.db' });
});

const etcdTools: [string, string, string[], string[]][] = [
  ['3.2.24', 'v1.12.10', ['env', 'ETCDCTL_API=3', 'etcdctl'], ['env', 'ETCDCTL_API=3', 'etcdctl']],
  ['3.4.13-0', 'v1.20.2', ['etcdctl'], ['etcdctl']],
  ['3.5.16-0', 'v1.31.4', ['etcdctl'], ['etcdutl']],
  ['3.6.4-0', 'v1.34.1', ['etcdctl'], ['etcdutl']],
];
for (const [etcd, version, saver, reader] of etcdTools) {
  test(`with etcd ${etcd} the snapshot is saved by ${saver.join(' ')} and read back by ${reader.join(' ')}`, () => {
    const commands = etcdBackupCommands('cp-1', `/var/lib/kubehop/etcd-before-${version}.db`, etcd);
    const after = (argv: readonly string[] | undefined) => argv?.slice(argv.indexOf('--') + 1);
    assert.deepEqual(after(commands[1])?.slice(0, saver.length), saver);
    assert.deepEqual(after(commands[2])?.slice(0, reader.length + 1), [...reader, '--write-out=table']);
  });
}

test('takes no etcd snapshot with external etcd, and says so', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1).withExternalEtcd().build();
  const plan = planUpgrade(cluster, request('1.33.13'));
  assert.equal(plan.steps.some((s) => s.action === 'etcd-backup'), false);
  assert.ok(plan.notes.some((n) => n.code === 'EXTERNAL_ETCD'));
});

test('takes no etcd snapshot when only kubelets move', () => {
  const cluster = aCluster().withControlPlane('v1.37.1', 1).withWorkers('v1.37.1', 1).withNode('worker-1', { kubelet: 'v1.36.4' }).build();
  assert.equal(planUpgrade(cluster, request('1.37.1')).steps.some((s) => s.action === 'etcd-backup'), false);
});

const haEras: [string, string][] = [['v1.21.14', '1.22.17'], ['v1.26.15', '1.27.16'], ['v1.12.10', '1.14.10']];
for (const [from, to] of haEras) {
  test(`plans an HA upgrade from ${from} to ${to}, accepting kubeadm's early kube-proxy upgrade and saying so`, () => {
    const cluster = aCluster().withControlPlane(from, 3).withWorkers(from, 2).build();
    const plan = planUpgrade(cluster, request(to));
    assert.ok(plan.notes.some((n) => n.code === 'KUBEADM_UPGRADES_KUBE_PROXY_EARLY'));
  });
}

test('sees no early kube-proxy upgrade from v1.28 on', () => {
  const plan = planUpgrade(aCluster().withControlPlane('v1.28.15', 3).withWorkers('v1.28.15', 1).build(), request('1.29.14'));
  assert.equal(plan.notes.some((n) => n.code === 'KUBEADM_UPGRADES_KUBE_PROXY_EARLY'), false);
});

test('plans every path of up to five hops from v1.10 to v1.37, single and HA, both procedures, within every rule', () => {
  const failures: string[] = [];
  for (let from = 10; from < 37; from++) {
    for (let to = from + 1; to <= Math.min(from + 5, 37); to++) {
      for (const cps of [1, 3]) {
        const start = latestPatch(from);
        const end = latestPatch(to);
        if (!start || !end) continue;
        const version = `v1.${from}.${start.patch}`;
        const cluster = aCluster().withControlPlane(version, cps).withWorkers(version, 2).build();
        for (const workersEveryHop of [false, true]) {
          try {
            planUpgrade(cluster, { ...request(`1.${to}.${end.patch}`), workersEveryHop });
          } catch (error) {
            failures.push(`${version} -> v1.${to} (${cps} control-plane, every hop ${workersEveryHop}): ${(error as Error).message.split('\n')[1] ?? (error as Error).message}`);
          }
        }
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('edits the repository file the node actually has, such as a deb822 kubernetes.sources', () => {
  const cluster = aCluster().withControlPlane('v1.32.9', 1).withWorkers('v1.32.9', 1).build();
  const withSources = { ...cluster, nodes: cluster.nodes.map((n) => ({ ...n, repository: { era: 'pkgs' as const, minor: 32, file: '/etc/apt/sources.list.d/kubernetes.sources' } })) };
  const plan = planUpgrade(withSources, request('1.33.13'));
  assert.equal(plan.steps.find((s) => s.id === 'v1.33/control-plane/cp-1/switch-repository')?.commands[0]?.at(-1), '/etc/apt/sources.list.d/kubernetes.sources');
});

test('a surge plan replaces each worker by a new machine instead of installing packages on it', () => {
  const cluster = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 2).withRepository({ era: 'legacy' }).withNode('worker-2', { labels: { pool: 'db' } }).build();
  const plan = planUpgrade(cluster, request('v1.21.0', { strategy: { kind: 'surge', maxSurge: 1 } }));
  const workerSteps = plan.steps.filter((s) => s.phase === 'workers');
  assert.deepEqual(workerSteps.map((s) => `${s.batch} ${s.node} ${s.action} ${s.runOn}${s.host ? ` on ${s.host}` : ''}`), [
    'v1.21/workers/batch-1 worker-1 prepare-host new-node',
    'v1.21/workers/batch-1 worker-1 create-join-token node on cp-1',
    'v1.21/workers/batch-1 worker-1 join-node new-node',
    'v1.21/workers/batch-1 worker-1 wait-ready operator',
    'v1.21/workers/batch-1 worker-1 drain operator',
    'v1.21/workers/batch-1 worker-1 delete-node operator',
    'v1.21/workers/batch-1 worker-1 reset-host node',
    'v1.21/workers/batch-2 worker-2 prepare-host new-node',
    'v1.21/workers/batch-2 worker-2 create-join-token node on cp-1',
    'v1.21/workers/batch-2 worker-2 join-node new-node',
    'v1.21/workers/batch-2 worker-2 copy-node-marks operator',
    'v1.21/workers/batch-2 worker-2 wait-ready operator',
    'v1.21/workers/batch-2 worker-2 drain operator',
    'v1.21/workers/batch-2 worker-2 delete-node operator',
    'v1.21/workers/batch-2 worker-2 reset-host node',
  ]);
  assert.deepEqual(plan.steps.find((s) => s.id === 'v1.21/workers/worker-2/copy-node-marks')?.commands, [['kubectl', 'label', 'node', 'NEW_NODE', '--overwrite', 'pool=db']]);
  assert.deepEqual(plan.drains, { 'cp-1': 1, 'worker-1': 1, 'worker-2': 1 });
  assert.ok(plan.notes.some((n) => n.code === 'SURGE_NEEDS_MACHINES'));
});

test('a surge plan with --max-surge 2 puts both replacements in one batch', () => {
  const cluster = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 2).withRepository({ era: 'legacy' }).build();
  const plan = planUpgrade(cluster, request('v1.21.0', { strategy: { kind: 'surge', maxSurge: 2 } }));
  assert.deepEqual([...new Set(plan.steps.filter((s) => s.phase === 'workers').map((s) => s.batch))], ['v1.21/workers/batch-1']);
});

test('a blue-green plan joins the whole new pool, drains the old one in batches, and removes it last', () => {
  const cluster = aCluster().withControlPlane('v1.20.2', 1).withWorkers('v1.20.2', 3).withRepository({ era: 'legacy' }).build();
  const plan = planUpgrade(cluster, request('v1.21.0', { strategy: { kind: 'blue-green', batch: 2 } }));
  const workerSteps = plan.steps.filter((s) => s.phase === 'workers');
  const batches = [...new Set(workerSteps.map((s) => s.batch))];
  assert.deepEqual(batches, ['v1.21/workers/green', 'v1.21/workers/drain-1', 'v1.21/workers/drain-2', 'v1.21/workers/remove']);
  const of = (batch: string) => workerSteps.filter((s) => s.batch === batch).map((s) => `${s.node} ${s.action}`);
  assert.deepEqual(of('v1.21/workers/drain-1'), ['worker-1 drain', 'worker-2 drain']);
  assert.deepEqual(of('v1.21/workers/drain-2'), ['worker-3 drain']);
  assert.deepEqual(of('v1.21/workers/remove'), ['worker-1 delete-node', 'worker-1 reset-host', 'worker-2 delete-node', 'worker-2 reset-host', 'worker-3 delete-node', 'worker-3 reset-host']);
  assert.equal(of('v1.21/workers/green').filter((s) => s.endsWith('join-node')).length, 3);
  assert.ok(plan.notes.some((n) => n.code === 'BLUE_GREEN_NEEDS_MACHINES'));
});
