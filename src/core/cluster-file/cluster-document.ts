import type { NodeRole, OsFamily, PackageManager, PodPhase, Taint, Toleration, WorkloadKind } from '../cluster/cluster-snapshot.js';
import type { PackageEra } from '../version/index.js';
import type { CertificatesEntry } from './validate-certificate-entries.js';
import type { NodeFactsEntry } from './validate-node-facts.js';
import type { ObservedObjectEntry } from './validate-object-entries.js';
import type { WebhookEntry } from './validate-webhook-entries.js';

// The shape of a cluster file (docs/cluster-file.md) as TypeScript types, for code that writes
// cluster documents (test builders, exporters). validateClusterDocument() accepts `unknown` and
// turns this shape into a ClusterSnapshot, filling in the documented defaults.

/** A Kubernetes quantity: 4, 0.5, "3500m" for cpu; "16Gi", "512Mi", "1G" or bytes for memory. */
export type Quantity = string | number;

export interface OsEntry {
  readonly image?: string;
  readonly family?: OsFamily;
  readonly packageManager?: PackageManager;
}

export interface RepositoryEntry {
  readonly era?: PackageEra;
  /** 32 or "v1.32" for pkgs.k8s.io/core:/stable:/v1.32/. */
  readonly minor?: number | string;
}

export interface AllocatableEntry {
  readonly cpu?: Quantity;
  readonly memory?: Quantity;
  readonly pods?: number;
}

export interface NodeDefaultsEntry {
  readonly os?: OsEntry;
  readonly repository?: RepositoryEntry;
  readonly allocatable?: AllocatableEntry;
  /** Observations for preflight: swap, free disk, held packages, repository reachability. */
  readonly facts?: NodeFactsEntry;
}

export interface TaintEntry {
  readonly key: string;
  readonly value?: string;
  readonly effect: Taint['effect'];
}

export interface ControlPlaneEntry {
  readonly apiserver?: string;
  readonly controllerManager?: string;
  readonly scheduler?: string;
  readonly etcd?: string;
}

export interface NodeEntry extends NodeDefaultsEntry {
  readonly name: string;
  /** Expands the entry into name-1 .. name-N. */
  readonly count?: number;
  readonly role?: NodeRole;
  readonly kubelet: string;
  readonly kubeadm?: string;
  readonly kubectl?: string;
  readonly kubeProxy?: string;
  readonly ready?: boolean;
  readonly cordoned?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /** Objects, or kubectl's "key=value:Effect" / "key:Effect" text. */
  readonly taints?: readonly (TaintEntry | string)[];
  readonly address?: string;
  readonly controlPlane?: ControlPlaneEntry;
  /** Control-plane nodes: kubeadm's certificates, listed or as one expiry day. */
  readonly certificates?: CertificatesEntry;
}

export interface RequestsEntry {
  readonly cpu?: Quantity;
  readonly memory?: Quantity;
}

export interface WorkloadEntry {
  readonly kind: WorkloadKind;
  readonly namespace?: string;
  readonly name: string;
  readonly replicas?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly requests?: RequestsEntry;
  readonly emptyDir?: boolean;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly startupSeconds?: number;
  readonly terminationGraceSeconds?: number;
}

export interface PodEntry {
  readonly name: string;
  readonly namespace?: string;
  readonly node?: string;
  readonly phase?: PodPhase;
  readonly ready?: boolean;
  readonly owner?: { readonly kind: WorkloadKind | 'Node'; readonly name: string };
  readonly labels?: Readonly<Record<string, string>>;
  readonly requests?: RequestsEntry;
  readonly emptyDir?: boolean;
  readonly mirror?: boolean;
  readonly deleting?: boolean;
  readonly uid?: string;
}

export interface PdbEntry {
  readonly name: string;
  readonly namespace?: string;
  readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

export interface ClusterDocument {
  readonly kind: 'Cluster';
  readonly apiVersion: 'kubehop/v1';
  readonly name: string;
  readonly etcd?: 'local' | 'external';
  readonly kubectl?: string;
  readonly addons?: { readonly coreDNS?: string; readonly kubeProxy?: string };
  readonly defaults?: NodeDefaultsEntry;
  readonly nodes: readonly NodeEntry[];
  readonly workloads?: readonly WorkloadEntry[];
  readonly pods?: readonly PodEntry[];
  readonly pdbs?: readonly PdbEntry[];
  readonly etcdHealthy?: boolean;
  readonly webhooks?: readonly WebhookEntry[];
  readonly objects?: readonly ObservedObjectEntry[];
  /** What kube-system/kubeadm-config says: apiVersion, imageRepository, extraArgs per component, kubeProxyRemoved. */
  readonly kubeadmConfig?: {
    readonly apiVersion: string;
    readonly imageRepository?: string;
    readonly apiServer?: { readonly extraArgs?: Readonly<Record<string, string>> };
    readonly controllerManager?: { readonly extraArgs?: Readonly<Record<string, string>> };
    readonly scheduler?: { readonly extraArgs?: Readonly<Record<string, string>> };
    readonly kubeProxyRemoved?: boolean;
  };
  /** kube-system/kubelet-config's KubeletConfiguration as a mapping. */
  readonly kubeletConfig?: Readonly<Record<string, unknown>>;
}
