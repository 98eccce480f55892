import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInBreakingChanges } from '../../test/builders/breaking-changes.js';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { checkBreakingChanges } from '../core/preflight/index.js';
import { parseVersion } from '../core/version/index.js';
import { renderRunbook } from './render-runbook.js';

function runbook(cluster: ClusterSnapshot, to: string): string[] {
  const plan = planUpgrade(cluster, { target: parseVersion(to), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  return renderRunbook(cluster, plan, checkBreakingChanges(cluster, plan, builtInBreakingChanges())).split('\n');
}

const cniLines = (lines: readonly string[]) => lines.flatMap((l, i) => (l.startsWith('- [ ] **CNI plugin**') ? [`${lines[i - 2] ?? ''} | ${l}`] : []));

describe('the runbook and the CNI plugin', () => {
  it('asks, at each hop into a new minor, to check the CNI plugin against its documentation, as kubeadm\'s upgrade guide does', () => {
    const lines = runbook(aCluster().withControlPlane('v1.33.5', 1).withWorkers('v1.33.5', 1).build(), 'v1.35.9');
    assert.deepEqual(cniLines(lines), [
      "## Control plane at v1.34.11 | - [ ] **CNI plugin**: kubeadm does not upgrade the pod network add-on — before this hop, check in your CNI plugin's documentation that the release you run supports v1.34, and upgrade it first where it does not (kubeadm's upgrade guide: upgrade the CNI provider plugin manually)",
      "## Control plane at v1.35.9 | - [ ] **CNI plugin**: kubeadm does not upgrade the pod network add-on — before this hop, check in your CNI plugin's documentation that the release you run supports v1.35, and upgrade it first where it does not (kubeadm's upgrade guide: upgrade the CNI provider plugin manually)",
    ]);
    assert.equal(lines.includes('## CNI plugin'), false);
  });

  it('names a CNI plugin the catalog knows, with what its documentation requires and where, once, and at each hop', () => {
    const calico = aCluster().withControlPlane('v1.33.5', 1).withWorkers('v1.33.5', 1).withWorkload({ kind: 'DaemonSet', namespace: 'kube-system', name: 'calico-node' }).build();
    const lines = runbook(calico, 'v1.35.9');
    const section = lines.indexOf('## CNI plugin');
    assert.ok(section > 0 && section < lines.indexOf('## Control plane at v1.34.11'));
    assert.match(lines[section + 2] ?? '', /^- Calico runs the pod network \(DaemonSet kube-system\/calico-node\) .* https:\/\/docs\.tigera\.io\/calico\/latest\/getting-started\/kubernetes\/requirements#kubernetes-requirements/);
    assert.deepEqual(cniLines(lines), [
      '## Control plane at v1.34.11 | - [ ] **CNI plugin**: DaemonSet kube-system/calico-node runs a release its documentation lists for v1.34 (section "CNI plugin" above); upgrade it first where it does not',
      '## Control plane at v1.35.9 | - [ ] **CNI plugin**: DaemonSet kube-system/calico-node runs a release its documentation lists for v1.35 (section "CNI plugin" above); upgrade it first where it does not',
    ]);
  });

  it('asks nothing of the CNI plugin for a patch-only upgrade', () => {
    assert.deepEqual(cniLines(runbook(aCluster().withControlPlane('v1.33.5', 1).withWorkers('v1.33.5', 1).build(), 'v1.33.13')), []);
  });
});
