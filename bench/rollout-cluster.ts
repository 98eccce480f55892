import type { ClusterSnapshot } from '../src/core/cluster/index.js';
import { validateClusterDocument, type ClusterDocument, type WorkloadEntry } from '../src/core/cluster-file/index.js';

/**
 * The rollout bench cluster: 3 control-plane nodes and 120 workers at v1.32, 24 Deployments of 20
 * replicas, the first 12 under a PodDisruptionBudget with maxUnavailable 1, the other 12 with none.
 */
export function rolloutCluster(workers = 120, version = 'v1.32.9'): ClusterSnapshot {
  const workloads: WorkloadEntry[] = Array.from({ length: 24 }, (_, i) => ({
    kind: 'Deployment',
    namespace: `team-${i % 6}`,
    name: `svc-${i}`,
    replicas: 20,
    requests: { cpu: '250m', memory: '256Mi' },
  }));
  const doc: ClusterDocument = {
    kind: 'Cluster',
    apiVersion: 'kubehop/v1',
    name: `rollout-${workers}`,
    defaults: { allocatable: { cpu: '4', memory: '16Gi', pods: 110 } },
    nodes: [
      { name: 'cp', role: 'control-plane', count: 3, kubelet: version },
      { name: 'worker', count: workers, kubelet: version },
    ],
    workloads,
    pdbs: workloads.slice(0, 12).map((w) => ({ name: `${w.name}-pdb`, namespace: w.namespace ?? 'default', selector: { matchLabels: { app: w.name } }, maxUnavailable: 1 })),
  };
  const result = validateClusterDocument(doc);
  if (!result.ok) throw new Error(`bench cluster is invalid: ${result.errors.slice(0, 3).map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  return result.value;
}
