// How long the parts of an upgrade take, in seconds, as ranges. The simulator draws each duration
// from these ranges (seeded), and the planner forecasts with their middles: one model, so a
// forecast and a simulated run disagree only by chance and by what the plan cannot know (where
// pods will have moved by the time a node is drained).

/** A duration between `min` and `max` seconds; a fixed one has min === max. */
export interface TimeRange {
  readonly min: number;
  readonly max: number;
}

const range = (min: number, max: number): TimeRange => ({ min, max });

export const TIMING_MODEL = {
  // Package managers.
  /** apt-get update. */
  packageIndexUpdate: range(5, 15),
  /** apt-get install of kubeadm, or of kubelet and kubectl. */
  packageInstall: range(20, 40),
  /** apt-mark hold / unhold. */
  packageHold: range(0.2, 0.6),
  /** yum / dnf reading the repository's metadata before an install. */
  rpmMetadata: range(3, 8),
  /** yum / dnf install. */
  rpmInstall: range(17, 32),
  /** A small file edit or lookup on a node (sed on the repository file, mkdir, mv). */
  fileEdit: range(0.1, 0.3),
  // kubeadm.
  kubeadmUpgradePlan: range(5, 12),
  /** kubeadm upgrade apply: pre-flight checks and the cluster's health. */
  kubeadmPreflight: range(3, 8),
  /** kubeadm upgrade apply: pulling the new control-plane images. */
  kubeadmImagePull: range(15, 40),
  /** kubeadm upgrade apply: kubelet configuration and addons after the static pods. */
  kubeadmApplyFinish: range(3, 8),
  /** kubeadm upgrade node: reading the cluster's configuration. */
  kubeadmReadConfig: range(2, 5),
  /** kubeadm upgrade node: writing the kubelet's configuration. */
  kubeadmWriteKubeletConfig: range(1, 3),
  /** etcd away while the kubelet restarts it with a new manifest. */
  etcdRestart: range(10, 20),
  /** kube-apiserver away while it restarts (the whole API on a single control-plane node). */
  apiserverRestart: range(60, 60),
  /** kube-controller-manager or kube-scheduler away while it restarts. */
  componentRestart: range(5, 15),
  /** kubeadm waiting for a restarted static pod to be seen again. */
  componentSettle: range(1, 3),
  /** etcdctl snapshot save: a base, plus this per MiB of data. */
  etcdSnapshotBase: range(1, 1),
  etcdSnapshotPerMiB: range(0.15, 0.15),
  etcdSnapshotStatus: range(0.2, 0.8),
  // The kubelet and systemd.
  systemdReload: range(0.3, 1),
  systemdRestart: range(0.5, 1.5),
  /** From a kubelet restart to the node Ready again. */
  kubeletReady: range(10, 20),
  // Pods.
  /** A pod's containers stopping after a deletion, without a terminationGracePeriodSeconds of its own. */
  podTermination: range(1, 5),
  /** A finished pod going away. */
  finishedPodTermination: range(0.2, 1),
  /** A pod from start to Ready, without a startup time of its own. */
  podStartup: range(5, 5),
  // New machines (surge, blue-green).
  /** Repository, packages and holds on a new machine. */
  prepareHost: range(30, 60),
  /** Join token and kubeadm join. */
  joinNode: range(35, 52),
  /** A joined node becoming Ready. */
  joinedNodeReady: range(10, 20),
  /** kubectl delete node on the API. */
  deleteNode: range(2, 5),
  /** kubeadm reset and the package purge on a removed machine. */
  resetHost: range(10, 20),
} as const satisfies Record<string, TimeRange>;

export type TimingModel = typeof TIMING_MODEL;
export type Operation = keyof TimingModel;

/** The expected duration of a range, in seconds: its middle (the simulator draws uniformly). */
export function expectedSeconds(r: TimeRange): number {
  return (r.min + r.max) / 2;
}
