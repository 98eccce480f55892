import { compareText } from '../../core/compare-names.js';
import { ClusterApiError } from '../../core/errors.js';
import type { PdbStatus } from '../../ports/index.js';
import type { KubeDiscovery } from './kube-discovery.js';
import type { KubeHttp } from './kube-http.js';
import type { KubePdb } from './kube-objects.js';
import { listAll } from './list-all.js';
import { pdbStatusOf } from './pdb-status-of.js';

// PodDisruptionBudgets of every namespace with their status, from policy/v1 where the server
// serves it and policy/v1beta1 before v1.21. A 404 for the collection means the server changed
// under us (a control-plane upgrade removed v1beta1): discover again and retry once.

/** `seen` is told of every budget as listed (its resourceVersion lets a watch on it skip a list). */
export async function readKubePdbs(http: KubeHttp, discovery: KubeDiscovery, seen?: (pdb: KubePdb) => void): Promise<PdbStatus[]> {
  for (let attempt = 1; ; attempt++) {
    const version = await discovery.pdbVersion();
    try {
      const { items } = await listAll<KubePdb>(http, {
        method: 'GET',
        path: `/apis/${version}/poddisruptionbudgets`,
        action: 'list poddisruptionbudgets',
        rbac: { verb: 'list', resource: 'poddisruptionbudgets', group: 'policy', namespace: '*' },
      });
      if (seen) items.forEach(seen);
      return items.map(pdbStatusOf).sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
    } catch (error) {
      if (!(error instanceof ClusterApiError && error.isNotFound()) || attempt >= 2) throw error;
      discovery.forget();
    }
  }
}
