import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../shared/virtual-clock.js';
import { ClusterApiError } from '../../core/errors.js';
import { ApiOutageMonitor } from './api-outage-monitor.js';
import type { KubeHttp, RawResponse } from './kube-http.js';

function serverAnswering(answer: () => Promise<RawResponse>): { http: KubeHttp; probes: () => number } {
  let probes = 0;
  const http = { send: () => (probes++, answer()) } as unknown as KubeHttp;
  return { http, probes: () => probes };
}

// Probes run on virtual time: each test waits on the clock, which moves only as far as it is asked.

describe('ApiOutageMonitor', () => {
  const cases: [string, () => Promise<RawResponse>, boolean][] = [
    ['wakes waiters when /readyz fails', async () => ({ status: 500, text: '[-]shutdown failed', headers: {} }), true],
    ['wakes waiters when the server refuses connections', async () => Promise.reject(new ClusterApiError('failed to reach the API server at x: ECONNREFUSED', undefined)), true],
    ['stays quiet while the server is ready', async () => ({ status: 200, text: 'ok', headers: {} }), false],
    ['stays quiet on a server without /readyz', async () => ({ status: 404, text: '', headers: {} }), false],
  ];
  for (const [name, answer, wakes] of cases) {
    it(name, async () => {
      const { http, probes } = serverAnswering(answer);
      const clock = new VirtualClock({ startMs: 0 });
      const monitor = new ApiOutageMonitor(http, 10_000, clock);
      let woken = 0;
      const stop = monitor.subscribe(() => woken++);
      await clock.sleep(9_999);
      assert.equal(probes(), 0, 'no probe before the first interval');
      await clock.sleep(1);
      await clock.sleep(0);
      stop();
      assert.equal(probes(), 1);
      assert.equal(woken, wakes ? 1 : 0);
    });
  }

  it('probes only while someone waits, once for all of them', async () => {
    const { http, probes } = serverAnswering(async () => ({ status: 200, text: 'ok', headers: {} }));
    const clock = new VirtualClock({ startMs: 0 });
    const monitor = new ApiOutageMonitor(http, 20_000, clock);
    const stops = [monitor.subscribe(() => {}), monitor.subscribe(() => {}), monitor.subscribe(() => {})];
    await clock.sleep(70_000);
    for (const stop of stops) stop();
    assert.equal(probes(), 3, 'three probes for three waiters in 70 s at one per 20 s');
    await clock.sleep(60_000);
    assert.equal(probes(), 3, 'no probe once nobody waits');
    assert.equal(clock.pendingWaits(), 0);
  });
});
