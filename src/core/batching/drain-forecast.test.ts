import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { DEFAULT_WORKLOAD_UNAVAILABLE } from './choose-batches.js';
import { batchModel, DrainForecast } from './drain-forecast.js';

describe('DrainForecast', () => {
  it('forecasts evicted pods where the scheduler puts them: fewest pods of the workload first, then the most room left', () => {
    const cluster = aCluster()
      .withWorkers('v1.32.9', 4)
      .withNode('worker-3', { allocatable: { cpu: '8', memory: '16Gi', pods: 110 } })
      .withWorkload({ kind: 'Deployment', name: 'web', replicas: 4, requests: { cpu: '500m' } })
      .withWorkload({ kind: 'Deployment', name: 'api', replicas: 1, requests: { cpu: '100m' } })
      .build();
    const on = (node: string) => cluster.pods.filter((p) => p.node === node && (p.owner?.name === 'web' || p.owner?.name === 'api'));
    const forecast = new DrainForecast(batchModel(cluster, DEFAULT_WORKLOAD_UNAVAILABLE));
    const leaving = on('worker-1');
    forecast.drain(['worker-1']);
    const where = (uid: string) => forecast.moved.get(uid);
    const web = leaving.filter((p) => p.owner?.name === 'web').map((p) => p.uid);
    const api = leaving.filter((p) => p.owner?.name === 'api').map((p) => p.uid);
    // Every worker carries one web pod; worker-3 has the most room left.
    assert.deepEqual(web.map(where), ['worker-3']);
    const apiHome = cluster.pods.find((p) => p.owner?.name === 'api')?.node;
    if (apiHome === 'worker-1') assert.deepEqual(api.map(where), ['worker-3']);
    // Drained and uncordoned, worker-1 is the one worker without a web pod: worker-2's goes there.
    const second = on('worker-2').filter((p) => p.owner?.name === 'web').map((p) => p.uid);
    forecast.drain(['worker-2']);
    assert.deepEqual(second.map(where), ['worker-1']);
  });
});
