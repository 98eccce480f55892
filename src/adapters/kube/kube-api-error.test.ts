import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeApiErrorOf, type KubeFailure } from './kube-api-error.js';
import type { KubeRequest } from './kube-request.js';

const identity = { server: 'https://10.0.0.1:6443', context: 'prod', user: 'jane' };
const evict: KubeRequest = { method: 'POST', path: '/api/v1/namespaces/shop/pods/web-1/eviction', action: 'evict pod shop/web-1', rbac: { verb: 'create', resource: 'pods/eviction', namespace: 'shop' } };
const listPods: KubeRequest = { method: 'GET', path: '/api/v1/pods', action: 'list pods', rbac: { verb: 'list', resource: 'pods', namespace: '*' } };
const leases: KubeRequest = { method: 'POST', path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', action: 'create the upgrade lock', rbac: { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: 'kube-system' } };
const patchNode: KubeRequest = { method: 'PATCH', path: '/api/v1/nodes/n1', action: 'cordon node n1', rbac: { verb: 'patch', resource: 'nodes' } };

const network = (code: string): KubeFailure => ({ kind: 'network', error: Object.assign(new Error(`connect ${code}`), { code }) });
const status = (code: number, body: object, retryAfterHeader?: string): KubeFailure => ({ kind: 'status', status: code, body, ...(retryAfterHeader ? { retryAfterHeader } : {}) });

const cases: { name: string; request: KubeRequest; failure: KubeFailure; status: number | undefined; message: string; retryAfter?: number }[] = [
  {
    name: 'an unreachable server names the URL and the flags that chose it',
    request: listPods, failure: network('ECONNREFUSED'), status: undefined,
    message: 'failed to reach the API server at https://10.0.0.1:6443: ECONNREFUSED; check the cluster is up and --kubeconfig/--context point at it',
  },
  {
    name: 'a certificate problem points at the certificate authority of the context',
    request: listPods, failure: network('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), status: undefined,
    message: 'failed to reach the API server at https://10.0.0.1:6443: UNABLE_TO_VERIFY_LEAF_SIGNATURE; check certificate-authority (or tls-server-name) of context prod in the kubeconfig',
  },
  {
    name: 'a server that does not answer in time',
    request: listPods, failure: { kind: 'timeout', ms: 30_000 }, status: undefined,
    message: 'failed to list pods: the API server at https://10.0.0.1:6443 did not answer within 30s; check the cluster is up and --kubeconfig/--context point at it',
  },
  {
    name: 'refused credentials name the user and the context',
    request: listPods, failure: status(401, { message: 'Unauthorized', reason: 'Unauthorized', code: 401 }), status: 401,
    message: 'failed to list pods: the API server at https://10.0.0.1:6443 did not accept the credentials of user jane (401 Unauthorized); renew the token or certificate of context prod in the kubeconfig',
  },
  {
    name: 'a missing permission across namespaces, with the user the server knows',
    request: listPods, failure: status(403, { reason: 'Forbidden', message: 'pods is forbidden: User "system:serviceaccount:ops:kubehop" cannot list resource "pods" in API group "" at the cluster scope' }), status: 403,
    message: 'failed to list pods: user system:serviceaccount:ops:kubehop may not list pods in all namespaces: grant kubehop the permissions in docs/rbac.yaml',
  },
  {
    name: 'a missing permission on a subresource in one namespace',
    request: evict, failure: status(403, { reason: 'Forbidden', message: 'pods "web-1" is forbidden: User "jane" cannot create resource "pods/eviction" in API group "" in the namespace "shop"' }), status: 403,
    message: 'failed to evict pod shop/web-1: user jane may not create pods/eviction in shop: grant kubehop the permissions in docs/rbac.yaml',
  },
  {
    name: 'a missing permission in a named API group',
    request: leases, failure: status(403, { reason: 'Forbidden', message: 'leases.coordination.k8s.io is forbidden: User "jane" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"' }), status: 403,
    message: 'failed to create the upgrade lock: user jane may not create leases.coordination.k8s.io in kube-system: grant kubehop the permissions in docs/rbac.yaml',
  },
  {
    name: 'a cluster-scoped permission',
    request: patchNode, failure: status(403, { reason: 'Forbidden', message: 'nodes "n1" is forbidden: User "jane" cannot patch resource "nodes" in API group "" at the cluster scope' }), status: 403,
    message: 'failed to cordon node n1: user jane may not patch nodes at the cluster scope: grant kubehop the permissions in docs/rbac.yaml',
  },
  {
    name: 'a 403 that is not RBAC keeps the server message (a terminating namespace)',
    request: evict, failure: status(403, { reason: 'Forbidden', message: 'pods "web-1" is forbidden: unable to create new content in namespace shop because it is being terminated' }), status: 403,
    message: 'failed to evict pod shop/web-1: pods "web-1" is forbidden: unable to create new content in namespace shop because it is being terminated',
  },
  {
    name: 'a budget refusal carries its cause and the Retry-After of the body',
    request: evict,
    failure: status(429, { reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.", details: { retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }] } }),
    status: 429, retryAfter: 10,
    message: "failed to evict pod shop/web-1: Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web is still being processed by the server.",
  },
  {
    name: 'rate limiting takes Retry-After from the header',
    request: listPods, failure: status(429, { message: 'Too many requests, please try again later.' }, '3'), status: 429, retryAfter: 3,
    message: 'failed to list pods: Too many requests, please try again later.',
  },
  {
    name: 'a server error keeps the server message',
    request: evict, failure: status(500, { message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' }), status: 500,
    message: 'failed to evict pod shop/web-1: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
  },
  {
    name: 'an answer without a Status body',
    request: listPods, failure: { kind: 'status', status: 502, body: undefined }, status: 502,
    message: 'failed to list pods: the API server answered HTTP 502',
  },
];

describe('kubeApiErrorOf', () => {
  for (const c of cases) {
    it(`says what to fix: ${c.name}`, () => {
      const error = kubeApiErrorOf(c.request, c.failure, identity);
      assert.equal(error.message, c.message);
      assert.equal(error.status, c.status);
      assert.equal(error.retryAfterSeconds, c.retryAfter);
    });
  }
});
