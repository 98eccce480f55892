import { matchesLabels, type PdbSnapshot, type PodSnapshot } from '../cluster/index.js';

/** Whether the budget's selector matches the pod. An empty selector matches every pod of its namespace (policy/v1). */
export function pdbSelects(pdb: PdbSnapshot, pod: PodSnapshot): boolean {
  return pdb.namespace === pod.namespace && matchesLabels(pdb.selector, pod.labels);
}

/** The PodDisruptionBudgets whose selector matches the pod, as the eviction API looks them up. */
export function pdbsForPod<T extends PdbSnapshot>(pod: PodSnapshot, pdbs: readonly T[]): T[] {
  return pdbs.filter((pdb) => pdbSelects(pdb, pod));
}
