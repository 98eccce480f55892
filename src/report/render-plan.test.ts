import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCluster } from '../adapters/file/read-cluster-file.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { planUpgrade } from '../core/planning/index.js';
import { parseVersion } from '../core/version/index.js';
import { latestPatch } from '../../test/builders/release-patches.js';
import { componentRows } from './render-plan.js';

const withEtcd = (cluster: ClusterSnapshot, tag: string): ClusterSnapshot => ({
  ...cluster,
  nodes: cluster.nodes.map((n) => (n.controlPlane ? { ...n, controlPlane: { ...n.controlPlane, etcd: tag } } : n)),
});

describe('componentRows', () => {
  const cases: { name: string; etcd: string; target: string }[] = [
    { name: 'shows the etcd kubeadm installs when the member is older', etcd: '3.5.0-0', target: '3.5.4-0 (approx.)' },
    { name: 'keeps an etcd newer than the target release pins, as kubeadm does', etcd: '3.5.6-0', target: '3.5.6-0 (kept: kubeadm does not downgrade etcd)' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const cluster = withEtcd(await readCluster('shop'), c.etcd);
      const plan = planUpgrade(cluster, { target: parseVersion('1.25.16'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
      assert.deepEqual(componentRows(cluster, plan).find((r) => r[0] === 'etcd'), ['etcd', 'cp-1', c.etcd, c.target]);
    });
  }
});
