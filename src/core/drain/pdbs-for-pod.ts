import type { PdbSnapshot, PodSnapshot } from '../cluster/index.js';

/** The PodDisruptionBudgets whose selector matches the pod, as the eviction API looks them up. */
export function pdbsForPod<T extends PdbSnapshot>(pod: PodSnapshot, pdbs: readonly T[]): T[] {
  return pdbs.filter((pdb) => {
    if (pdb.namespace !== pod.namespace) return false;
    const entries = Object.entries(pdb.selector);
    // An empty selector matches every pod in the namespace (policy/v1 semantics).
    return entries.every(([key, value]) => pod.labels[key] === value);
  });
}
