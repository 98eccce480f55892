import { isReady, type Pod } from './kube-objects.js';

// What a PodDisruptionBudget promises, checked from outside while a run drains: the end-to-end
// suites sample the Ready pods it guards all along and assert the fewest seen.

/**
 * Counts the Ready pods of `pods` every 300 ms until stopped: the fewest seen is what a budget
 * must never go below. A read that fails (the API server restarting) is not a sample.
 */
export function sampleReadyPods(pods: () => Promise<readonly Pod[]>, atStart: number): { stop(): Promise<{ minReady: number; samples: number }> } {
  // stop() may be called again (from a finally and after it): it answers the same.
  let minReady = atStart;
  let samples = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const ready = (await pods().catch(() => undefined))?.filter(isReady).length;
      if (ready !== undefined) {
        minReady = Math.min(minReady, ready);
        samples += 1;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    async stop() {
      sampling = false;
      await loop;
      return { minReady, samples };
    },
  };
}
