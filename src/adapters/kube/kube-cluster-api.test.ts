import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClusterApi } from './kube-cluster-api.js';
import { KubeHttp } from './kube-http.js';

// What differs between API server versions, on a loopback fake that answers like each: which
// Eviction version goes out, where budgets are read from when a server drops policy/v1beta1,
// and /readyz versus /healthz. The real v1.20 server is covered by test/contract.

type Route = (req: IncomingMessage, body: string) => [number, unknown] | undefined;

const requests: { method: string; url: string; body: string }[] = [];
let routes: Record<string, Route> = {};
const server = createServer((req, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', body });
    const path = (req.url ?? '').split('?')[0] ?? '';
    const answer = routes[`${req.method} ${path}`]?.(req, body) ?? [404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' }];
    res.writeHead(answer[0], { 'Content-Type': 'application/json' }).end(typeof answer[1] === 'string' ? answer[1] : JSON.stringify(answer[1]));
  });
});
let api: KubeClusterApi;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [{ name: 'c', server: url }], users: [{ name: 'u' }], contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }], currentContext: 'ctx' });
  // No request times out here, however slow the machine: timeouts are kube-http.test.ts's subject.
  api = new KubeClusterApi(new KubeHttp(config, { server: url, context: 'ctx', user: 'u' }, { startTimeout: () => () => {} }), 'fake');
});
after(() => {
  api.close();
  server.closeAllConnections();
  server.close();
});
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
