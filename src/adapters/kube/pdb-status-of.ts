import type { PdbStatus } from '../../ports/index.js';
import type { KubePdb } from './kube-objects.js';

// A PodDisruptionBudget with the status the eviction API decides by. Only matchLabels of the
// selector is kept (the model's selector); a budget with matchExpressions reads wider than it is.

export function pdbStatusOf(pdb: KubePdb): PdbStatus {
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  const policy = spec.unhealthyPodEvictionPolicy;
  return {
    namespace: pdb.metadata.namespace ?? 'default',
    name: pdb.metadata.name,
    selector: { ...spec.selector?.matchLabels },
    ...(spec.minAvailable !== undefined ? { minAvailable: spec.minAvailable } : {}),
    ...(spec.maxUnavailable !== undefined ? { maxUnavailable: spec.maxUnavailable } : {}),
    ...(policy === 'IfHealthyBudget' || policy === 'AlwaysAllow' ? { unhealthyPodEvictionPolicy: policy } : {}),
    currentHealthy: status.currentHealthy ?? 0,
    desiredHealthy: status.desiredHealthy ?? 0,
    expectedPods: status.expectedPods ?? 0,
    disruptionsAllowed: status.disruptionsAllowed ?? 0,
  };
}
