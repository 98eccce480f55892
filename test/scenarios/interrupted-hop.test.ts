import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCluster } from '../../src/adapters/file/read-cluster-file.js';
import { simulateUpgrade } from '../../src/app/simulate-upgrade.js';
import { planUpgrade } from '../../src/core/planning/index.js';
import { checkSkew } from '../../src/core/skew/index.js';
import { parseVersion } from '../../src/core/version/index.js';
import { latestPatch } from '../builders/release-patches.js';

// An HA control plane whose upgrade stopped after `kubeadm upgrade apply` on the first node:
// the plan finishes that hop on the nodes left behind, then goes on, and the simulator carries
// it out with kubeadm's own refusals in force.

const FIXTURE = new URL('../fixtures/clusters/interrupted-ha.yaml', import.meta.url).pathname;

describe('an HA control plane caught mid-upgrade', () => {
  it('is told apart by check: the hop to v1.33 stopped half way and the plan finishes it', async () => {
    const cluster = await readCluster(FIXTURE);
    const finding = checkSkew(cluster).find((f) => f.code === 'FINISHES_INTERRUPTED_HOP');
    assert.ok(finding);
    assert.equal(finding.severity, 'info');
    assert.equal(
      finding.message,
      'the upgrade to v1.33 stopped half way: cp-1 runs v1.33.5, cp-2 (v1.32.9), cp-3 (v1.32.9) not yet — the plan finishes it first: kubeadm v1.33.5 and "kubeadm upgrade node" on cp-2, cp-3, then their kubelets, before the next hop',
    );
  });

  it('is planned: the lagging control-plane nodes run kubeadm upgrade node at v1.33.5 and take their kubelets there before the hop to v1.34', async () => {
    const cluster = await readCluster(FIXTURE);
    const plan = planUpgrade(cluster, { target: parseVersion('v1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    const ids = plan.steps.map((s) => s.id);
    const apply = ids.indexOf('v1.34/control-plane/cp-1/kubeadm-apply');
    for (const node of ['cp-2', 'cp-3']) {
      for (const action of ['switch-repository', 'upgrade-kubeadm', 'kubeadm-upgrade-node']) {
        const at = ids.indexOf(`v1.33/control-plane/${node}/${action}`);
        assert.ok(at >= 0 && at < apply, `${node} ${action} before the hop to v1.34`);
      }
      const kubelet = plan.steps.find((s) => s.id === `v1.33/control-plane-kubelet/${node}/upgrade-kubelet`);
      assert.equal(kubelet?.version, 'v1.33.5');
      assert.ok(ids.indexOf(kubelet.id) < apply);
    }
    assert.equal(ids.some((id) => id.startsWith('v1.33/control-plane/cp-1/')), false, 'cp-1 already finished the hop');
    assert.deepEqual(plan.hops.map((h) => h.version), ['v1.34.11']);
    assert.equal(plan.notes.some((n) => n.code === 'FINISHES_INTERRUPTED_HOP'), true);
  });

  it('is carried out end to end on the simulator: every node at v1.34.11 without a skew violation', async () => {
    const cluster = await readCluster(FIXTURE);
    const plan = planUpgrade(cluster, { target: parseVersion('v1.34.11'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    const report = await simulateUpgrade({ cluster, plan, seed: 3 });
    assert.equal(report.status, 'completed', report.error);
    assert.equal(report.allAtTarget, true, report.finalVersions.join('\n'));
    assert.deepEqual(report.skewViolations, []);
    assert.deepEqual(report.pdbViolations, []);
  });
});
