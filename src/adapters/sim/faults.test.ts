import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restartKubeletCommands } from '../../core/planning/index.js';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { createSimulation } from './create-simulation.js';

const ROOT = { privileged: true, timeoutMs: 15 * 60_000 };

test('a node with the never-ready fault stays NotReady after a kubelet restart, and its pods with it', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).withWorkload({ kind: 'DaemonSet', name: 'agent', tolerations: [{ operator: 'Exists' }] }).build();
  const sim = createSimulation(cluster, { seed: 4, faults: { nodesNeverReadyAfterRestart: ['worker-1'] } });
  for (const argv of restartKubeletCommands()) assert.equal((await sim.shell.run('worker-1', argv, ROOT)).exitCode, 0);
  for (const argv of restartKubeletCommands()) assert.equal((await sim.shell.run('worker-2', argv, ROOT)).exitCode, 0);
  await sim.advance(10 * 60_000);
  const nodes = sim.snapshot().nodes;
  assert.equal(nodes.find((n) => n.name === 'worker-1')?.ready, false);
  assert.equal(nodes.find((n) => n.name === 'worker-2')?.ready, true);
  const agent = (node: string) => sim.snapshot().pods.find((p) => p.labels.app === 'agent' && p.node === node);
  assert.equal(agent('worker-1')?.ready, false);
  assert.equal(agent('worker-2')?.ready, true);
  const stuck = agent('worker-1');
  assert.ok(stuck);
  await sim.api.deletePod('default', stuck.name);
  await sim.advance(5 * 60_000);
  assert.equal((await sim.api.getPod('default', stuck.name))?.deleting, true, 'a pod cannot finish terminating while its kubelet is down');
});

test('a command fault fails the matching command the given number of times, then lets it work', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 2).build();
  const fault = { node: 'worker-1', argvPrefix: ['apt-get', 'update'], times: 2, exitCode: 100, stderr: 'E: Failed to fetch https://pkgs.k8s.io/ 503\n' };
  const sim = createSimulation(cluster, { seed: 4, faults: { failingCommands: [fault] } });
  const run = (node: string) => sim.shell.run(node, ['apt-get', 'update'], ROOT);
  const first = await run('worker-1');
  assert.deepEqual([first.exitCode, first.stderr], [100, 'E: Failed to fetch https://pkgs.k8s.io/ 503\n']);
  assert.equal((await run('worker-2')).exitCode, 0, 'only on its node');
  assert.equal((await run('worker-1')).exitCode, 100);
  assert.equal((await run('worker-1')).exitCode, 0);
});

test('a command fault without a count fails every time', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 1).build();
  const sim = createSimulation(cluster, { seed: 4, faults: { failingCommands: [{ argvPrefix: ['systemctl', 'restart'] }] } });
  for (let i = 0; i < 3; i++) {
    const result = await sim.shell.run('worker-1', ['systemctl', 'restart', 'kubelet'], ROOT);
    assert.deepEqual([result.exitCode, result.stderr], [1, 'systemctl restart kubelet: failed (simulated fault)\n']);
  }
  assert.equal(sim.snapshot().nodes.find((n) => n.name === 'worker-1')?.ready, true, 'the failed restart changed nothing');
});

test('the new pods of a never-ready workload run but never become Ready', async () => {
  const cluster = aCluster().withWorkers('v1.32.9', 3).withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 }).build();
  const sim = createSimulation(cluster, { seed: 4, faults: { workloadsNeverReady: ['default/web'] } });
  const [victim] = cluster.pods.filter((p) => p.labels.app === 'web');
  assert.ok(victim);
  await sim.api.evictPod('default', victim.name);
  await sim.advance(10 * 60_000);
  const pods = sim.snapshot().pods.filter((p) => p.labels.app === 'web');
  assert.deepEqual(pods.map((p) => [p.phase, p.ready]).sort(), [['Running', false], ['Running', true]]);
  assert.equal(sim.metrics().workloads.find((w) => w.name === 'web')?.belowDesiredMs, 10 * 60_000);
});
