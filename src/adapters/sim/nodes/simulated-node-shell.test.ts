import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeSnapshot } from '../../../core/cluster/index.js';
import type { OsEntry, RepositoryEntry } from '../../../core/cluster-file/index.js';
import { etcdBackupCommands, installPackagesCommands, restartKubeletCommands, switchRepositoryCommands } from '../../../core/planning/index.js';
import { formatVersion, parseVersion } from '../../../core/version/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation, type Simulation } from '../create-simulation.js';

const ROOT = { privileged: true, timeoutMs: 15 * 60_000 };
const APT: OsEntry = { image: 'Ubuntu 24.04 LTS', family: 'debian', packageManager: 'apt' };
const DNF: OsEntry = { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' };
const YUM: OsEntry = { image: 'CentOS Linux 7', family: 'rhel', packageManager: 'yum' };

function simulation(os: OsEntry = APT, repository: RepositoryEntry = { era: 'pkgs', minor: 32 }, kubelet = 'v1.32.9'): Simulation {
  return createSimulation(aCluster().withControlPlane('v1.33.4', 1).withWorkers(kubelet, 1).withOs(os).withRepository(repository).build(), { seed: 11 });
}

async function worker(sim: Simulation): Promise<NodeSnapshot> {
  const node = await sim.api.getNode('worker-1');
  assert.ok(node);
  return node;
}

async function runAll(sim: Simulation, commands: readonly (readonly string[])[], node = 'worker-1') {
  const results = [];
  for (const argv of commands) results.push(await sim.shell.run(node, argv, ROOT));
  return results;
}

const v33 = parseVersion('v1.33.4');

interface CommandCase {
  readonly name: string;
  readonly os?: OsEntry;
  readonly repository?: RepositoryEntry;
  readonly kubelet?: string;
  readonly before?: (node: NodeSnapshot) => (readonly string[])[];
  readonly argv: (node: NodeSnapshot) => readonly string[];
  readonly privileged?: boolean;
  readonly exitCode: number;
  readonly output?: RegExp;
  readonly kubeadm?: string;
}

const cases: CommandCase[] = [
  {
    name: 'apt installs the exact version once the repository and its lists are at that minor',
    before: (n) => [...switchRepositoryCommands(n, 33), ['apt-mark', 'unhold', 'kubeadm'], ['apt-get', 'update']],
    argv: () => ['apt-get', 'install', '-y', 'kubeadm=1.33.4-*'],
    exitCode: 0,
    output: /Setting up kubeadm \(1\.33\.4-1\.1\) \.\.\./,
    kubeadm: 'v1.33.4',
  },
  {
    name: 'apt does not find a version of another minor before apt-get update',
    before: (n) => [...switchRepositoryCommands(n, 33), ['apt-mark', 'unhold', 'kubeadm']],
    argv: () => ['apt-get', 'install', '-y', 'kubeadm=1.33.4-*'],
    exitCode: 100,
    output: /E: Version '1\.33\.4-\*' for 'kubeadm' was not found/,
    kubeadm: 'v1.32.9',
  },
  {
    name: 'apt does not find a version the repository minor does not serve',
    before: () => [['apt-mark', 'unhold', 'kubeadm'], ['apt-get', 'update']],
    argv: () => ['apt-get', 'install', '-y', 'kubeadm=1.33.4-*'],
    exitCode: 100,
    output: /was not found/,
  },
  {
    name: 'apt refuses to change a held package',
    before: (n) => [...switchRepositoryCommands(n, 33), ['apt-get', 'update']],
    argv: () => ['apt-get', 'install', '-y', 'kubeadm=1.33.4-*'],
    exitCode: 100,
    output: /E: Held packages were changed and -y was used without --allow-change-held-packages\./,
    kubeadm: 'v1.32.9',
  },
  {
    name: 'apt without -y aborts at the question',
    before: (n) => [...switchRepositoryCommands(n, 33), ['apt-mark', 'unhold', 'kubeadm'], ['apt-get', 'update']],
    argv: () => ['apt-get', 'install', 'kubeadm=1.33.4-*'],
    exitCode: 1,
    output: /Abort\./,
  },
  {
    name: 'a legacy-era node (an own mirror) installs any version with the legacy revision',
    repository: { era: 'legacy' },
    kubelet: 'v1.32.9',
    before: () => [['apt-mark', 'unhold', 'kubeadm']],
    argv: () => ['apt-get', 'install', '-y', 'kubeadm=1.33.4-00'],
    exitCode: 0,
    kubeadm: 'v1.33.4',
  },
  {
    name: 'pkgs.k8s.io has no legacy "-00" revisions',
    before: (n) => [...switchRepositoryCommands(n, 33), ['apt-mark', 'unhold', 'kubeadm'], ['apt-get', 'update']],
    argv: () => ['apt-get', 'install', '-y', 'kubeadm=1.33.4-00'],
    exitCode: 100,
    output: /E: Version '1\.33\.4-00' for 'kubeadm' was not found/,
  },
  {
    name: 'dnf installs with --disableexcludes from a repository at the minor',
    os: DNF,
    before: (n) => switchRepositoryCommands(n, 33),
    argv: (n) => installPackagesCommands(n, ['kubeadm'], v33)[0] ?? [],
    exitCode: 0,
    output: /Complete!/,
    kubeadm: 'v1.33.4',
  },
  {
    name: 'dnf does not see the excluded packages without --disableexcludes',
    os: DNF,
    before: (n) => switchRepositoryCommands(n, 33),
    argv: () => ['dnf', 'install', '-y', 'kubeadm-1.33.4-*'],
    exitCode: 1,
    output: /Error: Unable to find a match: kubeadm-1\.33\.4-\*/,
  },
  {
    name: 'yum says no package is available for another minor',
    os: YUM,
    argv: () => ['yum', 'install', '-y', 'kubeadm-1.33.4-*', '--disableexcludes=kubernetes'],
    exitCode: 1,
    output: /No package kubeadm-1\.33\.4-\* available\./,
  },
  { name: 'RHEL 7 has no dnf', os: YUM, argv: () => ['dnf', 'install', '-y', 'kubeadm'], exitCode: 127, output: /dnf: command not found/ },
  { name: 'a Debian node has no yum', argv: () => ['yum', 'install', '-y', 'kubeadm'], exitCode: 127, output: /yum: command not found/ },
  { name: 'an unknown command is not found', argv: () => ['frobnicate', '--now'], exitCode: 127, output: /frobnicate: command not found/ },
  { name: 'a package install needs root', argv: () => ['apt-get', 'update'], privileged: false, exitCode: 100, output: /permission denied/ },
  { name: 'kubeadm reports its installed version', argv: () => ['kubeadm', 'version', '-o', 'short'], privileged: false, exitCode: 0, output: /^v1\.32\.9\n$/ },
  {
    name: 'the repository file shows the minor sed switched it to',
    before: (n) => switchRepositoryCommands(n, 34),
    argv: () => ['cat', '/etc/apt/sources.list.d/kubernetes.list'],
    exitCode: 0,
    output: /https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.34\/deb\//,
  },
  { name: 'sed on a file that is not there fails like sed', argv: () => ['sed', '-E', '-i', 's#a#b#g', '/etc/nope.list'], exitCode: 2, output: /sed: can't read \/etc\/nope\.list: No such file or directory/ },
];

for (const c of cases) {
  test(`node shell: ${c.name}`, async () => {
    const sim = simulation(c.os, c.repository, c.kubelet);
    const node = await worker(sim);
    for (const r of await runAll(sim, c.before?.(node) ?? [])) assert.equal(r.exitCode, 0, r.stderr);
    const result = await sim.shell.run('worker-1', c.argv(node), { ...ROOT, privileged: c.privileged ?? true });
    assert.equal(result.exitCode, c.exitCode, `stdout: ${result.stdout}\nstderr: ${result.stderr}`);
    if (c.output) assert.match(result.stdout + result.stderr, c.output);
    if (c.kubeadm) assert.equal(formatVersion((await worker(sim)).kubeadm ?? parseVersion('v0.0.0')), c.kubeadm);
  });
}

test('a kubelet upgrade shows after the restart: NotReady for a while, then Ready at the new version', async () => {
  const sim = simulation();
  const node = await worker(sim);
  const v = parseVersion('v1.33.4');
  const install = [...switchRepositoryCommands(node, 33), ...installPackagesCommands(node, ['kubelet', 'kubectl'], v)];
  for (const r of await runAll(sim, install)) assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(formatVersion((await worker(sim)).kubelet), 'v1.32.9', 'the running kubelet is still the old one');
  assert.equal((await sim.shell.run('worker-1', ['kubelet', '--version'], ROOT)).stdout, 'Kubernetes v1.33.4\n');
  for (const r of await runAll(sim, restartKubeletCommands())) assert.equal(r.exitCode, 0, r.stderr);
  const restarted = await worker(sim);
  assert.equal(restarted.ready, false);
  const start = sim.clock.now();
  while (!(await worker(sim)).ready) await sim.api.waitForChange({ kind: 'node', name: 'worker-1' }, 60_000);
  const waited = sim.clock.now() - start;
  assert.ok(waited >= 9_000 && waited <= 20_000, `Ready again after ${waited} ms`);
  assert.equal(formatVersion((await worker(sim)).kubelet), 'v1.33.4');
  assert.equal(formatVersion((await worker(sim)).kubectl ?? parseVersion('v0.0.0')), 'v1.33.4');
});

test('a command that outlives its timeout is reported as timed out after exactly the timeout', async () => {
  const sim = simulation();
  const result = await sim.shell.run('worker-1', ['apt-get', 'update'], { privileged: true, timeoutMs: 2_000 });
  assert.deepEqual({ exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs }, { exitCode: null, timedOut: true, durationMs: 2_000 });
});

test('the etcd backup of the plan saves a snapshot in the etcd pod, reads it back and moves it where the plan keeps it', async () => {
  const sim = simulation();
  const path = '/var/lib/kubehop/etcd-before-v1.33.4.db';
  assert.equal((await sim.shell.run('cp-1', ['test', '-s', path], ROOT)).exitCode, 1);
  const results = await runAll(sim, etcdBackupCommands('cp-1', path, '3.5.16-0'), 'cp-1');
  assert.deepEqual(results.map((r) => r.exitCode), [0, 0, 0, 0]);
  assert.match(results[1]?.stdout ?? '', /Snapshot saved at \/var\/lib\/etcd\/kubehop-etcd-before-v1\.33\.4\.db/);
  assert.match(results[2]?.stdout ?? '', /TOTAL SIZE/);
  assert.equal((await sim.shell.run('cp-1', ['test', '-s', path], ROOT)).exitCode, 0);
  assert.equal((await sim.shell.run('cp-1', ['test', '-e', '/var/lib/etcd/kubehop-etcd-before-v1.33.4.db'], ROOT)).exitCode, 1, 'nothing is left in etcd\'s data directory');
});

const refusedExecs: [string, string, readonly string[]][] = [
  ['a worker has no etcd pod', 'worker-1', etcdBackupCommands('worker-1', '/var/lib/kubehop/x.db', '3.5.16-0')[1] ?? []],
  ['etcd 3.6 has no etcdctl snapshot status', 'cp-1', ['kubectl', 'exec', 'etcd-cp-1', '--', 'etcdctl', 'snapshot', 'status', '/var/lib/etcd/x.db']],
  ['an etcd image has no shell', 'cp-1', ['kubectl', 'exec', 'etcd-cp-1', '--', 'sh', '-c', 'true']],
];
for (const [why, node, argv] of refusedExecs) {
  test(`kubectl exec in the etcd pod fails where the real one would: ${why}`, async () => {
    const cluster = aCluster().withControlPlane('v1.33.4', 1).withWorkers('v1.33.4', 1).build();
    const sim = createSimulation({ ...cluster, nodes: cluster.nodes.map((n) => (n.controlPlane ? { ...n, controlPlane: { ...n.controlPlane, etcd: why.includes('3.6') ? '3.6.4-0' : '3.5.16-0' } } : n)) }, { seed: 1 });
    assert.notEqual((await sim.shell.run(node, argv, ROOT)).exitCode, 0);
  });
}

test('every command is in the command log with its node, virtual times and exit code', async () => {
  const sim = simulation();
  await sim.shell.run('worker-1', ['apt-get', 'update'], ROOT);
  await sim.shell.run('worker-1', ['nope'], ROOT);
  const log = sim.commandLog();
  assert.equal(log.length, 2);
  assert.deepEqual(log.map((e) => [e.node, e.argv.join(' '), e.exitCode]), [['worker-1', 'apt-get update', 0], ['worker-1', 'nope', 127]]);
  assert.ok((log[0]?.finishedAt ?? 0) - (log[0]?.startedAt ?? 0) >= 5_000);
  assert.equal(log[1]?.startedAt, log[0]?.finishedAt);
});

test('a command on a node that does not exist cannot be run at all', async () => {
  const sim = simulation();
  await assert.rejects(sim.shell.run('ghost', ['true'], ROOT), /failed to run true on node ghost: no such node in the simulated cluster/);
});
