// The catalog of changes between minors that break kubeadm upgrades beyond removed APIs
// (data/breaking-changes.json), as the core sees it. Read at the edge, validated, passed in.
// Minors are numbers (24 for v1.24); every entry names a source from the catalog's `sources`.

export const BREAKING_CHANGES_FORMAT = 'kubehop.breaking-changes/v1';

export type ControlPlaneComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';
export const CONTROL_PLANE_COMPONENTS: readonly ControlPlaneComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

export interface RemovedFlags {
  readonly flags: readonly string[];
  readonly removedIn: number;
  readonly source: string;
  /** What to use instead, when something replaces them. */
  readonly fix?: string;
}

export interface RemovedControlPlaneFlags extends RemovedFlags {
  readonly component: ControlPlaneComponent;
}

export interface RemovedFeatureGates {
  readonly gates: readonly string[];
  readonly removedIn: number;
  readonly source: string;
}

export interface RemovedAdmissionPlugin {
  readonly plugin: string;
  readonly removedIn: number;
  readonly source: string;
  readonly fix: string;
}

export interface RemovedKubeadmConfigApi {
  readonly apiVersion: string;
  readonly removedIn: number;
  readonly source: string;
}

export interface KubeadmConfigShape {
  readonly apiVersion: string;
  /** The minor whose kubeadm first stores the ClusterConfiguration at this version. */
  readonly storedFrom: number;
  readonly change: string;
  readonly source: string;
}

export interface KubeletConfigChange {
  /** Dotted path in a KubeletConfiguration, e.g. "memorySwap.swapBehavior". */
  readonly field: string;
  /** The value that breaks, as text. */
  readonly value: string;
  readonly changedIn: number;
  readonly severity: 'blocking' | 'overridable';
  /** What the new kubelet does with it, completing "<field>: <value> ...". */
  readonly effect: string;
  readonly fix: string;
  readonly source: string;
}

export interface ContainerdSupport {
  readonly minor: number;
  /** The oldest supported patch of each containerd release line, e.g. "1.7.13". */
  readonly minimums: readonly string[];
}

export interface RuntimeRequirements {
  readonly dockershimRemovedIn: number;
  readonly dockershimSource: string;
  readonly criV1OnlyFrom: number;
  /** The oldest containerd that serves CRI v1. */
  readonly criV1Containerd: string;
  readonly criV1Source: string;
  readonly containerdSupport: readonly ContainerdSupport[];
  readonly containerdSource: string;
  readonly cgroupV1RefusedFrom: number;
  /** kubeadm upgrade sets an empty cgroupDriver to this from that minor on. */
  readonly cgroupDriverDefault: { readonly changedIn: number; readonly driver: 'systemd' | 'cgroupfs' };
  readonly cgroupSource: string;
}

export interface EtcdFloor {
  /** The hop into this minor needs at least `minimum` before it starts. */
  readonly into: number;
  readonly minimum: string;
  readonly why: string;
  readonly source: string;
}

export interface ImageRegistryMove {
  readonly from: string;
  readonly to: string;
  readonly frozenOn: string;
  /** From this minor kubeadm upgrade rewrites `from` to `to` in kubeadm-config itself. */
  readonly kubeadmRewritesFrom: number;
  readonly source: string;
}

/**
 * A CNI plugin whose documentation ties its releases to Kubernetes minors. kubeadm does not
 * upgrade the pod network add-on, so the operator checks it before each hop.
 */
export interface CniPlugin {
  readonly name: string;
  /** Names of the DaemonSets that tell the plugin runs (its node agent). */
  readonly daemonSets: readonly string[];
  /** What its documentation requires across Kubernetes upgrades. */
  readonly requirement: string;
  /** The page that lists the Kubernetes minors each release supports. */
  readonly compatibility: string;
  /** Its upgrade guide. */
  readonly upgrade: string;
  readonly source: string;
}

export interface BreakingChanges {
  readonly compiledOn: string;
  /** The newest minor the catalog was checked against. */
  readonly checkedThrough: number;
  /** Source id -> where the facts come from. */
  readonly sources: Readonly<Record<string, string>>;
  readonly kubeletFlags: readonly RemovedFlags[];
  readonly controlPlaneFlags: readonly RemovedControlPlaneFlags[];
  readonly featureGates: readonly RemovedFeatureGates[];
  readonly admissionPlugins: readonly RemovedAdmissionPlugin[];
  readonly kubeadmConfigApis: readonly RemovedKubeadmConfigApi[];
  readonly kubeadmConfigShapes: readonly KubeadmConfigShape[];
  readonly kubeletConfigFields: readonly KubeletConfigChange[];
  readonly runtime: RuntimeRequirements;
  readonly staticPodApiReferencesDeniedFrom: number;
  readonly staticPodSource: string;
  readonly etcd: readonly EtcdFloor[];
  readonly kubeProxyReinstall: { readonly source: string };
  readonly imageRegistries: readonly ImageRegistryMove[];
  readonly cniPlugins: readonly CniPlugin[];
}
