import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ClusterApiError } from '../../../src/core/errors.js';
import { openKubeCluster } from '../../../src/adapters/kube/open-kube-cluster.js';
import type { ControlPlane } from './control-plane.js';

// Runs last: it stops the API server. Told to stop (as kubeadm replacing its static pod does), a
// v1.20 kube-apiserver closes its listener at once but holds open watches for up to a minute;
// waiters must still hear of it within seconds, and calls must say the server is unreachable.

export function apiRestartCheck(plane: ControlPlane): void {
  describe('KubeClusterApi while kube-apiserver v1.20.2 shuts down', () => {
    it('wakes a waiter within seconds, then reports the server not ready and unreachable', async () => {
      const cluster = openKubeCluster({ kubeconfig: plane.adminKubeconfig });
      const pid = Number(await readFile(join(plane.dir, 'kube-apiserver.pid'), 'utf8'));
      const waiting = cluster.api.waitForChange({ kind: 'node', name: 'cp-1' }, 60_000);
      await new Promise((r) => setTimeout(r, 500));
      const stopped = Date.now();
      process.kill(pid, 'SIGTERM');
      try {
        assert.equal(await waiting, 'changed');
        const took = Date.now() - stopped;
        assert.ok(took < 15_000, `the waiter woke ${took}ms after the API server was told to stop`);
        assert.equal(await cluster.api.isApiReady(), false);
        await assert.rejects(cluster.api.waitForChange({ kind: 'node', name: 'cp-1' }, 1_000), (error: unknown) => {
          assert.ok(error instanceof ClusterApiError);
          assert.equal(error.message, `failed to reach the API server at ${plane.server}: ECONNREFUSED; check the cluster is up and --kubeconfig/--context point at it`);
          return true;
        });
      } finally {
        // It would linger a minute holding watches; the test is over.
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        cluster.close();
      }
    });
  });
}
