import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { planUpgrade, type UpgradePlan } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import { simulateUpgrade } from './simulate-upgrade.js';

// The skew policy is judged at every change of versions, whatever the plan says: a plan stripped
// of steps it needs must show its violations, wherever in the cluster they appear.

const only = (plan: UpgradePlan, keep: (step: UpgradePlan['steps'][number]) => boolean): UpgradePlan => ({ ...plan, steps: plan.steps.filter(keep) });

describe('simulateUpgrade skew checks', () => {
  it('sees workers left too far behind when the control plane moves on, though the workers did not change', async () => {
    const cluster = aCluster().withControlPlane('v1.33.5').withWorkers('v1.30.14', 2).build();
    const plan = planUpgrade(cluster, { target: parseVersion('v1.34.2'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    // Without the workers' steps, and with --force: kubeadm itself would refuse to leave them behind.
    const forced = only(plan, (s) => s.phase !== 'workers').steps.map((s) => (s.action === 'kubeadm-apply' ? { ...s, commands: s.commands.map((c) => (c.includes('apply') ? [...c, '--force'] : c)) } : s));
    const report = await simulateUpgrade({ cluster, plan: { ...plan, steps: forced }, seed: 1 });
    const tooOld = report.skewViolations.filter((m) => /^kubelet v1\.30\.14 on worker-\d+ is 4 minors older than kube-apiserver v1\.34/.test(m));
    assert.equal(tooOld.length, 2, report.skewViolations.join('\n'));
  });

  it('sees a kubelet upgraded past the control plane on the node that changed', async () => {
    const cluster = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.5', 2).build();
    const plan = planUpgrade(cluster, { target: parseVersion('v1.34.2'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    // Without `kubeadm upgrade node`, which would refuse to go past the control plane.
    const report = await simulateUpgrade({ cluster, plan: only(plan, (s) => s.phase === 'workers' && s.action !== 'kubeadm-upgrade-node'), seed: 1 });
    assert.ok(report.skewViolations.some((m) => /^kubelet v1\.34\.\d+ on worker-1 is newer than kube-apiserver v1\.33\.5/.test(m)), report.skewViolations.join('\n'));
  });

  it('reports a skew the cluster had before the first step once any version changes, even on another node', async () => {
    const cluster = aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.4', 2).withNode('worker-1', { kubelet: 'v1.29.10' }).build();
    const plan = planUpgrade(aCluster().withControlPlane('v1.33.5').withWorkers('v1.33.4', 2).build(), { target: parseVersion('v1.33.5'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    const report = await simulateUpgrade({ cluster, plan: only(plan, (s) => s.node === 'worker-2'), seed: 1 });
    assert.equal(report.status, 'completed', report.error);
    assert.ok(report.skewViolations.some((m) => /^kubelet v1\.29\.10 on worker-1 is 4 minors older than kube-apiserver v1\.33\.5/.test(m)), report.skewViolations.join('\n'));
  });
});
