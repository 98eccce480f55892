import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInBreakingChanges } from '../../../test/builders/breaking-changes.js';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { parseFlags, type ClusterSnapshot } from '../cluster/index.js';
import { planUpgrade, validatePlan } from '../planning/index.js';
import { parseVersion } from '../version/index.js';
import { checkBreakingChanges } from './check-breaking-changes.js';
import { flagRemovedBy, planFixes, removeFlagCommand } from './plan-fixes.js';

const CATALOG = builtInBreakingChanges();
const FLAGS = 'KUBELET_KUBEADM_ARGS="--container-runtime=remote --container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.7"';

function shopLike(): ClusterSnapshot {
  const built = aCluster().withControlPlane('v1.26.15', 1).withWorkers('v1.26.15', 1).build();
  return { ...built, nodes: built.nodes.map((n) => ({ ...n, facts: { kubeletFlags: parseFlags(FLAGS, '/var/lib/kubelet/kubeadm-flags.env') } })) };
}
const planTo = (cluster: ClusterSnapshot, to: string) => planUpgrade(cluster, { target: parseVersion(to), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });

describe('planFixes', () => {
  it('takes each removed kubelet flag out of its file just before the kubelet upgrade that refuses it', () => {
    const cluster = shopLike();
    const plan = planFixes(planTo(cluster, '1.27.16'), cluster, CATALOG, ['KUBELET_FLAG_REMOVED']);
    const worker = plan.steps.filter((s) => s.node === 'worker-1').map((s) => s.action);
    assert.deepEqual(worker.slice(worker.indexOf('drain')), ['drain', 'remove-kubelet-flags', 'upgrade-kubelet', 'wait-ready', 'uncordon']);
    const fix = plan.steps.find((s) => s.id === 'v1.27/workers/worker-1/remove-kubelet-flags');
    assert.deepEqual(fix?.commands, [['sed', '-i', '-E', 's# *--container-runtime(=[^ "]*)?([ "]|$)#\\2#g', '/var/lib/kubelet/kubeadm-flags.env']]);
    assert.equal(fix?.description, 'remove --container-runtime from /var/lib/kubelet/kubeadm-flags.env on worker-1: the kubelet of v1.27.16 refuses it');
    assert.deepEqual(validatePlan(cluster, plan), { ok: true });
  });

  it('turns the findings it fixes into information, and leaves flags of later minors to later steps', () => {
    const cluster = shopLike();
    const plan = planFixes(planTo(cluster, '1.35.9'), cluster, CATALOG, ['KUBELET_FLAG_REMOVED']);
    const flagFindings = checkBreakingChanges(cluster, plan, CATALOG).filter((f) => f.code === 'KUBELET_FLAG_REMOVED');
    assert.deepEqual([...new Set(flagFindings.map((f) => f.severity))], ['info']);
    const removals = plan.steps.filter((s) => s.action === 'remove-kubelet-flags' && s.node === 'worker-1').map((s) => [s.version, s.commands.map((c) => flagRemovedBy(c)?.flag)]);
    assert.deepEqual(removals, [['v1.27.16', ['--container-runtime']], ['v1.35.9', ['--pod-infra-container-image']]]);
  });

  it('changes nothing without the code, or where no flag is removed', () => {
    const cluster = shopLike();
    const plan = planTo(cluster, '1.26.15');
    assert.equal(planFixes(plan, cluster, CATALOG, ['KUBELET_FLAG_REMOVED']), plan);
    const later = planTo(cluster, '1.27.16');
    assert.equal(planFixes(later, cluster, CATALOG, []), later);
  });

  it('refuses codes it cannot fix', () => {
    const cluster = shopLike();
    assert.throws(() => planFixes(planTo(cluster, '1.27.16'), cluster, CATALOG, ['DOCKERSHIM_REMOVED']), { name: 'ConfigError', message: '--fix DOCKERSHIM_REMOVED: kubehop can only plan fixes for KUBELET_FLAG_REMOVED; fix the others by hand as the preflight findings say' });
  });

  it('reads back the flag a removal takes out, and nothing from another command', () => {
    assert.deepEqual(flagRemovedBy(removeFlagCommand('--network-plugin', '/etc/default/kubelet')), { flag: '--network-plugin', file: '/etc/default/kubelet' });
    assert.equal(flagRemovedBy(['sed', '-i', 's/a/b/', '/etc/default/kubelet']), undefined);
    assert.throws(() => removeFlagCommand('--x;rm -rf /', '/etc/default/kubelet'), { name: 'ConfigError' });
  });
});
