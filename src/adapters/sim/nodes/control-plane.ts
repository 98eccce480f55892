import { compareVersions, formatVersion, type KubeVersion } from '../../../core/version/index.js';
import { coreDnsFor } from './kubeadm-images.js';
import type { SimContext } from '../sim-context.js';
import { podKey, type ComponentName, type SimNode } from '../state/sim-model.js';
import type { SimState } from '../state/sim-state.js';

// The control plane's availability, from its static pods: the API answers while at least one
// kube-apiserver runs and (stacked etcd) a majority of etcd members do; controllers need a
// kube-controller-manager as well, binding needs a kube-scheduler. Restarting one instance of
// an HA control plane therefore never takes the API down; a single control-plane node does.

const MIRROR_NAME: Record<ComponentName, string> = {
  apiserver: 'kube-apiserver',
  controllerManager: 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  etcd: 'etcd',
};

export function recomputeApi(state: SimState): void {
  let apiservers = 0;
  let members = 0;
  let membersUp = 0;
  for (const node of state.controlPlanes) {
    const cp = node.controlPlane;
    if (!cp) continue;
    if (cp.apiserver.up) apiservers++;
    if (cp.etcd) {
      members++;
      if (cp.etcd.up) membersUp++;
    }
  }
  state.setApiUp(apiservers > 0 && (members === 0 || membersUp > members / 2));
}

export function controllersUp(state: SimState): boolean {
  return state.apiUp && state.controlPlanes.some((n) => n.controlPlane?.controllerManager.up === true);
}

export function schedulerUp(state: SimState): boolean {
  return state.apiUp && state.controlPlanes.some((n) => n.controlPlane?.scheduler.up === true);
}

/**
 * The kubelet restarts one static pod with a new manifest: the component is gone for `downMs`,
 * then runs at `version`. Resolves nothing itself; the caller waits as kubeadm does.
 */
export function restartComponent(ctx: SimContext, node: SimNode, component: ComponentName, version: KubeVersion | string, downMs: number): void {
  const cp = node.controlPlane;
  const part = cp?.[component];
  if (!cp || !part) return;
  const { state } = ctx;
  const mirror = state.pods.get(podKey('kube-system', `${MIRROR_NAME[component]}-${node.name}`));
  state.batch(() => {
    part.up = false;
    if (mirror) state.updatePod(mirror, (p) => void (p.started = false), 'unready');
    state.componentsChanged(node);
    recomputeApi(state);
    ctx.log.add('component-stopped', `${node.name}/${MIRROR_NAME[component]}`);
  });
  ctx.clock.schedule(downMs, () =>
    state.batch(() => {
      if (component === 'etcd') {
        if (cp.etcd && typeof version === 'string') cp.etcd.version = version;
      } else if (typeof version !== 'string') {
        cp[component].version = version;
      }
      part.up = true;
      if (mirror && state.pods.get(mirror.key) === mirror) {
        state.updatePod(mirror, (p) => {
          p.uid = ctx.rng.uid();
          p.started = true;
        }, 'replaced');
      }
      state.componentsChanged(node);
      recomputeApi(state);
      ctx.log.add('component-started', `${node.name}/${MIRROR_NAME[component]}`, typeof version === 'string' ? version : formatVersion(version));
    }),
  );
}

/** Every kube-apiserver of the cluster runs `version`: kubeadm ≥ v1.28 upgrades the addons only then. */
export function allApiserversAt(state: SimState, version: KubeVersion): boolean {
  return state.controlPlanes.every((n) => n.controlPlane !== undefined && compareVersions(n.controlPlane.apiserver.version, version) === 0);
}

/** kubeadm's addon phase: the kube-proxy DaemonSet and CoreDNS move to the new version. */
export function upgradeAddons(ctx: SimContext, version: KubeVersion): string[] {
  const { state } = ctx;
  const coreDNS = coreDnsFor(version.minor) ?? state.addons.coreDNS;
  state.batch(() => {
    state.setAddons({ ...state.addons, kubeProxy: version, ...(coreDNS ? { coreDNS } : {}) });
    ctx.log.add('addons-upgraded', 'kube-system', `kube-proxy ${formatVersion(version)}${coreDNS ? `, CoreDNS ${coreDNS}` : ''}`);
  });
  return [`[addons] Applied essential addon: CoreDNS`, `[addons] Applied essential addon: kube-proxy`];
}

/** A control-plane outage (every kube-apiserver at once), at `atMs` from now for `forMs`. */
export function scheduleOutage(ctx: SimContext, atMs: number, forMs: number): void {
  ctx.clock.schedule(atMs, () => {
    for (const node of ctx.state.controlPlanes) {
      if (node.controlPlane) restartComponent(ctx, node, 'apiserver', node.controlPlane.apiserver.version, forMs);
    }
  });
}
