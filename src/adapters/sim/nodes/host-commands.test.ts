import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import type { NodeOs } from '../../../core/cluster/index.js';
import { aCluster } from '../../../../test/builders/cluster-builder.js';
import { createSimulation } from '../create-simulation.js';
import { osReleaseText } from './host-commands.js';

const USER = { privileged: false, timeoutMs: 60_000 };
const ROOT = { privileged: true, timeoutMs: 15 * 60_000 };

describe('osReleaseText names an ID and VERSION_ID that lead back to the package manager', () => {
  const cases: Array<[NodeOs, RegExp]> = [
    [{ image: 'Ubuntu 24.04.1 LTS', family: 'debian', packageManager: 'apt' }, /^ID=ubuntu$\n^ID_LIKE=debian$/m],
    [{ image: 'Debian GNU/Linux 12 (bookworm)', family: 'debian', packageManager: 'apt' }, /VERSION_ID="12"\nID=debian$/],
    [{ image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' }, /VERSION_ID="9\.4"\nID=rocky\n/],
    [{ image: 'CentOS Linux 7', family: 'rhel', packageManager: 'yum' }, /VERSION_ID="7"\nID=centos\n/],
    [{ image: 'Red Hat Enterprise Linux', family: 'rhel', packageManager: 'yum' }, /VERSION_ID="7"\nID=rhel\n/],
    [{ image: 'Amazon Linux 2023', family: 'rhel', packageManager: 'dnf' }, /VERSION_ID="2023"\nID=amzn\n/],
  ];
  for (const [os, expected] of cases) it(`for ${os.image} (${os.packageManager})`, () => assert.match(osReleaseText(os), expected));
});

test('/proc/swaps lists a swap file only where swap is on', async () => {
  const sim = createSimulation(aCluster().withWorkers('v1.33.4', 2).withNode('worker-2', { facts: { swapOn: true } }).build(), { seed: 1 });
  const off = await sim.shell.run('worker-1', ['cat', '/proc/swaps'], USER);
  const on = await sim.shell.run('worker-2', ['cat', '/proc/swaps'], USER);
  assert.equal(off.stdout.split('\n').filter(Boolean).length, 1);
  assert.match(on.stdout, /\n\/swap\.img +file\t\t4194300\t\t0\t\t-2\n$/);
});

test('df answers the free bytes under an Avail header, and only the form the readers use', async () => {
  const sim = createSimulation(aCluster().withWorkers('v1.33.4', 1).withNode('worker-1', { facts: { freeDisk: '800Mi' } }).build(), { seed: 1 });
  const df = await sim.shell.run('worker-1', ['df', '-B1', '--output=avail', '/var/lib'], USER);
  assert.equal(df.stdout, '    Avail\n838860800\n');
  assert.equal((await sim.shell.run('worker-1', ['df', '-h'], USER)).exitCode, 1);
});

test('curl fails as curl does on a URL it cannot use', async () => {
  const sim = createSimulation(aCluster().withWorkers('v1.33.4', 1).build(), { seed: 1 });
  const none = await sim.shell.run('worker-1', ['curl', '-fsS'], USER);
  assert.deepEqual([none.exitCode, none.stderr], [2, 'curl: no URL specified!\n']);
});

test("a yum repository file excludes what the snapshot lists as held, and dnf installs the rest without --disableexcludes", async () => {
  const rocky: NodeOs = { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' };
  const cluster = aCluster().withWorkers('v1.33.4', 1).withOs(rocky).withRepository({ era: 'pkgs', minor: 33 }).withNode('worker-1', { facts: { heldPackages: ['kubelet'] } }).build();
  const sim = createSimulation(cluster, { seed: 1 });
  const repo = await sim.shell.run('worker-1', ['cat', '/etc/yum.repos.d/kubernetes.repo'], USER);
  assert.match(repo.stdout, /\nexclude=kubelet\n/);
  assert.equal((await sim.shell.run('worker-1', ['dnf', 'install', '-y', 'kubeadm-1.33.9-*'], ROOT)).exitCode, 0);
  const kubelet = await sim.shell.run('worker-1', ['dnf', 'install', '-y', 'kubelet-1.33.9-*'], ROOT);
  assert.deepEqual([kubelet.exitCode, kubelet.stderr], [1, 'Error: Unable to find a match: kubelet-1.33.9-*\n']);
});

test('apt-mark holds and shows packages the simulator keeps no version of', async () => {
  const sim = createSimulation(aCluster().withWorkers('v1.33.4', 1).withNode('worker-1', { facts: { heldPackages: ['kubelet'] } }).build(), { seed: 1 });
  await sim.shell.run('worker-1', ['apt-mark', 'hold', 'cri-tools'], ROOT);
  assert.equal((await sim.shell.run('worker-1', ['apt-mark', 'showhold'], USER)).stdout, 'cri-tools\nkubelet\n');
  await sim.shell.run('worker-1', ['apt-mark', 'unhold', 'cri-tools', 'kubelet'], ROOT);
  assert.equal((await sim.shell.run('worker-1', ['apt-mark', 'showhold'], USER)).stdout, '');
});
