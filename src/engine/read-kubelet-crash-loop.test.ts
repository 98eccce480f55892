import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastKubeletError } from './read-kubelet-crash-loop.js';

// What `journalctl --unit kubelet --output cat` shows for a kubelet that exits at every start,
// as seen on a real kubeadm node (kubelet 1.21 with an unknown flag in /etc/default/kubelet).
const journals: { name: string; log: string; error: string | undefined }[] = [
  {
    name: "the kubelet's own error, not systemd's lines after it",
    log: [
      'Started kubelet.service - kubelet: The Kubernetes Node Agent.',
      'Error: failed to parse kubelet flag: unknown flag: --kubehop-e2e-no-such-flag',
      'kubelet.service: Main process exited, code=exited, status=1/FAILURE',
      "kubelet.service: Failed with result 'exit-code'.",
      'kubelet.service: Scheduled restart job, restart counter is at 3.',
    ].join('\n'),
    error: 'Error: failed to parse kubelet flag: unknown flag: --kubehop-e2e-no-such-flag',
  },
  {
    name: 'a klog error line',
    log: 'I1202 17:04:44.114571 5437 server.go:416] Version: v1.21.0\nE1202 17:04:44.2 5437 server.go:292] "Failed to run kubelet" err="running with swap on is not supported"\n',
    error: 'E1202 17:04:44.2 5437 server.go:292] "Failed to run kubelet" err="running with swap on is not supported"',
  },
  { name: 'nothing but systemd', log: "kubelet.service: Failed with result 'exit-code'.\n", error: undefined },
];
for (const j of journals) {
  test(`finds ${j.name}`, () => {
    assert.equal(lastKubeletError(j.log), j.error);
  });
}
