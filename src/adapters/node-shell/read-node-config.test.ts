import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import { cgroupVersionOf, containerdSystemdCgroupOf, readNodeConfig } from './read-node-config.js';

// What a kubeadm v1.20.2 worker running Docker shows, as on the real kubeadm fixture: kubeadm's
// flags for Docker, the upstream 10-kubeadm.conf drop-in, a KubeletConfiguration with the systemd
// driver, cgroup v1 and no containerd configuration.
const KUBEADM_FLAGS = 'KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=registry.rk:5000/pause:3.2"\n';
const DROP_IN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
# This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort.
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;
const CONFIG = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nevictionHard:\n  imagefs.available: 0%\n';
const VIP = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-vip\n  namespace: kube-system\nspec:\n  serviceAccountName: kube-vip\n  containers:\n  - name: kube-vip\n    image: kube-vip:v0.8.0\n';

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '', timedOut: false, durationMs: 1 });
const missing = (argv: readonly string[]): CommandResult => ({ exitCode: argv[0] === 'ls' ? 2 : 1, stdout: '', stderr: `${argv[0]}: ${argv[argv.length - 1]}: No such file or directory\n`, timedOut: false, durationMs: 1 });

/** Answers from a table by the joined argv; anything else: no such file. Records whether each ran as root. */
function scriptedShell(answers: Record<string, string | CommandResult>): NodeShell & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(_node: string, argv: readonly string[], options: RunOptions) {
      calls.push(`${options.privileged ? 'sudo ' : ''}${argv.join(' ')}`);
      const answer = answers[argv.join(' ')];
      return answer === undefined ? missing(argv) : typeof answer === 'string' ? ok(answer) : answer;
    },
  };
}

describe('readNodeConfig', () => {
  it('reads a kubeadm v1.20 node running Docker as it is', async () => {
    const shell = scriptedShell({
      'cat /var/lib/kubelet/kubeadm-flags.env': KUBEADM_FLAGS,
      'ls -1 /etc/systemd/system/kubelet.service.d': '10-kubeadm.conf\n',
      'cat /etc/systemd/system/kubelet.service.d/10-kubeadm.conf': DROP_IN,
      'cat /var/lib/kubelet/config.yaml': CONFIG,
      'stat -fc %T /sys/fs/cgroup': 'tmpfs\n',
      'ls -1 /etc/kubernetes/manifests': 'etcd.yaml\nkube-vip.yaml\n',
      'cat /etc/kubernetes/manifests/etcd.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  volumes:\n  - hostPath:\n      path: /var/lib/etcd\n',
      'cat /etc/kubernetes/manifests/kube-vip.yaml': VIP,
    });
    const { facts, problems } = await readNodeConfig(shell, 'worker-1');
    assert.deepEqual(problems, []);
    assert.deepEqual(facts.kubeletFlags?.map((f) => `${f.file}:${f.line} ${f.flag}=${f.value ?? ''}`), [
      '/var/lib/kubelet/kubeadm-flags.env:1 --network-plugin=cni',
      '/var/lib/kubelet/kubeadm-flags.env:1 --pod-infra-container-image=registry.rk:5000/pause:3.2',
      '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf:3 --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
      '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf:3 --kubeconfig=/etc/kubernetes/kubelet.conf',
      '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf:4 --config=/var/lib/kubelet/config.yaml',
    ]);
    assert.deepEqual(facts.kubeletConfig, { file: '/var/lib/kubelet/config.yaml', fields: { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'systemd', 'evictionHard.imagefs.available': '0%' } });
    assert.equal(facts.cgroupVersion, 1);
    assert.equal(facts.containerdSystemdCgroup, undefined);
    assert.deepEqual(facts.staticPods, [
      { file: '/etc/kubernetes/manifests/etcd.yaml', name: 'etcd', apiReferences: [] },
      { file: '/etc/kubernetes/manifests/kube-vip.yaml', name: 'kube-vip', apiReferences: ['ServiceAccount kube-vip'] },
    ]);
    assert.ok(shell.calls.includes('sudo cat /etc/kubernetes/manifests/kube-vip.yaml'), 'manifests are root-only');
  });

  it('reports what could not be read, and passes over what is not there', async () => {
    const denied: CommandResult = { exitCode: 1, stdout: '', stderr: 'cat: /var/lib/kubelet/config.yaml: Permission denied\n', timedOut: false, durationMs: 1 };
    const { facts, problems } = await readNodeConfig(scriptedShell({ 'cat /var/lib/kubelet/config.yaml': denied, 'stat -fc %T /sys/fs/cgroup': 'cgroup2fs\n', 'cat /etc/kubernetes/manifests/x.yaml': ':' }), 'cp-1');
    assert.deepEqual(problems, ['failed to read /var/lib/kubelet/config.yaml on node cp-1: cat: /var/lib/kubelet/config.yaml: Permission denied']);
    assert.deepEqual(facts, { kubeletFlags: [], cgroupVersion: 2, staticPods: [] });
  });

  it('tells the cgroup version and containerd\'s driver from what the node prints', () => {
    assert.deepEqual(['cgroup2fs\n', 'tmpfs', 'ext4'].map(cgroupVersionOf), [2, 1, undefined]);
    assert.equal(containerdSystemdCgroupOf('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n'), true);
    assert.equal(containerdSystemdCgroupOf('  SystemdCgroup = false\n'), false);
    assert.equal(containerdSystemdCgroupOf('version = 2\n'), false);
  });
});
