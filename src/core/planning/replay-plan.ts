import type { ClusterSnapshot } from '../cluster/index.js';
import { type ControlPlaneState, type NodeVersionState, type VersionState } from '../skew/index.js';
import { compareVersions, minVersion, type KubeVersion } from '../version/index.js';

/** The versions and cordons of every node at one moment of a plan, as a replay tracks them. */
export interface ReplayNode {
  kubelet: KubeVersion;
  kubeProxy: KubeVersion | undefined;
  kubeadm: KubeVersion;
  /** The kubeadm that last ran `upgrade apply/node` here: the next one may be at most one minor newer. */
  lastManagedBy: KubeVersion;
  cordoned: boolean;
  controlPlane: { apiserver: KubeVersion; controllerManager: KubeVersion; scheduler: KubeVersion } | undefined;
  readonly role: 'control-plane' | 'worker';
}

export class PlanReplay {
  readonly nodes = new Map<string, ReplayNode>();
  kubeProxyAddon: KubeVersion | undefined;

  constructor(cluster: ClusterSnapshot) {
    this.kubeProxyAddon = cluster.addons.kubeProxy;
    for (const n of cluster.nodes) {
      const kubeadm = n.kubeadm ?? n.kubelet;
      this.nodes.set(n.name, {
        kubelet: n.kubelet,
        kubeProxy: n.kubeProxy ?? cluster.addons.kubeProxy,
        kubeadm,
        lastManagedBy: kubeadm,
        cordoned: n.cordoned,
        controlPlane: n.controlPlane
          ? { apiserver: n.controlPlane.apiserver, controllerManager: n.controlPlane.controllerManager, scheduler: n.controlPlane.scheduler }
          : undefined,
        role: n.role,
      });
    }
  }

  apiservers(): KubeVersion[] {
    return [...this.nodes.values()].flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver] : []));
  }

  oldestApiserver(): KubeVersion | undefined {
    return minVersion(this.apiservers());
  }

  /** Moves one node's control-plane components; once every instance is there, kubeadm upgrades kube-proxy. */
  upgradeControlPlane(name: string, version: KubeVersion): void {
    const node = this.nodes.get(name);
    if (!node?.controlPlane) return;
    node.controlPlane = { apiserver: version, controllerManager: version, scheduler: version };
    const all = this.apiservers().every((v) => compareVersions(v, version) === 0);
    // Before v1.28 kubeadm upgraded the addons at once; since, after the last instance.
    if (all || version.minor < 28) this.upgradeKubeProxy(version);
  }

  private upgradeKubeProxy(version: KubeVersion): void {
    this.kubeProxyAddon = version;
    for (const node of this.nodes.values()) node.kubeProxy = version;
  }

  versionState(): VersionState {
    const controlPlane: ControlPlaneState[] = [];
    const nodes: NodeVersionState[] = [];
    for (const [name, n] of this.nodes) {
      if (n.controlPlane) controlPlane.push({ node: name, ...n.controlPlane });
      nodes.push({ node: name, role: n.role, kubelet: n.kubelet, kubeadm: n.kubeadm, ...(n.kubeProxy ? { kubeProxy: n.kubeProxy } : {}) });
    }
    return { controlPlane, nodes };
  }
}
