import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ClusterApiError } from '../../../src/core/errors.js';
import { KubeConfigMapJournal } from '../../../src/adapters/kube/kube-config-map-journal.js';
import { KubeDiscovery } from '../../../src/adapters/kube/kube-discovery.js';
import type { KubeHttp } from '../../../src/adapters/kube/kube-http.js';
import { KubeLeaseLock } from '../../../src/adapters/kube/kube-lease-lock.js';
import type { KubeLease, KubePod } from '../../../src/adapters/kube/kube-objects.js';
import { openKubeCluster } from '../../../src/adapters/kube/open-kube-cluster.js';
import type { JournalRecord } from '../../../src/ports/index.js';
import type { ControlPlane } from './control-plane.js';
import { NO_AGENT } from './node-agent.js';
import { rejection } from '../../builders/cluster-api-rejection.js';

// What only the real adapter has, checked on the real server: discovery of the policy group
// versions, messages for an unreachable server and bad credentials, the Lease and ConfigMap as
// stored, optimistic concurrency on the journal, and grace periods that reach the server.

const RECORD: JournalRecord = {
  format: 'kubehop.journal/v1', planId: 'p', startedAt: 1, updatedAt: 2, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'running',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function kubeconfigWith(plane: ControlPlane, name: string, change: (text: string) => string): Promise<string> {
  const path = join(plane.dir, name);
  await writeFile(path, change(await readFile(plane.adminKubeconfig, 'utf8')), { mode: 0o600 });
  return path;
}

export function kubeAdapterChecks(plane: ControlPlane, admin: KubeHttp): void {
  describe('KubeClusterApi on kube-apiserver v1.20.2', () => {
    it('finds evictions and budgets in policy/v1beta1 through discovery, as kubectl does', async () => {
      const discovery = new KubeDiscovery(admin);
      assert.equal(await discovery.evictionVersion(), 'policy/v1beta1');
      assert.equal(await discovery.pdbVersion(), 'policy/v1beta1');
    });

    it('names the server and the flags to check when nothing listens there', async () => {
      const port = await freePort();
      const server = `https://127.0.0.1:${port}`;
      const kubeconfig = await kubeconfigWith(plane, 'down.kubeconfig', (t) => t.replace(/server: .*/, `server: ${server}`));
      const down = openKubeCluster({ kubeconfig });
      const error = await rejection(down.api.readSnapshot());
      assert.equal(error.message, `failed to reach the API server at ${server}: ECONNREFUSED; check the cluster is up and --kubeconfig/--context point at it`);
      assert.equal(error.status, undefined);
      assert.equal(await down.api.isApiReady(), false);
      await rejection(down.api.waitForChange({ kind: 'node', name: 'cp-1' }, 1_000));
      down.close();
    });

    it('says which credentials the server refused', async () => {
      const kubeconfig = await kubeconfigWith(plane, 'bad-token.kubeconfig', (t) => t.replace(/token: .*/, 'token: not-a-valid-token'));
      const bad = openKubeCluster({ kubeconfig });
      const error = await rejection(bad.api.getNode('cp-1'));
      assert.equal(error.status, 401);
      assert.equal(error.message, `failed to read node cp-1: the API server at ${plane.server} did not accept the credentials of user admin (401 Unauthorized); renew the token or certificate of context admin@kubehop-e2e in the kubeconfig`);
      bad.close();
    });

    it('stores the lock as a Lease with holder, acquire and renew times and duration, and deletes it on release', async () => {
      let now = Date.parse('2026-03-01T10:00:00.000Z');
      const lock = new KubeLeaseLock(admin, { name: 'kubehop-upgrade-shape', now: () => now, pid: 42, host: 'ops-1', leaseDurationSeconds: 900 });
      const handle = await lock.acquire('alice');
      const path = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kubehop-upgrade-shape';
      const read = () => admin.request<KubeLease>({ method: 'GET', path, action: 'read', rbac: { verb: 'get', resource: 'leases' } });
      const first = await read();
      assert.deepEqual(first.spec, {
        holderIdentity: 'alice', leaseDurationSeconds: 900, acquireTime: '2026-03-01T10:00:00.000000Z', renewTime: '2026-03-01T10:00:00.000000Z', leaseTransitions: 0,
      });
      assert.deepEqual([first.metadata.annotations?.['kubehop.io/pid'], first.metadata.annotations?.['kubehop.io/host']], ['42', 'ops-1']);
      now += 61_000;
      await handle.renew();
      assert.equal((await read()).spec?.renewTime, '2026-03-01T10:01:01.000000Z');
      await handle.release();
      await assert.rejects(read(), (e: unknown) => e instanceof ClusterApiError && e.isNotFound());
    });

    it('refuses a journal write over a record another run wrote since this run read it', async () => {
      const name = 'kubehop-journal-conflict';
      const mine = new KubeConfigMapJournal(admin, { name });
      const theirs = new KubeConfigMapJournal(admin, { name });
      assert.equal(await mine.read(), undefined);
      assert.equal(await theirs.read(), undefined);
      await theirs.write({ ...RECORD, planId: 'theirs' });
      const error = await rejection(mine.write({ ...RECORD, planId: 'mine' }));
      assert.equal(error.status, 409);
      assert.equal(error.message, 'failed to write the journal (configmap kube-system/kubehop-journal-conflict): another kubehop run changed it since this run read it; make sure only one run upgrades the cluster');
      assert.equal((await mine.read())?.planId, 'theirs');
      await mine.write({ ...RECORD, planId: 'mine' });
      await rejection(theirs.write({ ...RECORD, planId: 'theirs again' }));
      assert.equal((await theirs.read())?.planId, 'mine');
    });

    it('sends grace periods the server honours: a query parameter on delete, DeleteOptions in the eviction', async () => {
      const cluster = openKubeCluster({ kubeconfig: plane.adminKubeconfig });
      const path = '/api/v1/namespaces/default/pods';
      const make = (name: string) => admin.request({
        method: 'POST',
        path,
        body: { metadata: { name, labels: { [NO_AGENT]: 'true' } }, spec: { nodeName: 'grace-node', terminationGracePeriodSeconds: 300, automountServiceAccountToken: false, containers: [{ name: 'app', image: 'registry.invalid/kubehop-fixture:1' }] } },
        action: 'create pod',
        rbac: { verb: 'create', resource: 'pods' },
      });
      const graceOf = async (name: string) => (await admin.request<KubePod & { metadata: { deletionGracePeriodSeconds?: number } }>({ method: 'GET', path: `${path}/${name}`, action: 'read', rbac: { verb: 'get', resource: 'pods' } })).metadata.deletionGracePeriodSeconds;
      await make('grace-delete');
      await make('grace-evict');
      await cluster.api.deletePod('default', 'grace-delete', { gracePeriodSeconds: 77 });
      await cluster.api.evictPod('default', 'grace-evict', { gracePeriodSeconds: 55 });
      assert.deepEqual([await graceOf('grace-delete'), await graceOf('grace-evict')], [77, 55]);
      assert.equal((await cluster.api.getPod('default', 'grace-delete'))?.deleting, true);
      for (const name of ['grace-delete', 'grace-evict']) {
        await admin.request({ method: 'DELETE', path: `${path}/${name}`, query: { gracePeriodSeconds: 0 }, action: 'delete', rbac: { verb: 'delete', resource: 'pods' } });
      }
      cluster.close();
    });
  });
}
