import type { KubeVersion, PackageEra } from '../version/index.js';

// What kubehop observes of a cluster. The same plain, serializable data comes from a live
// cluster, a cluster file or the simulator, so everything downstream is shared.

export type NodeRole = 'control-plane' | 'worker';
export type OsFamily = 'debian' | 'rhel';
export type PackageManager = 'apt' | 'dnf' | 'yum';

export interface NodeOs {
  /** As the node reports it, e.g. "Ubuntu 24.04.1 LTS". */
  readonly image: string;
  readonly family: OsFamily;
  readonly packageManager: PackageManager;
}

/** The Kubernetes package repository configured on a node. */
export interface PackageRepository {
  readonly era: PackageEra;
  /** For pkgs.k8s.io: the minor line the repository points at, e.g. 32 for /v1.32/. */
  readonly minor?: number;
  /**
   * True when nobody looked on the node: a live-cluster read through the API alone infers the
   * repository from the kubelet version until SSH reports the node's real configuration.
   */
  readonly guessed?: boolean;
  /**
   * The file that configures it, when read on the node (e.g. a deb822
   * /etc/apt/sources.list.d/kubernetes.sources); absent: the usual kubernetes.list / kubernetes.repo.
   */
  readonly file?: string;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: Taint['effect'];
}

export interface Resources {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

export interface NodeCapacity extends Resources {
  readonly pods: number;
}

/** Static-pod components of one control-plane node. */
export interface ControlPlaneComponents {
  readonly apiserver: KubeVersion;
  readonly controllerManager: KubeVersion;
  readonly scheduler: KubeVersion;
  /** etcd image tag, e.g. "3.5.16-0"; absent with external etcd. */
  readonly etcd?: string;
}

export interface NodeSnapshot {
  readonly name: string;
  readonly role: NodeRole;
  readonly kubelet: KubeVersion;
  /** kube-proxy pod version on this node, when known. */
  readonly kubeProxy?: KubeVersion;
  /** Installed kubeadm version; absent when not known (for example read from the API only). */
  readonly kubeadm?: KubeVersion;
  /** Installed kubectl package on the node, when known. */
  readonly kubectl?: KubeVersion;
  readonly os: NodeOs;
  readonly repository: PackageRepository;
  readonly ready: boolean;
  readonly cordoned: boolean;
  /** Present exactly when role is control-plane. */
  readonly controlPlane?: ControlPlaneComponents;
  readonly allocatable: NodeCapacity;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** Address for SSH, when known. */
  readonly address?: string;
  /** On control-plane nodes: the kubeadm-managed certificates, as `kubeadm certs check-expiration` lists them. Absent: not observed. */
  readonly certificates?: readonly CertificateExpiry[];
  /** What was observed on the node itself (over SSH), for preflight checks. Absent: not observed. */
  readonly facts?: NodeFacts;
  /** kubehop's own mark on a node it cordoned (annotations kept with the cordon); absent otherwise. */
  readonly cordonMark?: CordonMark;
}

/** Which kubehop run cordoned a node, and when: lets a run that lost its journal undo exactly its own cordons. */
export interface CordonMark {
  /** The plan id of the run (its journal's planId). */
  readonly run: string;
  /** When, ms since the epoch. */
  readonly at: number;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job';

export interface PodTemplate {
  readonly requests: Resources;
  readonly emptyDir: boolean;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  /** Seconds from scheduled to Ready. */
  readonly startupSeconds?: number;
  readonly terminationGraceSeconds?: number;
}

export interface WorkloadSnapshot {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** Desired replicas; for a DaemonSet, ignored (one per eligible node). */
  readonly replicas: number;
  /** Labels of its pods; PDB selectors match these. */
  readonly labels: Readonly<Record<string, string>>;
  readonly template: PodTemplate;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface OwnerRef {
  readonly kind: WorkloadKind | 'Node';
  readonly name: string;
}

export interface PodSnapshot {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** Node the pod is bound to; absent while Pending unscheduled. */
  readonly node?: string;
  /** The controller that owns it; absent for a bare pod. For a Deployment's pod this is the Deployment. */
  readonly owner?: OwnerRef;
  readonly phase: PodPhase;
  readonly ready: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: Resources;
  readonly emptyDir: boolean;
  /** Mirror pod of a static pod (kubernetes.io/config.mirror). */
  readonly mirror: boolean;
  readonly deleting?: boolean;
  /** A Running pod that is not ready, as its status tells it when it was read. Absent: ready, or not observed. */
  readonly notReady?: PodNotReady;
}

/**
 * How long a Running pod has been not ready and whether its containers are up meanwhile: tells
 * a pod still starting (its probes re-run after a kubelet restart or a new container) from one
 * that is down.
 */
export interface PodNotReady {
  /** Seconds from the Ready condition's last change (lastTransitionTime) to when the pod was read. */
  readonly forSeconds: number;
  /** Every container is running (state.running) and none has exited since the pod became not ready. */
  readonly containersUp: boolean;
}

export interface PdbSnapshot {
  readonly namespace: string;
  readonly name: string;
  /** matchLabels of the selector. */
  readonly selector: Readonly<Record<string, string>>;
  /** An integer or a percentage such as "50%". */
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

export interface Addons {
  readonly coreDNS?: string;
  /** Version of the kube-proxy DaemonSet image. */
  readonly kubeProxy?: KubeVersion;
}

export interface ClusterSnapshot {
  readonly name: string;
  readonly nodes: readonly NodeSnapshot[];
  readonly addons: Addons;
  /** The operator's local kubectl, when known. */
  readonly kubectl?: KubeVersion;
  readonly etcd: 'local' | 'external';
  readonly workloads: readonly WorkloadSnapshot[];
  readonly pods: readonly PodSnapshot[];
  readonly pdbs: readonly PdbSnapshot[];
  /** Objects whose apiVersion was seen (live, last-applied, Helm releases), for the removed-API check. Absent: not observed. */
  readonly objects?: readonly ObservedObject[];
  /** Admission webhooks of the cluster. Absent: not observed. */
  readonly webhooks?: readonly AdmissionWebhook[];
  /** Whether etcd answered its health check (every member, local or external). Absent: not checked. */
  readonly etcdHealthy?: boolean;
  /** What kube-system/kubeadm-config says, for the breaking-change checks. Absent: not observed. */
  readonly kubeadmConfig?: KubeadmConfigFacts;
  /** The kubelet configuration kubeadm hands every node (ConfigMap kube-system/kubelet-config). Absent: not observed. */
  readonly kubeletConfig?: KubeletConfigFacts;
}

// Optional observations for the preflight checks (src/core/preflight). A live-cluster reader, the
// simulator or a cluster file (docs/cluster-file.md, "Observations for preflight") may give them.
// Where one is absent, the check that needs it says nothing rather than guess.

/** One kubeadm certificate on a control-plane node. */
export interface CertificateExpiry {
  /** As kubeadm names it: "apiserver", "admin.conf", "etcd-server", "ca", "front-proxy-ca", ... */
  readonly name: string;
  /** The day it expires, YYYY-MM-DD. */
  readonly expiresOn: string;
}

export interface NodeFacts {
  readonly swapOn?: boolean;
  /** Free bytes on the filesystem holding /var (packages, images). */
  readonly freeDiskBytes?: number;
  /** Kubernetes packages pinned against changes: apt-mark hold on apt, versionlock on dnf/yum. */
  readonly heldPackages?: readonly string[];
  /** Whether the node reached the package repository of the next minor it is to install. */
  readonly repositoryReachable?: boolean;
  /**
   * The index URL that probe fetched: pkgs.k8s.io's (or its mirror's) for the next minor, or before
   * v1.24 on a legacy repository the node's own source's. Absent: not probed over the node's shell.
   */
  readonly repositoryProbed?: string;
  /**
   * Before v1.24 on the node's own legacy apt source: the kubeadm versions of the probed minor its
   * Packages index lists ("v1.21.0"). Absent: not told.
   */
  readonly repositoryKubeadmVersions?: readonly string[];
  /** As the Node reports it (status.nodeInfo.containerRuntimeVersion), e.g. "docker://20.10.24", "containerd://1.7.24". */
  readonly containerRuntimeVersion?: string;
  /** Every kubelet flag set in kubeadm-flags.env, /etc/default/kubelet or /etc/sysconfig/kubelet and the kubelet's systemd drop-ins. */
  readonly kubeletFlags?: readonly FlagSetting[];
  /** /var/lib/kubelet/config.yaml. */
  readonly kubeletConfig?: KubeletConfigFacts;
  /** The cgroup hierarchy: 2 when /sys/fs/cgroup is cgroup2fs, 1 otherwise. */
  readonly cgroupVersion?: 1 | 2;
  /** containerd's runc option SystemdCgroup in /etc/containerd/config.toml (false when not set). */
  readonly containerdSystemdCgroup?: boolean;
  /** Every static pod in /etc/kubernetes/manifests, not only kubeadm's. */
  readonly staticPods?: readonly StaticPodFacts[];
  /** False when the node could not be reached over its shell at all (SSH refused or timed out). */
  readonly reachable?: boolean;
}

/** One command-line flag where it is written down. */
export interface FlagSetting {
  /** With its dashes: "--network-plugin". */
  readonly flag: string;
  /** Absent for a bare flag ("--flag") or one whose value follows after a space. */
  readonly value?: string;
  /** The file on the node, or the object ("configmap kube-system/kubeadm-config"). */
  readonly file: string;
  /** 1-based line in the file; absent for an object. */
  readonly line?: number;
  /** For an object, the field that holds it ("ClusterConfiguration.apiServer.extraArgs"). */
  readonly field?: string;
}

/** A KubeletConfiguration, flattened: dotted field path -> value as text ("memorySwap.swapBehavior" -> "UnlimitedSwap"). */
export interface KubeletConfigFacts {
  /** "/var/lib/kubelet/config.yaml" or "configmap kube-system/kubelet-config". */
  readonly file: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface StaticPodFacts {
  readonly file: string;
  /** metadata.name of the pod. */
  readonly name: string;
  /** API objects the pod needs, e.g. "ServiceAccount kube-vip", "ConfigMap kube-vip-config"; empty when none. */
  readonly apiReferences: readonly string[];
}

export type ControlPlaneComponentName = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';

export interface ComponentFlagSetting extends FlagSetting {
  readonly component: ControlPlaneComponentName;
}

export interface KubeadmConfigFacts {
  /** apiVersion of the stored ClusterConfiguration, e.g. "kubeadm.k8s.io/v1beta2". */
  readonly apiVersion: string;
  readonly imageRepository?: string;
  /** apiServer, controllerManager and scheduler extraArgs, one setting per flag. */
  readonly extraArgs: readonly ComponentFlagSetting[];
  /**
   * True when no kube-proxy DaemonSet runs (a CNI replaced it) but kube-system/kube-proxy, the
   * ConfigMap kubeadm re-installs it from, is still there.
   */
  readonly kubeProxyRemoved?: boolean;
}

/** Where an object's apiVersion was seen. */
export type ObjectSource =
  | { readonly from: 'live' }
  /** kubectl.kubernetes.io/last-applied-configuration of a live object. */
  | { readonly from: 'last-applied' }
  /** The manifest Helm stored for a release revision. */
  | { readonly from: 'helm'; readonly release: string; readonly revision: number }
  | { readonly from: 'file'; readonly file: string; readonly line: number };

/** An object's identity and the apiVersion one source gives it; one entry per source. */
export interface ObservedObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** Absent for cluster-scoped objects and for manifests that leave it to the context. */
  readonly namespace?: string;
  readonly name: string;
  readonly source: ObjectSource;
}

export interface AdmissionWebhook {
  readonly kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  /** The configuration object's name. */
  readonly configuration: string;
  /** The webhook's name inside it. */
  readonly name: string;
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** The in-cluster service behind it; absent for a webhook called by URL. */
  readonly service?: { readonly namespace: string; readonly name: string };
  /** Whether that service has at least one ready endpoint. Absent: not observed. */
  readonly serviceReady?: boolean;
  /**
   * The resources its rules intercept, as the rules name them ("pods", "pods/eviction",
   * "configmaps", "*", "ingresses"), for any operation. Absent: not observed (assume everything).
   */
  readonly resources?: readonly string[];
}
