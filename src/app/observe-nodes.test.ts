import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../test/builders/cluster-builder.js';
import { createSimulation } from '../adapters/sim/index.js';
import { NodeCommandError } from '../core/errors.js';
import type { NodeShell } from '../ports/index.js';
import { observeNodes } from './observe-nodes.js';

describe('observeNodes', () => {
  it('marks a node it cannot reach and reads the others, instead of failing the whole read', async () => {
    const cluster = aCluster().withWorkers('v1.33.5', 2).build();
    const sim = createSimulation(cluster, { seed: 1 });
    const shell: NodeShell = {
      run: async (node, argv, options) => {
        if (node === 'worker-2') throw new NodeCommandError('failed to connect to worker-2 (10.0.0.12:22): connect ETIMEDOUT', { node, argv, exitCode: null, stdout: '', stderr: '', timedOut: true });
        return sim.shell.run(node, argv, options);
      },
    };
    const { nodes, problems } = await observeNodes(shell, cluster.nodes);
    assert.deepEqual(nodes.map((n) => [n.name, n.facts?.reachable]), [['cp-1', undefined], ['worker-1', undefined], ['worker-2', false]]);
    assert.deepEqual(problems, ['node worker-2 could not be reached: failed to connect to worker-2 (10.0.0.12:22): connect ETIMEDOUT']);
    assert.equal(nodes[1]?.facts?.cgroupVersion, 2, 'the other nodes were read');
  });
});
