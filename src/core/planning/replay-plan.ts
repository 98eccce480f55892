import type { ClusterSnapshot } from '../cluster/index.js';
import { type ControlPlaneState, type NodeVersionState, type VersionState } from '../skew/index.js';
import { compareVersions, maxVersion, minVersion, type KubeVersion } from '../version/index.js';

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
  /** The control-plane nodes alone: every step asks about them, so they are kept apart. */
  private readonly controlPlaneNodes: [string, ReplayNode][] = [];
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
    for (const entry of this.nodes) if (entry[1].controlPlane) this.controlPlaneNodes.push(entry);
  }

  private apiserverCache: KubeVersion[] | undefined;

  apiservers(): KubeVersion[] {
    this.apiserverCache ??= this.controlPlaneNodes.flatMap(([, n]) => (n.controlPlane ? [n.controlPlane.apiserver] : []));
    return this.apiserverCache;
  }

  oldestApiserver(): KubeVersion | undefined {
    return minVersion(this.apiservers());
  }

  newestApiserver(): KubeVersion | undefined {
    return maxVersion(this.apiservers());
  }

  /** Moves one node's control-plane components; once every instance is there, kubeadm upgrades kube-proxy. */
  upgradeControlPlane(name: string, version: KubeVersion): void {
    const node = this.nodes.get(name);
    if (!node?.controlPlane) return;
    node.controlPlane = { apiserver: version, controllerManager: version, scheduler: version };
    this.apiserverCache = undefined;
    const all = this.apiservers().every((v) => compareVersions(v, version) === 0);
    // Before v1.28 kubeadm upgraded the addons at once; since, after the last instance.
    if (all || version.minor < 28) this.upgradeKubeProxy(version);
  }

  private upgradeKubeProxy(version: KubeVersion): void {
    this.kubeProxyAddon = version;
    for (const node of this.nodes.values()) node.kubeProxy = version;
  }

  /** The whole cluster's versions, or only `onlyNode` beside the control plane when one node changed. */
  versionState(onlyNode?: string): VersionState {
    const controlPlane: ControlPlaneState[] = [];
    for (const [name, n] of this.controlPlaneNodes) if (n.controlPlane) controlPlane.push({ node: name, ...n.controlPlane });
    const nodes: NodeVersionState[] = [];
    const entries: Iterable<[string, ReplayNode]> = onlyNode ? [[onlyNode, this.nodes.get(onlyNode) as ReplayNode]] : this.nodes;
    for (const [name, n] of entries) {
      if (!n) continue;
      nodes.push({ node: name, role: n.role, kubelet: n.kubelet, kubeadm: n.kubeadm, ...(n.kubeProxy ? { kubeProxy: n.kubeProxy } : {}) });
    }
    return { controlPlane, nodes };
  }
}
