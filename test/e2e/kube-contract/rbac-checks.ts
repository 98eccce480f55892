import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ClusterApiError } from '../../../src/core/errors.js';
import type { KubeHttp } from '../../../src/adapters/kube/kube-http.js';
import type { KubePod } from '../../../src/adapters/kube/kube-objects.js';
import { openKubeCluster, type KubeCluster } from '../../../src/adapters/kube/open-kube-cluster.js';
import { contractSeed } from '../../contract/cluster-api.contract.js';
import { sleep } from './admin-http.js';
import type { ControlPlane } from './control-plane.js';
import { resetKubeCluster, seedKubeCluster } from './seed-kube-cluster.js';

// docs/rbac.yaml, applied as it is: its ServiceAccount, bound to exactly those rules, can do all
// kubehop does through the API. A user with no bindings gets errors that name the missing
// permission, and the cluster is left as it was.

const RBAC_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'rbac.yaml');
const GRANT = 'grant kubehop the permissions in docs/rbac.yaml';

const ENDPOINTS: Record<string, (ns: string | undefined) => string> = {
  ServiceAccount: (ns) => `/api/v1/namespaces/${ns}/serviceaccounts`,
  ClusterRole: () => '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  Role: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`,
  RoleBinding: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
};

async function applyRbacFile(admin: KubeHttp): Promise<void> {
  for (const doc of parseAllDocuments(await readFile(RBAC_FILE, 'utf8'))) {
    const object = doc.toJS() as { kind: string; metadata: { namespace?: string } };
    const endpoint = ENDPOINTS[object.kind];
    assert.ok(endpoint, `docs/rbac.yaml has a ${object.kind}, which this test cannot apply`);
    await admin.request({ method: 'POST', path: endpoint(object.metadata.namespace), body: object, action: `create ${object.kind}`, rbac: { verb: 'create', resource: object.kind } });
  }
}

/** A kubeconfig for the ServiceAccount's token, once the token controller has made it. */
async function serviceAccountKubeconfig(plane: ControlPlane, admin: KubeHttp): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const account = await admin.request<{ secrets?: { name: string }[] }>({ method: 'GET', path: '/api/v1/namespaces/kube-system/serviceaccounts/kubehop', action: 'read', rbac: { verb: 'get', resource: 'serviceaccounts' } });
    const secret = account.secrets?.[0]?.name;
    if (secret) {
      const { data } = await admin.request<{ data: { token: string } }>({ method: 'GET', path: `/api/v1/namespaces/kube-system/secrets/${secret}`, action: 'read', rbac: { verb: 'get', resource: 'secrets' } });
      const token = Buffer.from(data.token, 'base64').toString('utf8');
      const path = join(plane.dir, 'kubehop-sa.kubeconfig');
      const admins = await readFile(plane.adminKubeconfig, 'utf8');
      await writeFile(path, admins.replace(/token: .*/, `token: ${token}`).replace(/\badmin\b/g, 'kubehop'), { mode: 0o600 });
      return path;
    }
    await sleep(100);
  }
  return assert.fail('the ServiceAccount kube-system/kubehop got no token within 10s');
}

async function denied(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ClusterApiError && error.isForbidden(), `expected a 403 ClusterApiError, got ${String(error)}`);
    return error.message;
  }
  return assert.fail('expected the call to be forbidden');
}

async function settledWebPod(cluster: KubeCluster): Promise<KubePod['metadata']> {
  for (let i = 0; i < 240; i++) {
    const pdb = (await cluster.api.listPdbs()).find((p) => p.name === 'web');
    const pod = (await cluster.api.readSnapshot()).pods.find((p) => p.owner?.name === 'web' && p.ready && !p.deleting);
    if (pdb?.disruptionsAllowed === 1 && pod) return { name: pod.name, namespace: pod.namespace };
    await sleep(250);
  }
  return assert.fail('web never settled');
}

export function rbacChecks(plane: ControlPlane, admin: KubeHttp): void {
  describe('docs/rbac.yaml on kube-apiserver v1.20.2', () => {
    let adminCluster: KubeCluster;
    let web: KubePod['metadata'];

    before(async () => {
      await resetKubeCluster(admin);
      await seedKubeCluster(admin, contractSeed(1));
      adminCluster = openKubeCluster({ kubeconfig: plane.adminKubeconfig });
      web = await settledWebPod(adminCluster);
    });

    it('without the role every call names the permission it lacks, and nothing changes', async () => {
      const limited = openKubeCluster({ kubeconfig: plane.limitedKubeconfig });
      assert.match(await denied(limited.api.readSnapshot()), /^failed to (list|read) .*: user limited may not (list|get) .*: grant kubehop the permissions in docs\/rbac\.yaml$/);
      assert.equal(await denied(limited.api.cordon('worker-1')), `failed to cordon node worker-1: user limited may not patch nodes at the cluster scope: ${GRANT}`);
      assert.equal(await denied(limited.api.evictPod('default', web.name)), `failed to evict pod default/${web.name}: user limited may not create pods/eviction in default: ${GRANT}`);
      assert.equal(await denied(limited.api.waitForChange({ kind: 'node', name: 'worker-1' }, 1_000)), `failed to watch node worker-1: user limited may not list nodes at the cluster scope: ${GRANT}`);
      assert.equal(await denied(limited.lock.acquire('limited')), `failed to create the upgrade lock (lease kube-system/kubehop-upgrade): user limited may not create leases.coordination.k8s.io in kube-system: ${GRANT}`);
      assert.equal(await denied(limited.journal.read()), `failed to read the journal (configmap kube-system/kubehop-journal): user limited may not get configmaps in kube-system: ${GRANT}`);
      limited.close();
      assert.equal((await adminCluster.api.getNode('worker-1'))?.cordoned, false);
      assert.equal((await adminCluster.api.getPod('default', web.name))?.deleting, undefined);
      assert.equal(await adminCluster.journal.read(), undefined);
      const holder = await adminCluster.lock.acquire('admin');
      await holder.release();
    });

    it('with exactly the role kubehop reads, cordons, evicts, waits, locks and journals', async () => {
      await applyRbacFile(admin);
      const kubeconfig = await serviceAccountKubeconfig(plane, admin);
      const sa = openKubeCluster({ kubeconfig });
      const snapshot = await sa.api.readSnapshot();
      assert.deepEqual(snapshot.nodes.map((n) => n.name).sort(), ['cp-1', 'worker-1', 'worker-2']);
      assert.equal(snapshot.name, 'test');
      assert.equal((await sa.api.getNode('cp-1'))?.role, 'control-plane');
      assert.ok((await sa.api.listPodsOnNode('worker-1')).length > 0);
      assert.equal((await sa.api.getPod(web.namespace ?? 'default', web.name))?.owner?.name, 'web');
      assert.ok((await sa.api.listWorkloads()).some((w) => w.name === 'web'));
      assert.equal((await sa.api.listPdbs())[0]?.disruptionsAllowed, 1);
      assert.equal(await sa.api.isApiReady(), true);
      const waiting = sa.api.waitForChange({ kind: 'node', name: 'worker-1' }, 30_000);
      await sleep(300);
      await sa.api.cordon('worker-1');
      assert.equal(await waiting, 'changed');
      await sa.api.uncordon('worker-1');
      assert.equal(await sa.api.waitForChange({ kind: 'pdb', namespace: 'default', name: 'web' }, 500), 'timeout');
      await sa.api.evictPod('default', web.name);
      const lock = await sa.lock.acquire('kubehop-sa');
      await lock.renew();
      await sa.journal.write({ format: 'kubehop.journal/v1', planId: 'rbac', startedAt: 1, updatedAt: 2, completedSteps: ['a'], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'running' });
      await sa.journal.write({ format: 'kubehop.journal/v1', planId: 'rbac', startedAt: 1, updatedAt: 3, completedSteps: ['a', 'b'], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'completed' });
      assert.equal((await sa.journal.read())?.status, 'completed');
      await lock.release();
      // A stale lock taken over needs update, as a renewal does.
      const old = await sa.lock.acquire('old-run');
      const later = openKubeCluster({ kubeconfig, lock: { now: () => Date.now() + 3_600_000, pid: 1, host: 'elsewhere' } });
      const taken = await later.lock.acquire('new-run', { takeOverStale: true });
      await assert.rejects(old.renew(), /another run took the lock over/);
      await taken.release();
      sa.close();
      later.close();
    });
  });
}
