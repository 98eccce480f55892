import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagLocation, formatFlag, parseFlags } from './parse-flags.js';

describe('parseFlags', () => {
  const cases: { name: string; text: string; flags: [string, string | undefined, number][] }[] = [
    { name: 'reads what kubeadm v1.20 writes for Docker into kubeadm-flags.env', text: 'KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=registry.rk:5000/pause:3.2"\n', flags: [['--network-plugin', 'cni', 1], ['--pod-infra-container-image', 'registry.rk:5000/pause:3.2', 1]] },
    { name: 'reads what it writes for containerd', text: 'KUBELET_KUBEADM_ARGS="--container-runtime=remote --container-runtime-endpoint=/run/containerd/containerd.sock"', flags: [['--container-runtime', 'remote', 1], ['--container-runtime-endpoint', '/run/containerd/containerd.sock', 1]] },
    { name: 'reads the Environment lines of a systemd drop-in, with their line numbers, skipping comments', text: '# Note: This dropin only works with kubeadm\n[Service]\nEnvironment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS --cgroup-driver=cgroupfs', flags: [['--bootstrap-kubeconfig', '/etc/kubernetes/bootstrap-kubelet.conf', 3], ['--kubeconfig', '/etc/kubernetes/kubelet.conf', 3], ['--cgroup-driver', 'cgroupfs', 4]] },
    { name: 'reads bare flags and quoted values of /etc/default/kubelet', text: "KUBELET_EXTRA_ARGS=--fail-swap-on --node-labels='a=b,c=d'", flags: [['--fail-swap-on', undefined, 1], ['--node-labels', 'a=b,c=d', 1]] },
    { name: 'finds nothing in an empty file', text: 'KUBELET_EXTRA_ARGS=\n', flags: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(parseFlags(c.text, 'f').map((s) => [s.flag, s.value, s.line]), c.flags);
    });
  }

  it('writes a flag back and says where it is', () => {
    const [setting] = parseFlags('\nA="--network-plugin=cni"', '/var/lib/kubelet/kubeadm-flags.env');
    assert.equal(formatFlag(setting!), '--network-plugin=cni');
    assert.equal(flagLocation(setting!), '/var/lib/kubelet/kubeadm-flags.env:2');
    assert.equal(flagLocation({ flag: '--port', file: 'configmap kube-system/kubeadm-config', field: 'ClusterConfiguration.scheduler.extraArgs' }), 'configmap kube-system/kubeadm-config, ClusterConfiguration.scheduler.extraArgs');
  });
});
