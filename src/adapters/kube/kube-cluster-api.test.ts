import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startLoopbackKubeApi, type LoopbackKubeApi } from '../../../test/builders/loopback-kube-api.js';
import type { KubeClusterApi } from './kube-cluster-api.js';

// What differs between API server versions, on a loopback fake that answers like each: which
// Eviction version goes out, where budgets are read from when a server drops policy/v1beta1,
// and /readyz versus /healthz. The real v1.20 server is covered by test/contract.

type Route = (req: IncomingMessage, body: string) => [number, unknown] | undefined;

const requests: { method: string; url: string; body: string }[] = [];
let routes: Record<string, Route> = {};
let loopback: LoopbackKubeApi;
let api: KubeClusterApi;

before(async () => {
  loopback = await startLoopbackKubeApi((req, body) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', body });
    const path = (req.url ?? '').split('?')[0] ?? '';
    return routes[`${req.method} ${path}`]?.(req, body) ?? [404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' }];
  });
  api = loopback.api;
});
after(() => loopback.close());
beforeEach(() => {
  requests.length = 0;
});

const coreV1 = (version: 'v1' | 'v1beta1') => ({ resources: [{ name: 'pods', kind: 'Pod' }, { name: 'pods/eviction', kind: 'Eviction', group: 'policy', version }] });
const pdbList = { items: [{ metadata: { name: 'web', namespace: 'shop' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } }, status: { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1 } }], metadata: {} };

describe('KubeClusterApi across API server versions', () => {
  it('posts policy/v1 Evictions where discovery advertises them, with the grace period inside', async () => {
    routes = { 'GET /api/v1': () => [200, coreV1('v1')], 'POST /api/v1/namespaces/shop/pods/web-1/eviction': () => [201, { kind: 'Status', status: 'Success' }] };
    await api.evictPod('shop', 'web-1', { gracePeriodSeconds: 5 });
    await api.evictPod('shop', 'web-1');
    const posts = requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as unknown);
    assert.deepEqual(posts, [
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'shop' }, deleteOptions: { gracePeriodSeconds: 5 } },
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'shop' } },
    ]);
    assert.equal(requests.filter((r) => r.url === '/api/v1').length, 1, 'discovery is asked once');
  });

  it('reads workload readiness from three controller lists and their status, never pods', async () => {
    const list = (items: unknown[]) => () => [200, { items, metadata: {} }] as [number, unknown];
    const template = (app: string) => ({ metadata: { labels: { app } } });
    routes = {
      'GET /apis/apps/v1/deployments': list([
        { metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 3, template: template('web') }, status: { readyReplicas: 2 } },
        // Just created: no status yet, replicas defaulted.
        { metadata: { name: 'api', namespace: 'shop' }, spec: { template: template('api') } },
      ]),
      'GET /apis/apps/v1/statefulsets': list([{ metadata: { name: 'db', namespace: 'shop' }, spec: { replicas: 2, template: template('db') }, status: { readyReplicas: 2 } }]),
      'GET /apis/apps/v1/daemonsets': list([{ metadata: { name: 'agent', namespace: 'ops' }, spec: { template: template('agent') }, status: { desiredNumberScheduled: 5, numberReady: 4 } }]),
    };
    assert.deepEqual(await api.listWorkloadReadiness(), [
      { kind: 'Deployment', namespace: 'shop', name: 'api', labels: { app: 'api' }, desired: 1, ready: 0 },
      { kind: 'Deployment', namespace: 'shop', name: 'web', labels: { app: 'web' }, desired: 3, ready: 2 },
      { kind: 'StatefulSet', namespace: 'shop', name: 'db', labels: { app: 'db' }, desired: 2, ready: 2 },
      { kind: 'DaemonSet', namespace: 'ops', name: 'agent', labels: { app: 'agent' }, desired: 5, ready: 4 },
    ]);
    assert.deepEqual(requests.map((r) => r.url.split('?')[0]).sort(), ['/apis/apps/v1/daemonsets', '/apis/apps/v1/deployments', '/apis/apps/v1/statefulsets']);
  });

  it('sends the delete grace period as a query parameter and no body', async () => {
    routes = { 'DELETE /api/v1/namespaces/shop/pods/web-1': () => [200, {}] };
    await api.deletePod('shop', 'web-1', { gracePeriodSeconds: 0 });
    assert.deepEqual(requests.map((r) => `${r.method} ${r.url} ${r.body}`), ['DELETE /api/v1/namespaces/shop/pods/web-1?gracePeriodSeconds=0 ']);
  });

  it('reads budgets from policy/v1beta1 on old servers and looks again when that version goes away', async () => {
    let upgraded = false;
    routes = {
      'GET /apis/policy': () => [200, { versions: upgraded ? [{ groupVersion: 'policy/v1' }] : [{ groupVersion: 'policy/v1beta1' }] }],
      'GET /apis/policy/v1beta1/poddisruptionbudgets': () => (upgraded ? undefined : [200, pdbList]),
      'GET /apis/policy/v1/poddisruptionbudgets': () => [200, pdbList],
    };
    assert.equal((await api.listPdbs())[0]?.disruptionsAllowed, 1);
    upgraded = true;
    assert.equal((await api.listPdbs())[0]?.name, 'web');
    assert.deepEqual(requests.map((r) => r.url.split('?')[0]), [
      '/apis/policy', '/apis/policy/v1beta1/poddisruptionbudgets', '/apis/policy/v1beta1/poddisruptionbudgets', '/apis/policy', '/apis/policy/v1/poddisruptionbudgets',
    ]);
    assert.ok(requests.every((r) => !r.url.includes('poddisruptionbudgets') || r.url.includes('limit=500')), 'lists are paged');
  });

  it('asks /healthz where a server has no /readyz, and calls a 503 not ready', async () => {
    routes = { 'GET /healthz': () => [200, 'ok'] };
    assert.equal(await api.isApiReady(), true);
    routes = { 'GET /readyz': () => [503, '[-]etcd failed'] };
    assert.equal(await api.isApiReady(), false);
  });

  it('follows continue tokens and resolves pods to their Deployment', async () => {
    const pod = (name: string) => ({ metadata: { name, namespace: 'shop', uid: name, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-6d4f', controller: true }] }, spec: { nodeName: 'w1' }, status: { phase: 'Running' } });
    routes = {
      'GET /api/v1/pods': (req) => (req.url?.includes('continue=next') ? [200, { items: [pod('b')], metadata: {} }] : [200, { items: [pod('a')], metadata: { continue: 'next' } }]),
      'GET /apis/apps/v1/namespaces/shop/replicasets/web-6d4f': () => [200, { metadata: { name: 'web-6d4f', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } }],
    };
    const pods = await api.listPodsOnNode('w1');
    assert.deepEqual(pods.map((p) => `${p.name} ${p.owner?.kind}/${p.owner?.name}`), ['a Deployment/web', 'b Deployment/web']);
    assert.ok(requests[0]?.url.includes('fieldSelector=spec.nodeName%3Dw1'));
  });

  it('reads each ReplicaSet once for all the reads of its pods', async () => {
    const pod = (name: string) => ({ metadata: { name, namespace: 'shop', uid: name, ownerReferences: [{ kind: 'ReplicaSet', name: 'api-7c9b', uid: 'rs-1', controller: true }] }, spec: { nodeName: 'w2' }, status: { phase: 'Running' } });
    routes = {
      'GET /api/v1/pods': () => [200, { items: [pod('a'), pod('b')], metadata: {} }],
      'GET /api/v1/namespaces/shop/pods/a': () => [200, pod('a')],
      'GET /apis/apps/v1/namespaces/shop/replicasets/api-7c9b': () => [200, { metadata: { name: 'api-7c9b', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'api', controller: true }] } }],
    };
    const listed = await api.listPodsOnNode('w2');
    const read = [await api.getPod('shop', 'a'), await api.getPod('shop', 'a')];
    assert.deepEqual([...listed, ...read].map((p) => `${p?.name} ${p?.owner?.kind}/${p?.owner?.name}`), ['a Deployment/api', 'b Deployment/api', 'a Deployment/api', 'a Deployment/api']);
    assert.equal(requests.filter((r) => r.url.includes('/replicasets/')).length, 1);
  });
});

describe('KubeClusterApi watches', () => {
  const event = (type: string, object: unknown) => [200, `${JSON.stringify({ type, object })}\n`] as [number, unknown];
  const watches = () => requests.filter((r) => r.url.includes('watch=1'));
  const lists = (collection: string) => requests.filter((r) => r.url.split('?')[0] === collection && !r.url.includes('watch=1'));

  it('watches a pod it has just read from the pod\'s resourceVersion, with no list before the watch', async () => {
    const pod = { metadata: { name: 'cart-1', namespace: 'shop', uid: 'u1', resourceVersion: '41' }, spec: { nodeName: 'w1' }, status: { phase: 'Running' } };
    routes = {
      'GET /api/v1/namespaces/shop/pods/cart-1': () => [200, pod],
      'GET /api/v1/namespaces/shop/pods': (req) => (req.url?.includes('watch=1') ? event('MODIFIED', { ...pod, metadata: { ...pod.metadata, resourceVersion: '57' } }) : [200, { items: [pod], metadata: { resourceVersion: '60' } }]),
    };
    await api.getPod('shop', 'cart-1');
    assert.equal(await api.waitForChange({ kind: 'pod', namespace: 'shop', name: 'cart-1' }, 5_000), 'changed');
    // The next wait starts where the event left off, still without a list.
    assert.equal(await api.waitForChange({ kind: 'pod', namespace: 'shop', name: 'cart-1' }, 5_000), 'changed');
    assert.deepEqual(lists('/api/v1/namespaces/shop/pods'), []);
    assert.deepEqual(watches().map((r) => new URL(r.url, 'http://x').searchParams.get('resourceVersion')), ['41', '57']);
    assert.equal(requests.length, 3, requests.map((r) => r.url).join('\n'));
  });

  it('watches a budget from the version its list gave, and lists again after the server said that version is gone', async () => {
    const budget = { ...pdbList.items[0], metadata: { name: 'ledger', namespace: 'bank', resourceVersion: '700' } };
    let gone = true;
    routes = {
      'GET /apis/policy': () => [200, { versions: [{ groupVersion: 'policy/v1' }] }],
      'GET /apis/policy/v1/poddisruptionbudgets': () => [200, { items: [budget], metadata: { resourceVersion: '710' } }],
      'GET /apis/policy/v1/namespaces/bank/poddisruptionbudgets': (req) => {
        if (!req.url?.includes('watch=1')) return [200, { items: [budget], metadata: { resourceVersion: '720' } }];
        if (gone) {
          gone = false;
          return event('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 700 (715)' });
        }
        return event('MODIFIED', { ...budget, metadata: { ...budget.metadata, resourceVersion: '725' } });
      },
    };
    await api.listPdbs();
    const target = { kind: 'pdb', namespace: 'bank', name: 'ledger' } as const;
    assert.equal(await api.waitForChange(target, 5_000), 'changed');
    assert.equal(await api.waitForChange(target, 5_000), 'changed');
    assert.equal(await api.waitForChange(target, 5_000), 'changed');
    const collection = '/apis/policy/v1/namespaces/bank/poddisruptionbudgets';
    assert.equal(lists(collection).length, 1, 'one list, after the ERROR event only');
    assert.deepEqual(watches().map((r) => new URL(r.url, 'http://x').searchParams.get('resourceVersion')), ['700', '720', '725']);
  });

  it('lists before watching a pod it has not read', async () => {
    routes = {
      'GET /api/v1/namespaces/shop/pods': (req) => (req.url?.includes('watch=1') ? event('DELETED', { metadata: { name: 'cart-9', namespace: 'shop', resourceVersion: '90' } }) : [200, { items: [], metadata: { resourceVersion: '88' } }]),
    };
    assert.equal(await api.waitForChange({ kind: 'pod', namespace: 'shop', name: 'cart-9' }, 5_000), 'changed');
    assert.equal(lists('/api/v1/namespaces/shop/pods').length, 1);
    assert.deepEqual(watches().map((r) => new URL(r.url, 'http://x').searchParams.get('resourceVersion')), ['88']);
  });
});

describe('KubeClusterApi narrowed waits', () => {
  const budget = (resourceVersion: string, disruptionsAllowed: number) => ({ ...pdbList.items[0], metadata: { name: 'till', namespace: 'store', resourceVersion }, status: { ...pdbList.items[0]?.status, disruptionsAllowed } });
  const pod = (resourceVersion: string, uid: string) => ({ metadata: { name: 'cart-1', namespace: 'store', uid, resourceVersion }, spec: { nodeName: 'w1' }, status: { phase: 'Running' } });
  const stream = (events: readonly [string, unknown][]) => `${events.map(([type, object]) => JSON.stringify({ type, object })).join('\n')}\n`;
  const budgetEvents: [string, unknown][] = [['MODIFIED', budget('801', 0)], ['MODIFIED', budget('802', 0)], ['MODIFIED', budget('803', 1)], ['MODIFIED', budget('804', 0)]];
  const podEvents: [string, unknown][] = [['MODIFIED', pod('51', 'u1')], ['MODIFIED', pod('52', 'u1')], ['ADDED', pod('53', 'u2')], ['MODIFIED', pod('54', 'u2')]];
  const cases = [
    // Woken by 803, which allows one: the next wait lists (805 allows none) rather than sleep on from 803.
    { name: 'a budget waited on until it allows a disruption wakes on the change that allows one, reading the others from the same watch', target: { kind: 'pdb', namespace: 'store', name: 'till', untilDisruptionAllowed: true }, first: '800', next: [null, '805'], outcome: 'reached' },
    { name: 'a budget waited on for any change wakes on its first change, whatever it allows', target: { kind: 'pdb', namespace: 'store', name: 'till' }, first: '800', next: ['801'], outcome: 'changed' },
    // Woken by 53, its name with another uid: the pod waited on is gone, and the next wait ends asking nothing.
    { name: 'a pod waited on until it is gone wakes when its name has another uid, reading its own changes from the same watch', target: { kind: 'pod', namespace: 'store', name: 'cart-1', untilGoneUid: 'u1' }, first: '50', next: [], outcome: 'reached' },
    { name: 'a pod waited on for any change wakes on its first change', target: { kind: 'pod', namespace: 'store', name: 'cart-1' }, first: '50', next: ['51'], outcome: 'changed' },
  ] as const;
  for (const c of cases) {
    it(c.name, async () => {
      routes = {
        'GET /apis/policy': () => [200, { versions: [{ groupVersion: 'policy/v1' }] }],
        'GET /apis/policy/v1/poddisruptionbudgets': () => [200, { items: [budget('800', 0)], metadata: { resourceVersion: '800' } }],
        'GET /apis/policy/v1/namespaces/store/poddisruptionbudgets': (req) => (req.url?.includes('watch=1') ? [200, stream(budgetEvents)] : [200, { items: [budget('805', 0)], metadata: { resourceVersion: '805' } }]),
        'GET /api/v1/namespaces/store/pods/cart-1': () => [200, pod('50', 'u1')],
        'GET /api/v1/namespaces/store/pods': () => [200, stream(podEvents)],
      };
      if (c.target.kind === 'pdb') await api.listPdbs();
      else await api.getPod('store', 'cart-1');
      requests.length = 0;
      assert.equal(await api.waitForChange(c.target, 5_000), c.outcome);
      const versions = () => requests.map((r) => new URL(r.url, 'http://x').searchParams.get('resourceVersion'));
      assert.deepEqual(versions(), [c.first], 'one watch from the version in hand, no list');
      requests.length = 0;
      // The next wait starts after the event that woke this one.
      await api.waitForChange(c.target, 5_000);
      assert.deepEqual(versions(), c.next);
    });
  }
});

describe('KubeClusterApi request counts', () => {
  const node = (name: string, labels: Record<string, string>) => ({ metadata: { name, labels }, spec: {}, status: { nodeInfo: { kubeletVersion: 'v1.20.2', kubeProxyVersion: 'v1.20.2', osImage: 'Ubuntu 20.04.6 LTS' }, allocatable: { cpu: '2', memory: '2Gi', pods: '110' } } });
  const pod = (name: string, uid: string, resourceVersion: string) => ({ metadata: { name, namespace: 'store', uid, resourceVersion }, spec: { nodeName: 'w1' }, status: { phase: 'Running' } });
  const seen = () => requests.map((r) => `${r.method} ${r.url.split('?')[0]}${r.url.includes('watch=1') ? ` watch from ${new URL(r.url, 'http://x').searchParams.get('resourceVersion')}` : ''}`);

  it('reads a worker with its node and kube-system pods, and asks /version only for a control plane without mirror pods', async () => {
    routes = {
      'GET /api/v1/nodes/w1': () => [200, node('w1', {})],
      'GET /api/v1/nodes/cp1': () => [200, node('cp1', { 'node-role.kubernetes.io/control-plane': '' })],
      'GET /api/v1/namespaces/kube-system/pods': () => [200, { items: [], metadata: {} }],
      'GET /version': () => [200, { gitVersion: 'v1.20.2' }],
    };
    assert.equal((await api.getNode('w1'))?.role, 'worker');
    assert.deepEqual(seen(), ['GET /api/v1/nodes/w1', 'GET /api/v1/namespaces/kube-system/pods']);
    requests.length = 0;
    assert.equal((await api.getNode('cp1'))?.role, 'control-plane');
    assert.deepEqual(seen(), ['GET /api/v1/nodes/cp1', 'GET /api/v1/namespaces/kube-system/pods', 'GET /version']);
  });

  it('watches a pod listed on its node until it is gone from the version listed, with no read before the watch', async () => {
    routes = {
      'GET /api/v1/pods': () => [200, { items: [pod('cart-7', 'u7', '70')], metadata: { resourceVersion: '75' } }],
      'GET /api/v1/namespaces/store/pods': () => [200, `${JSON.stringify({ type: 'MODIFIED', object: pod('cart-7', 'u7', '71') })}\n${JSON.stringify({ type: 'DELETED', object: pod('cart-7', 'u7', '72') })}\n`],
    };
    await api.listPodsOnNode('w1');
    requests.length = 0;
    assert.equal(await api.waitForChange({ kind: 'pod', namespace: 'store', name: 'cart-7', untilGoneUid: 'u7' }, 5_000), 'reached');
    assert.deepEqual(seen(), ['GET /api/v1/namespaces/store/pods watch from 70']);
  });

  const listedAlready = [
    { name: 'a pod waited on until it is gone, already gone when listed', target: { kind: 'pod', namespace: 'store', name: 'gone-1', untilGoneUid: 'u1' }, list: 'GET /api/v1/namespaces/store/pods', items: [pod('gone-1', 'u2', '90')] },
    { name: 'a budget waited on until it allows a disruption, allowing one when listed', target: { kind: 'pdb', namespace: 'store', name: 'open' }, list: 'GET /apis/policy/v1/namespaces/store/poddisruptionbudgets', items: [{ ...pdbList.items[0], metadata: { name: 'open', namespace: 'store', resourceVersion: '91' } }] },
  ] as const;
  for (const c of listedAlready) {
    it(`ends the wait on ${c.name} with the list, opening no watch`, async () => {
      routes = {
        'GET /apis/policy': () => [200, { versions: [{ groupVersion: 'policy/v1' }] }],
        [c.list]: () => [200, { items: c.items, metadata: { resourceVersion: '95' } }],
      };
      const target = c.target.kind === 'pdb' ? { ...c.target, untilDisruptionAllowed: true } : c.target;
      assert.equal(await api.waitForChange(target, 5_000), 'reached');
      assert.deepEqual(seen().filter((r) => r !== 'GET /apis/policy'), [c.list]);
    });
  }
});

describe('KubeClusterApi budget waits after a list that allowed a disruption', () => {
  const budget = (resourceVersion: string, disruptionsAllowed: number) => ({ ...pdbList.items[0], metadata: { name: 'gate', namespace: 'mall', resourceVersion }, status: { ...pdbList.items[0]?.status, disruptionsAllowed } });
  const seen = () => requests.map((r) => `${r.url.split('?')[0]}${r.url.includes('watch=1') ? ` watch from ${new URL(r.url, 'http://x').searchParams.get('resourceVersion')}` : ''}`);
  const target = { kind: 'pdb', namespace: 'mall', name: 'gate', untilDisruptionAllowed: true } as const;
  const collection = '/apis/policy/v1/namespaces/mall/poddisruptionbudgets';

  it('lists a budget last seen allowing one instead of sleeping on it, and resumes once an eviction in its namespace has changed it', async () => {
    routes = {
      'GET /apis/policy': () => [200, { versions: [{ groupVersion: 'policy/v1' }] }],
      'GET /apis/policy/v1/poddisruptionbudgets': () => [200, { items: [budget('300', 1)], metadata: { resourceVersion: '300' } }],
      [`GET ${collection}`]: (req) => (req.url?.includes('watch=1') ? [200, `${JSON.stringify({ type: 'MODIFIED', object: budget('302', 1) })}\n`] : [200, { items: [budget('301', 1)], metadata: { resourceVersion: '301' } }]),
      'GET /api/v1': () => [200, coreV1('v1')],
      'POST /api/v1/namespaces/mall/pods/shoe-1/eviction': () => [201, { kind: 'Status', status: 'Success' }],
    };
    await api.listPdbs();
    requests.length = 0;
    // Nothing need change after the version the list gave: the wait asks the list again, which says it allows one.
    assert.equal(await api.waitForChange(target, 5_000), 'reached');
    assert.deepEqual(seen(), [collection]);
    await api.evictPod('mall', 'shoe-1');
    requests.length = 0;
    // The eviction changed the budget after the version in hand: watching from it shows that change.
    assert.equal(await api.waitForChange(target, 5_000), 'reached');
    assert.deepEqual(seen(), [`${collection} watch from 301`]);
  });
});
