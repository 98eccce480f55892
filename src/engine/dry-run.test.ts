import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { createMemoryPorts } from '../adapters/memory/index.js';
import { dryRunClusterApi, dryRunNodeShell, type DryRunAction } from './dry-run.js';

const snapshot = aCluster()
  .withControlPlane('v1.34.2')
  .withWorkers('v1.34.2', 1)
  .withWorkload({ kind: 'Deployment', name: 'web', replicas: 1 })
  .withPod({ name: 'web-a', node: 'worker-1', owner: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } })
  .build();

describe('dry-run decorators', () => {
  it('record mutations instead of making them, and show their effect to later reads', async () => {
    const m = createMemoryPorts(snapshot);
    const actions: DryRunAction[] = [];
    const api = dryRunClusterApi(m.recorder.api, (a) => actions.push(a));
    await api.cordon('worker-1');
    await api.evictPod('default', 'web-a');
    assert.deepEqual(actions, [
      { kind: 'api', call: 'cordon', target: 'worker-1' },
      { kind: 'api', call: 'evict', target: 'default/web-a' },
    ]);
    assert.deepEqual(m.recorder.mutations, []);
    assert.equal(m.cluster.nodes.get('worker-1')?.cordoned, false);
    assert.equal((await api.getNode('worker-1'))?.cordoned, true);
    assert.equal(await api.getPod('default', 'web-a'), undefined);
    assert.ok(!(await api.listPodsOnNode('worker-1')).some((p) => p.name === 'web-a'));
    assert.ok((await api.readSnapshot()).nodes.find((n) => n.name === 'worker-1')?.cordoned);
    await api.uncordon('worker-1');
    assert.equal((await api.getNode('worker-1'))?.cordoned, false);
  });

  it('end the waits for a pod it evicted to go and for a budget to allow one at once, the real cluster unchanged', async () => {
    const m = createMemoryPorts(snapshot);
    const api = dryRunClusterApi(m.recorder.api, () => {});
    const pod = await api.getPod('default', 'web-a');
    assert.ok(pod);
    await api.evictPod('default', 'web-a');
    const started = m.clock.now();
    const waits = [
      api.waitForChange({ kind: 'pod', namespace: 'default', name: 'web-a', untilGoneUid: pod.uid }, 60_000),
      api.waitForChange({ kind: 'pdb', namespace: 'default', name: 'web', untilDisruptionAllowed: true }, 60_000),
    ];
    assert.deepEqual(await Promise.all(waits), ['reached', 'reached']);
    assert.equal(m.clock.now(), started);
    assert.equal(m.cluster.pods.get('default/web-a')?.uid, pod.uid);
  });

  it('run read-only checks for real and record every other command', async () => {
    const m = createMemoryPorts(snapshot);
    const actions: DryRunAction[] = [];
    const shell = dryRunNodeShell(m.shell, (a) => actions.push(a));
    const version = await shell.run('worker-1', ['kubeadm', 'version', '-o', 'short'], { privileged: false, timeoutMs: 1000, readOnly: true });
    assert.equal(version.stdout, 'v1.34.2\n');
    const install = await shell.run('worker-1', ['apt-get', 'install', '-y', 'kubeadm=1.35.9-*'], { privileged: true, timeoutMs: 1000 });
    assert.equal(install.exitCode, 0);
    assert.deepEqual(actions, [{ kind: 'command', node: 'worker-1', argv: ['apt-get', 'install', '-y', 'kubeadm=1.35.9-*'], privileged: true }]);
    assert.deepEqual(m.shell.calls.map((c) => c.argv.join(' ')), ['kubeadm version -o short']);
  });
});
