import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClusterApi } from '../../adapters/kube/kube-cluster-api.js';
import { SystemClock } from '../../adapters/shared/system-clock.js';
import { startLoopbackKubeApi, type LoopbackKubeApi } from '../../../test/builders/loopback-kube-api.js';
import type { NodeShell } from '../../ports/index.js';
import { DEFAULT_DRAIN_OPTIONS } from './drain-options.js';
import { drainNode } from './drain-node.js';

// The requests one drain sends over the kube adapter, on a loopback server that answers like a
// v1.20 API server would for worker w1 with web-a and web-b of one ReplicaSet under a budget
// allowing one disruption. Each watch answers with the events the server would send from the
// version asked and ends; the server checks the versions the watches start from.

const rs = { metadata: { name: 'web-5f7c', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } };
const pod = (name: string, resourceVersion: string, deleting = false) => ({
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion, labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5f7c', controller: true }], ...(deleting ? { deletionTimestamp: '2026-12-03T10:00:00Z' } : {}) },
  spec: { nodeName: 'w1', containers: [{ name: 'app', image: 'nginx' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});
const budget = (resourceVersion: string, disruptionsAllowed: number) => ({
  metadata: { name: 'web', namespace: 'shop', resourceVersion },
  spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
  status: { currentHealthy: 2, desiredHealthy: 2 - disruptionsAllowed, expectedPods: 2, disruptionsAllowed },
});
const node = { metadata: { name: 'w1', labels: {} }, spec: {}, status: { nodeInfo: { kubeletVersion: 'v1.20.2', osImage: 'Ubuntu 20.04.6 LTS' }, allocatable: { cpu: '2', memory: '2Gi', pods: '110' } } };
const stream = (...events: [string, unknown][]) => events.map(([type, object]) => `${JSON.stringify({ type, object })}\n`).join('');

const sent: string[] = [];
const evicted = new Set<string>();
let loopback: LoopbackKubeApi;
let api: KubeClusterApi;

before(async () => {
  loopback = await startLoopbackKubeApi((req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const watchFrom = url.searchParams.get('watch') === '1' ? url.searchParams.get('resourceVersion') ?? 'a list' : undefined;
    const line = `${req.method} ${url.pathname}${watchFrom ? ` watch from ${watchFrom}` : ''}`;
    sent.push(line);
    return ((): [number, unknown] => {
      switch (line) {
        case 'GET /api/v1/nodes/w1':
        case 'PATCH /api/v1/nodes/w1':
          return [200, node];
        case 'GET /api/v1/namespaces/kube-system/pods':
          return [200, { items: [], metadata: {} }];
        case 'GET /api/v1/pods':
          return [200, { items: [pod('web-a', '10'), pod('web-b', '11')], metadata: { resourceVersion: '12' } }];
        case 'GET /apis/apps/v1/namespaces/shop/replicasets/web-5f7c':
          return [200, rs];
        case 'GET /apis/policy':
          return [200, { versions: [{ groupVersion: 'policy/v1' }] }];
        case 'GET /apis/policy/v1/poddisruptionbudgets':
          return [200, { items: [budget('20', 1)], metadata: { resourceVersion: '20' } }];
        case 'GET /api/v1':
          return [200, { resources: [{ name: 'pods/eviction', kind: 'Eviction', group: 'policy', version: 'v1' }] }];
        case 'POST /api/v1/namespaces/shop/pods/web-a/eviction':
        case 'POST /api/v1/namespaces/shop/pods/web-b/eviction':
          evicted.add(url.pathname.split('/')[6] ?? '');
          return [201, { kind: 'Status', status: 'Success' }];
        case 'GET /api/v1/namespaces/shop/pods/web-b':
          return evicted.has('web-b') ? [404, { kind: 'Status', code: 404, reason: 'NotFound' }] : [200, pod('web-b', '11')];
        // web-a's eviction takes the budget's one disruption (21); web-a's replacement Ready frees it (23).
        case 'GET /apis/policy/v1/namespaces/shop/poddisruptionbudgets watch from 20':
          return [200, stream(['MODIFIED', budget('21', 0)], ['MODIFIED', { ...budget('22', 0), status: { ...budget('22', 0).status, currentHealthy: 1 } }], ['MODIFIED', budget('23', 1)])];
        case 'GET /api/v1/namespaces/shop/pods watch from 10':
          return [200, stream(['MODIFIED', pod('web-a', '13', true)], ['DELETED', pod('web-a', '14', true)])];
        case 'GET /api/v1/namespaces/shop/pods watch from 11':
          return [200, stream(['MODIFIED', pod('web-b', '15', true)], ['DELETED', pod('web-b', '16', true)])];
        default:
          return [404, { kind: 'Status', code: 404, reason: 'NotFound', message: `no route for ${line}` }];
      }
    })();
  });
  api = loopback.api;
});
after(() => loopback.close());

const noShell: NodeShell = { run: () => Promise.reject(new Error('a drain runs no node command')) };

describe('a drain over the kube adapter', () => {
  it('sends one eviction per pod, watches each pod and the budget from the versions it listed, and reads a pod only before asking again', async () => {
    const events: string[] = [];
    const outcome = await drainNode({ api, shell: noShell, clock: new SystemClock(), emit: (e) => void events.push(e.kind) }, { node: 'w1', options: DEFAULT_DRAIN_OPTIONS });
    assert.deepEqual(outcome, { status: 'drained', removed: 2 });
    assert.equal(events.filter((k) => k === 'eviction-blocked').length, 0);
    assert.deepEqual([...sent].sort(), [
      'GET /api/v1',
      'GET /api/v1/namespaces/kube-system/pods',
      'GET /api/v1/namespaces/shop/pods watch from 10',
      'GET /api/v1/namespaces/shop/pods watch from 11',
      // web-b, once the budget allowed a disruption again: still there, not yet terminating.
      'GET /api/v1/namespaces/shop/pods/web-b',
      'GET /api/v1/nodes/w1',
      'GET /api/v1/pods',
      'GET /apis/apps/v1/namespaces/shop/replicasets/web-5f7c',
      'GET /apis/policy',
      'GET /apis/policy/v1/namespaces/shop/poddisruptionbudgets watch from 20',
      'GET /apis/policy/v1/poddisruptionbudgets',
      'PATCH /api/v1/nodes/w1',
      'POST /api/v1/namespaces/shop/pods/web-a/eviction',
      'POST /api/v1/namespaces/shop/pods/web-b/eviction',
    ]);
  });
});
