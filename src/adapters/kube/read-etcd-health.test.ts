import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp, type RawResponse } from './kube-http.js';
import type { KubeRequest } from './kube-request.js';
import { readEtcdHealth } from './read-etcd-health.js';

const FORBIDDEN = (path: string) => JSON.stringify({ kind: 'Status', status: 'Failure', message: `forbidden: User "limited" cannot get path "${path}"`, reason: 'Forbidden', code: 403 });
const NOT_FOUND = '{"paths":["/healthz","/healthz/etcd"]}';

/** A KubeHttp whose answers come from a table by path (a path not in it: 404); its error messages are the real ones. */
function fakeHttp(answers: Record<string, Partial<RawResponse> | Error>): KubeHttp & { requests: KubeRequest[] } {
  const http = new KubeHttp({} as KubeConfig, { server: 'https://10.0.0.1:6443', context: 'admin@test', user: 'limited' }) as KubeHttp & { requests: KubeRequest[] };
  http.requests = [];
  http.send = async (request) => {
    http.requests.push(request);
    const answer = answers[request.path] ?? { status: 404, text: NOT_FOUND };
    if (answer instanceof Error) throw answer;
    return { status: 200, text: '', headers: {}, ...answer };
  };
  return http;
}

test('reads etcd health from the API server, falling back to /healthz/etcd on a server without readyz', async () => {
  const cases: Array<{ name: string; answers: Record<string, Partial<RawResponse> | Error>; healthy?: boolean; problems: string[]; paths: string[] }> = [
    { name: 'a healthy etcd', answers: { '/readyz/etcd': { status: 200, text: 'ok' } }, healthy: true, problems: [], paths: ['/readyz/etcd'] },
    {
      name: 'a failing check',
      answers: { '/readyz/etcd': { status: 500, text: 'internal server error: error getting data from etcd: context deadline exceeded\n' } },
      healthy: false,
      problems: [],
      paths: ['/readyz/etcd'],
    },
    { name: 'a server before v1.16', answers: { '/healthz/etcd': { status: 200, text: 'ok' } }, healthy: true, problems: [], paths: ['/readyz/etcd', '/healthz/etcd'] },
    {
      name: 'no permission',
      answers: { '/readyz/etcd': { status: 403, text: FORBIDDEN('/readyz/etcd') } },
      problems: ['failed to check etcd health: user limited may not get the URL /readyz/etcd: grant kubehop the permissions in docs/rbac.yaml'],
      paths: ['/readyz/etcd'],
    },
    {
      name: 'a Status object with a 500 is not the check failing',
      answers: { '/readyz/etcd': { status: 500, text: JSON.stringify({ kind: 'Status', message: 'an error on the server ("") has prevented the request from succeeding', code: 500 }) } },
      problems: ['failed to check etcd health: an error on the server ("") has prevented the request from succeeding'],
      paths: ['/readyz/etcd'],
    },
    {
      name: 'too many requests',
      answers: { '/readyz/etcd': { status: 429, text: JSON.stringify({ kind: 'Status', message: 'too many requests', code: 429 }) } },
      problems: ['failed to check etcd health: too many requests'],
      paths: ['/readyz/etcd'],
    },
    { name: 'neither path served', answers: {}, problems: ['failed to check etcd health: the API server serves neither /readyz/etcd nor /healthz/etcd'], paths: ['/readyz/etcd', '/healthz/etcd'] },
    {
      name: 'an API server gone meanwhile',
      answers: { '/readyz/etcd': new Error('failed to reach the API server at https://10.0.0.1:6443: ECONNREFUSED; check the cluster is up and --kubeconfig/--context point at it') },
      problems: ['failed to check etcd health: failed to reach the API server at https://10.0.0.1:6443: ECONNREFUSED; check the cluster is up and --kubeconfig/--context point at it'],
      paths: ['/readyz/etcd'],
    },
  ];
  for (const { name, answers, healthy, problems, paths } of cases) {
    const http = fakeHttp(answers);
    assert.deepEqual(await readEtcdHealth(http), { ...(healthy !== undefined ? { healthy } : {}), problems }, name);
    assert.deepEqual(http.requests.map((r) => r.path), paths, name);
    assert.ok(http.requests.every((r) => r.method === 'GET' && r.rbac.resource === r.path && r.timeoutMs === 10_000), name);
  }
});
