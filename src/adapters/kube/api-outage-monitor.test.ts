import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterApiError } from '../../core/errors.js';
import { ApiOutageMonitor } from './api-outage-monitor.js';
import type { KubeHttp, RawResponse } from './kube-http.js';

function serverAnswering(answer: () => Promise<RawResponse>): { http: KubeHttp; probes: () => number } {
  let probes = 0;
  const http = { send: () => (probes++, answer()) } as unknown as KubeHttp;
  return { http, probes: () => probes };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ApiOutageMonitor', () => {
  const cases: [string, () => Promise<RawResponse>, boolean][] = [
    ['wakes waiters when /readyz fails', async () => ({ status: 500, text: '[-]shutdown failed', headers: {} }), true],
    ['wakes waiters when the server refuses connections', async () => Promise.reject(new ClusterApiError('failed to reach the API server at x: ECONNREFUSED', undefined)), true],
    ['stays quiet while the server is ready', async () => ({ status: 200, text: 'ok', headers: {} }), false],
    ['stays quiet on a server without /readyz', async () => ({ status: 404, text: '', headers: {} }), false],
  ];
  for (const [name, answer, wakes] of cases) {
    it(name, async () => {
      const { http } = serverAnswering(answer);
      const monitor = new ApiOutageMonitor(http, 10);
      let woken = 0;
      const stop = monitor.subscribe(() => woken++);
      await sleep(50);
      stop();
      assert.equal(woken > 0, wakes);
    });
  }

  it('probes only while someone waits, once for all of them', async () => {
    const { http, probes } = serverAnswering(async () => ({ status: 200, text: 'ok', headers: {} }));
    const monitor = new ApiOutageMonitor(http, 20);
    const stops = [monitor.subscribe(() => {}), monitor.subscribe(() => {}), monitor.subscribe(() => {})];
    await sleep(70);
    for (const stop of stops) stop();
    const seen = probes();
    assert.ok(seen >= 2 && seen <= 4, `${seen} probes for three waiters in 70ms at one per 20ms`);
    await sleep(60);
    assert.equal(probes(), seen);
  });
});
