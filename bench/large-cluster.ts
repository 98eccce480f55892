import type { ClusterSnapshot } from '../src/core/cluster/index.js';
import { validateClusterDocument, type ClusterDocument, type WorkloadEntry } from '../src/core/cluster-file/index.js';

/**
 * A cluster at the documented scalability limits: `nodes` nodes (3 control-plane), about `pods`
 * pods in Deployments of 30 replicas with PDBs, placed as a cluster file would place them.
 */
export function largeCluster(nodes: number, pods: number, version = 'v1.32.9'): ClusterSnapshot {
  const workers = nodes - 3;
  const perDeployment = 30;
  const deployments = Math.floor((pods - workers * 2 - 3 * 6) / perDeployment);
  const workloads: WorkloadEntry[] = Array.from({ length: deployments }, (_, i) => ({
    kind: 'Deployment',
    namespace: `team-${i % 50}`,
    name: `app-${i}`,
    replicas: perDeployment,
    requests: { cpu: '10m', memory: '16Mi' },
  }));
  const doc: ClusterDocument = {
    kind: 'Cluster',
    apiVersion: 'kubehop/v1',
    name: `large-${nodes}`,
    defaults: { allocatable: { cpu: '32', memory: '128Gi', pods: 110 } },
    nodes: [
      { name: 'cp', role: 'control-plane', count: 3, kubelet: version },
      { name: 'worker', count: workers, kubelet: version },
    ],
    workloads,
    pdbs: workloads.slice(0, Math.floor(deployments / 2)).map((w) => ({
      name: `${w.name}-pdb`,
      namespace: w.namespace ?? 'default',
      selector: { matchLabels: { app: w.name } },
      maxUnavailable: 1,
    })),
  };
  const result = validateClusterDocument(doc);
  if (!result.ok) throw new Error(`bench cluster is invalid: ${result.errors.slice(0, 3).map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  return result.value;
}
