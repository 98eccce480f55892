import { ClusterApiError } from '../core/errors.js';
import type { ClusterApi } from '../ports/index.js';
import type { EngineContext } from './engine-context.js';
import { pause } from './wait-for.js';

const TRANSIENT_STATUSES = new Set([409, 502, 503, 504]);

/** No answer, a gateway or etcd timeout, a write conflict: worth another try. */
export function isTransient(error: unknown, method: keyof ClusterApi): boolean {
  if (!(error instanceof ClusterApiError)) return false;
  if (error.status === undefined) return true;
  // For an eviction a 429 is the PDB answering, which the drain handles; elsewhere it is rate limiting.
  if (error.status === 429) return method !== 'evictPod';
  return TRANSIENT_STATUSES.has(error.status);
}

/**
 * Wraps a ClusterApi so calls that fail for a transient reason are tried again, a capped number
 * of times with a growing pause, each retry reported as an event.
 */
export function retryTransient(api: ClusterApi, ctx: Pick<EngineContext, 'clock' | 'signal' | 'emit'>, attempts: number): ClusterApi {
  const call = async <T>(method: keyof ClusterApi, what: string, run: () => Promise<T>): Promise<T> => {
    let wait = 1_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (attempt >= attempts || !isTransient(error, method)) throw error;
        const retryAfter = error instanceof ClusterApiError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
        ctx.emit({ kind: 'retry', what, attempt: attempt + 1, reason: (error as Error).message });
        await pause(ctx, Math.max(wait, retryAfter));
        wait = Math.min(wait * 2, 30_000);
      }
    }
  };
  return {
    readSnapshot: () => call('readSnapshot', 'read the cluster', () => api.readSnapshot()),
    getNode: (name) => call('getNode', `get node ${name}`, () => api.getNode(name)),
    listPodsOnNode: (node) => call('listPodsOnNode', `list the pods on node ${node}`, () => api.listPodsOnNode(node)),
    getPod: (ns, name) => call('getPod', `get pod ${ns}/${name}`, () => api.getPod(ns, name)),
    listWorkloads: () => call('listWorkloads', 'list workloads', () => api.listWorkloads()),
    listPdbs: () => call('listPdbs', 'list PodDisruptionBudgets', () => api.listPdbs()),
    listWorkloadReadiness: () => call('listWorkloadReadiness', 'list the workloads\' ready pods', () => api.listWorkloadReadiness()),
    cordon: (node, mark) => call('cordon', `cordon node ${node}`, () => api.cordon(node, mark)),
    uncordon: (node) => call('uncordon', `uncordon node ${node}`, () => api.uncordon(node)),
    evictPod: (ns, name, options) => call('evictPod', `evict pod ${ns}/${name}`, () => api.evictPod(ns, name, options)),
    deletePod: (ns, name, options) => call('deletePod', `delete pod ${ns}/${name}`, () => api.deletePod(ns, name, options)),
    isApiReady: () => api.isApiReady(),
    waitForChange: (target, timeoutMs) => api.waitForChange(target, timeoutMs),
  };
}
