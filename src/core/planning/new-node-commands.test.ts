import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { NodeSnapshot, Taint } from '../cluster/index.js';
import { parseVersion } from '../version/index.js';
import { copyNodeMarksCommands, joinNodeCommands, prepareHostCommands, resetHostCommands } from './new-node-commands.js';

const worker = (build: (b: ReturnType<typeof aCluster>) => ReturnType<typeof aCluster>): NodeSnapshot => {
  const node = build(aCluster().withWorkers('v1.20.2', 1)).build().nodes.find((n) => n.name === 'worker-1');
  assert.ok(node);
  return node;
};

test('a host prepared for a legacy-repository Debian cluster installs the three packages at the exact patch and holds them', () => {
  const node = worker((b) => b.withControlPlane('v1.20.2').withRepository({ era: 'legacy' }).withOs({ image: 'Debian GNU/Linux 12', family: 'debian', packageManager: 'apt' }));
  assert.deepEqual(prepareHostCommands(node, parseVersion('v1.21.0')), [
    ['apt-get', 'update'],
    ['apt-get', 'install', '-y', '--allow-change-held-packages', 'kubeadm=1.21.0-00', 'kubelet=1.21.0-00', 'kubectl=1.21.0-00'],
    ['apt-mark', 'hold', 'kubeadm', 'kubelet', 'kubectl'],
    ['systemctl', 'enable', 'kubelet'],
  ]);
});

test('a host prepared for pkgs.k8s.io gets the repository of the target minor, its key passed as data to a fixed script', () => {
  const node = worker((b) => b.withControlPlane('v1.32.9').withWorkers('v1.32.9').withRepository({ era: 'pkgs', minor: 32 }));
  const commands = prepareHostCommands(node, parseVersion('v1.33.6'));
  assert.deepEqual(commands.slice(0, 3), [
    ['mkdir', '-p', '-m', '0755', '/etc/apt/keyrings'],
    ['sh', '-c', 'curl -fsSL "$1" | gpg --dearmor --yes -o "$2"', 'sh', 'https://pkgs.k8s.io/core:/stable:/v1.33/deb/Release.key', '/etc/apt/keyrings/kubernetes-apt-keyring.gpg'],
    ['sh', '-c', 'f="$1"; shift; printf \'%s\\n\' "$@" > "$f"', 'sh', '/etc/apt/sources.list.d/kubernetes.list', 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.33/deb/ /'],
  ]);
  assert.deepEqual(commands[4], ['apt-get', 'install', '-y', '--allow-change-held-packages', 'kubeadm=1.33.6-*', 'kubelet=1.33.6-*', 'kubectl=1.33.6-*']);
});

test('a join resets the host first so that a second attempt after a crash starts clean, and names the node', () => {
  assert.deepEqual(joinNodeCommands('spare-1', { endpoint: '10.0.0.1:6443', token: 'abcdef.0123456789abcdef', caCertHash: `sha256:${'a'.repeat(64)}` }), [
    ['kubeadm', 'reset', '-f'],
    ['kubeadm', 'join', '10.0.0.1:6443', '--token', 'abcdef.0123456789abcdef', '--discovery-token-ca-cert-hash', `sha256:${'a'.repeat(64)}`, '--node-name', 'spare-1'],
  ]);
});

const marks: { name: string; labels: Record<string, string>; taints: Taint[]; expected: string[][] }[] = [
  { name: 'a plain worker has nothing of its own to copy', labels: {}, taints: [], expected: [] },
  {
    name: 'workload labels and taints are copied, the ones kubelet and kubeadm set are not',
    labels: { pool: 'gpu', 'topology.kubernetes.io/zone': 'a', 'node.kubernetes.io/instance-type': 'x' },
    taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const }, { key: 'spot', effect: 'PreferNoSchedule' as const }],
    expected: [
      ['kubectl', 'label', 'node', 'new-1', '--overwrite', 'pool=gpu', 'topology.kubernetes.io/zone=a'],
      ['kubectl', 'taint', 'node', 'new-1', '--overwrite', 'dedicated=gpu:NoSchedule', 'spot:PreferNoSchedule'],
    ],
  },
];
for (const c of marks) {
  test(`copying marks: ${c.name}`, () => {
    const node = worker((b) => b.withNode('worker-1', { labels: c.labels, taints: c.taints }));
    assert.deepEqual(copyNodeMarksCommands(node, 'new-1'), c.expected);
  });
}

test('a reset host loses the join, the packages (even held) and their state', () => {
  const node = worker((b) => b);
  assert.deepEqual(resetHostCommands(node), [
    ['kubeadm', 'reset', '-f'],
    ['apt-get', 'purge', '-y', '--allow-change-held-packages', 'kubeadm', 'kubelet', 'kubectl'],
    ['rm', '-rf', '/etc/kubernetes', '/var/lib/kubelet'],
  ]);
});
