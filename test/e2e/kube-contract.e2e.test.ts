import { after, test } from 'node:test';
import { ClusterApiError } from '../../src/core/errors.js';
import { KubeConfigMapJournal } from '../../src/adapters/kube/kube-config-map-journal.js';
import { KubeLeaseLock } from '../../src/adapters/kube/kube-lease-lock.js';
import { openKubeCluster } from '../../src/adapters/kube/open-kube-cluster.js';
import { clusterApiContract } from '../contract/cluster-api.contract.js';
import { journalContract } from '../contract/journal.contract.js';
import { adminHttp, sleep } from './kube-contract/admin-http.js';
import { apiRestartCheck } from './kube-contract/api-restart-check.js';
import { startControlPlane } from './kube-contract/control-plane.js';
import { kubeAdapterChecks } from './kube-contract/kube-adapter-checks.js';
import { startNodeAgent } from './kube-contract/node-agent.js';
import { rbacChecks } from './kube-contract/rbac-checks.js';
import { resetKubeCluster, seedKubeCluster } from './kube-contract/seed-kube-cluster.js';
import { DEAD_PID, lockContract, STALE_AFTER_MS } from '../contract/lock.contract.js';

// The contracts on a real kube-apiserver v1.20.2 (etcd, controller-manager and scheduler too),
// started here from test/e2e/control-plane and stopped at the end. It has no kubelets: the
// fixture creates Node objects and a small agent marks pods Running and finalises deletions.

const start = await startControlPlane();

if (!start.ok) {
  test('the contracts on a real API server', { skip: start.skip }, () => {});
} else {
  const { plane } = start;
  const admin = adminHttp(plane.adminKubeconfig);
  const agent = startNodeAgent(admin);
  const cluster = openKubeCluster({ kubeconfig: plane.adminKubeconfig });
  after(async () => {
    await agent.stop();
    cluster.close();
    admin.close();
    await plane.stop();
  });

  clusterApiContract(`kube-apiserver v1.20.2, started in ${plane.startSeconds.toFixed(0)}s`, async (seed) => {
    await resetKubeCluster(admin);
    await seedKubeCluster(admin, seed);
    return { api: cluster.api, now: () => Date.now(), pass: sleep };
  });

  let n = 0;
  lockContract('Lease', async (now) => {
    const name = `kubehop-upgrade-contract-${++n}`;
    return {
      lockFor: (run) => new KubeLeaseLock(admin, { name, now, pid: run.pid, host: run.host, leaseDurationSeconds: STALE_AFTER_MS / 1000, isProcessAlive: (pid) => pid !== DEAD_PID }),
    };
  });

  journalContract('ConfigMap', async () => {
    const name = `kubehop-journal-contract-${++n}`;
    const path = '/api/v1/namespaces/kube-system/configmaps';
    return {
      open: () => new KubeConfigMapJournal(admin, { name }),
      corrupt: async (text) => {
        await admin.request({ method: 'DELETE', path: `${path}/${name}`, action: 'delete', rbac: { verb: 'delete', resource: 'configmaps' } }).catch((error: unknown) => {
          if (!(error instanceof ClusterApiError && error.isNotFound())) throw error;
        });
        await admin.request({ method: 'POST', path, body: { metadata: { name }, data: { 'journal.json': text } }, action: 'create', rbac: { verb: 'create', resource: 'configmaps' } });
      },
    };
  });

  kubeAdapterChecks(plane, admin);
  rbacChecks(plane, admin);
  apiRestartCheck(plane);
}
