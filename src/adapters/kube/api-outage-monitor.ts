import type { Clock } from '../../ports/index.js';
import { SystemClock } from '../shared/system-clock.js';
import type { KubeHttp } from './kube-http.js';

// Tells waiters when the API server stops being ready. A kube-apiserver told to stop (kubeadm
// replacing its static pod) closes its listener at once but keeps open watches until they end, up
// to a minute: a watch alone would notice the restart late. While anyone waits, one shared probe
// asks /readyz every few seconds; a failed probe wakes every waiter, as the simulator wakes
// everyone when its API goes down.

const PROBE_EVERY_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;

export class ApiOutageMonitor {
  private readonly listeners = new Set<() => void>();
  private stopProbing: (() => void) | undefined;
  private probing = false;

  constructor(
    private readonly http: KubeHttp,
    private readonly everyMs = PROBE_EVERY_MS,
    private readonly clock: Pick<Clock, 'every'> = new SystemClock(),
  ) {}

  /** Calls `listener` once the API server looks down; returns a function that stops listening. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    // The waiter's own timeout keeps the process alive, not the probe.
    this.stopProbing ??= this.clock.every(this.everyMs, () => void this.probe());
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.stopProbing) {
        this.stopProbing();
        this.stopProbing = undefined;
      }
    };
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let down: boolean;
    try {
      const response = await this.http.send({ method: 'GET', path: '/readyz', action: 'read /readyz', rbac: { verb: 'get', resource: '/readyz' }, timeoutMs: PROBE_TIMEOUT_MS });
      // 404: a server without /readyz (before v1.16) — no signal from it.
      down = response.status !== 200 && response.status !== 404 && response.status !== 401 && response.status !== 403;
    } catch {
      down = true;
    } finally {
      this.probing = false;
    }
    if (down) for (const listener of [...this.listeners]) listener();
  }
}
