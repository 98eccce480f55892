import type { ClusterSnapshot } from '../../src/core/cluster/index.js';
import { validateClusterDocument, type AllocatableEntry, type ClusterDocument, type NodeEntry, type OsEntry, type PdbEntry, type PodEntry, type RepositoryEntry, type WorkloadEntry } from '../../src/core/cluster-file/index.js';

// Builds test clusters in a line instead of big literals. It writes a cluster document and runs it
// through validateClusterDocument, so tests get exactly what a cluster file would give, defaults
// and placed pods included:
//   aCluster().withControlPlane('v1.34.2', 3).withWorkers('v1.33.5', 10).build()

type NodeOverrides = Partial<Omit<NodeEntry, 'count'>>;

class ClusterBuilder {
  private name = 'test';
  private controlPlane: { version: string; count: number } = { version: 'v1.32.9', count: 1 };
  private workers: { version: string; count: number } = { version: 'v1.32.9', count: 0 };
  private readonly overrides = new Map<string, NodeOverrides>();
  private readonly extra: {
    etcd?: ClusterDocument['etcd'];
    kubectl?: string;
    addons?: ClusterDocument['addons'];
    defaults?: ClusterDocument['defaults'];
  } = {};
  private readonly workloads: WorkloadEntry[] = [];
  private readonly pods: PodEntry[] = [];
  private readonly pdbs: PdbEntry[] = [];

  withName(name: string): this {
    this.name = name;
    return this;
  }

  /** Control-plane nodes cp-1 .. cp-N, kubelet and components at `version`. */
  withControlPlane(version: string, count = 1): this {
    this.controlPlane = { version, count };
    return this;
  }

  /** Workers worker-1 .. worker-N at `version`. */
  withWorkers(version: string, count = 1): this {
    this.workers = { version, count };
    return this;
  }

  /**
   * Changes one node (e.g. 'worker-2', { kubelet: 'v1.31.0', cordoned: true }) or adds a new one,
   * by default a worker at the workers' version.
   */
  withNode(name: string, overrides: NodeOverrides): this {
    this.overrides.set(name, { ...this.overrides.get(name), ...overrides });
    return this;
  }

  withKubectl(version: string): this {
    this.extra.kubectl = version;
    return this;
  }

  withExternalEtcd(): this {
    this.extra.etcd = 'external';
    return this;
  }

  withAddons(addons: NonNullable<ClusterDocument['addons']>): this {
    this.extra.addons = { ...this.extra.addons, ...addons };
    return this;
  }

  withRepository(repository: RepositoryEntry): this {
    this.extra.defaults = { ...this.extra.defaults, repository };
    return this;
  }

  withOs(os: OsEntry): this {
    this.extra.defaults = { ...this.extra.defaults, os };
    return this;
  }

  withAllocatable(allocatable: AllocatableEntry): this {
    this.extra.defaults = { ...this.extra.defaults, allocatable };
    return this;
  }

  withWorkload(workload: WorkloadEntry): this {
    this.workloads.push(workload);
    return this;
  }

  withPod(pod: PodEntry): this {
    this.pods.push(pod);
    return this;
  }

  withPdb(pdb: PdbEntry): this {
    this.pdbs.push(pdb);
    return this;
  }

  /** The cluster document build() validates, for tests of files and exporters. */
  document(): ClusterDocument {
    const generated: NodeEntry[] = [
      ...Array.from({ length: this.controlPlane.count }, (_, i): NodeEntry => ({
        name: `cp-${i + 1}`, role: 'control-plane', kubelet: this.controlPlane.version,
      })),
      ...Array.from({ length: this.workers.count }, (_, i): NodeEntry => ({ name: `worker-${i + 1}`, kubelet: this.workers.version })),
    ];
    const names = new Set(generated.map((n) => n.name));
    const added = [...this.overrides].filter(([name]) => !names.has(name)).map(([name, o]): NodeEntry => ({ kubelet: this.workers.version, ...o, name }));
    const nodes = [...generated.map((n) => ({ ...n, ...this.overrides.get(n.name) })), ...added];
    return {
      kind: 'Cluster',
      apiVersion: 'kubehop/v1',
      name: this.name,
      ...this.extra,
      nodes,
      workloads: this.workloads,
      pods: this.pods,
      pdbs: this.pdbs,
    };
  }

  build(): ClusterSnapshot {
    const result = validateClusterDocument(this.document());
    if (result.ok) return result.value;
    const lines = result.errors.map((e) => `  ${e.path.join('.')}: ${e.message}`);
    throw new Error(`aCluster() built an invalid cluster:\n${lines.join('\n')}`);
  }
}

export function aCluster(): ClusterBuilder {
  return new ClusterBuilder();
}

export type { ClusterBuilder };
