// The fields of Kubernetes objects kubehop reads, as they come over the wire (JSON: times are
// strings, quantities are strings). client-node's model classes describe deserialized objects
// (Date instances), which raw JSON is not, so the adapter types its own small views.

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly deletionTimestamp?: string;
  readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly uid?: string; readonly controller?: boolean }[];
}

export type Quantities = Readonly<Record<string, string | number>>;

export interface KubeToleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

export interface KubeContainer {
  readonly name: string;
  readonly image?: string;
  readonly resources?: { readonly requests?: Quantities };
}

export interface KubePodSpec {
  readonly nodeName?: string;
  readonly containers?: readonly KubeContainer[];
  readonly initContainers?: readonly KubeContainer[];
  readonly volumes?: readonly { readonly name: string; readonly emptyDir?: object }[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly KubeToleration[];
  readonly terminationGracePeriodSeconds?: number;
  readonly overhead?: Quantities;
}

export interface KubeContainerStatus {
  readonly name: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: { readonly running?: { readonly startedAt?: string }; readonly waiting?: { readonly reason?: string }; readonly terminated?: { readonly finishedAt?: string } };
  readonly lastState?: { readonly terminated?: { readonly finishedAt?: string } };
}

export interface KubePod {
  readonly metadata: ObjectMeta;
  readonly spec?: KubePodSpec;
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly lastTransitionTime?: string }[];
    readonly containerStatuses?: readonly KubeContainerStatus[];
  };
}

export interface KubeNode {
  readonly metadata: ObjectMeta;
  readonly spec?: { readonly unschedulable?: boolean; readonly taints?: readonly KubeToleration[] };
  readonly status?: {
    readonly allocatable?: Quantities;
    readonly conditions?: readonly { readonly type: string; readonly status: string }[];
    readonly addresses?: readonly { readonly type: string; readonly address: string }[];
    readonly nodeInfo?: { readonly kubeletVersion?: string; readonly kubeProxyVersion?: string; readonly osImage?: string; readonly containerRuntimeVersion?: string };
  };
}

export interface KubeWorkload {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly replicas?: number;
    readonly parallelism?: number;
    readonly template?: { readonly metadata?: { readonly labels?: Readonly<Record<string, string>> }; readonly spec?: KubePodSpec };
  };
  readonly status?: { readonly desiredNumberScheduled?: number; readonly numberReady?: number; readonly readyReplicas?: number };
}

export interface KubePdb {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> };
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
    readonly unhealthyPodEvictionPolicy?: string;
  };
  readonly status?: {
    readonly currentHealthy?: number;
    readonly desiredHealthy?: number;
    readonly expectedPods?: number;
    readonly disruptionsAllowed?: number;
  };
}

export interface KubeConfigMap {
  readonly metadata: ObjectMeta;
  readonly data?: Readonly<Record<string, string>>;
}

export interface KubeLease {
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly holderIdentity?: string;
    readonly leaseDurationSeconds?: number;
    readonly acquireTime?: string;
    readonly renewTime?: string;
    readonly leaseTransitions?: number;
  };
}
