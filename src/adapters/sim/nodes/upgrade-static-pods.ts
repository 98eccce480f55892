import { TIMING_MODEL } from '../../../core/timing/index.js';
import { compareVersions, formatVersion, type KubeVersion } from '../../../core/version/index.js';
import type { CommandRun } from './command-run.js';
import { allApiserversAt, restartComponent, upgradeAddons } from './control-plane.js';
import { compareEtcd, etcdFor } from './kubeadm-images.js';

// kubeadm's control-plane phase on one node: etcd first (never downgraded), then kube-apiserver,
// kube-controller-manager and kube-scheduler one at a time, each restarted by the kubelet with its
// new manifest and waited for. An unchanged manifest is skipped. kube-apiserver is away for the
// configured API downtime (the whole API, on a single control-plane node).

const LABEL = { apiserver: 'kube-apiserver', controllerManager: 'kube-controller-manager', scheduler: 'kube-scheduler' } as const;

export async function upgradeStaticPods(run: CommandRun, target: KubeVersion, etcdUpgrade: boolean): Promise<void> {
  const { ctx, node } = run;
  const cp = node.controlPlane;
  if (!cp) return;
  run.print(`[upgrade/staticpods] Writing new Static Pod manifests to "/etc/kubernetes/tmp/kubeadm-upgraded-manifests"`);
  const etcd = etcdFor(target.minor);
  if (cp.etcd && etcdUpgrade && etcd) {
    if (compareEtcd(etcd, cp.etcd.version) > 0) {
      const down = ctx.rng.durationIn(TIMING_MODEL.etcdRestart);
      restartComponent(ctx, node, 'etcd', etcd, down);
      run.print(`[upgrade/staticpods] Moved new manifest to "/etc/kubernetes/manifests/etcd.yaml" (etcd ${etcd})`);
      await run.wait(down + ctx.rng.durationIn(TIMING_MODEL.componentSettle));
    } else if (compareEtcd(etcd, cp.etcd.version) < 0) {
      run.print(`[upgrade/etcd] Won't downgrade etcd, instead just continue`);
    }
  }
  for (const component of ['apiserver', 'controllerManager', 'scheduler'] as const) {
    if (compareVersions(cp[component].version, target) === 0 && cp[component].up) {
      run.print(`[upgrade/staticpods] Current and new manifests of ${LABEL[component]} are equal, skipping upgrade`);
      continue;
    }
    const down = component === 'apiserver' ? ctx.tunables.apiDowntimeMs : ctx.rng.durationIn(TIMING_MODEL.componentRestart);
    restartComponent(ctx, node, component, target, down);
    run.print(`[upgrade/staticpods] Moved new manifest to "/etc/kubernetes/manifests/${LABEL[component]}.yaml"`);
    run.print(`[upgrade/staticpods] Waiting for the kubelet to restart the component`);
    await run.wait(down + ctx.rng.durationIn(TIMING_MODEL.componentSettle));
    run.print(`[apiclient] Found 1 Pods for label selector component=${LABEL[component]}`);
    run.print(`[upgrade/staticpods] Component "${LABEL[component]}" upgraded successfully!`);
  }
}

/**
 * kubeadm's addon phase: from v1.28 only once every kube-apiserver runs the version (whichever
 * command finishes the last control-plane node upgrades them); before v1.28 at once.
 */
export function addonPhase(run: CommandRun, version: KubeVersion, kubeadmMinor: number): void {
  const { state } = run.ctx;
  if (kubeadmMinor >= 28 && !allApiserversAt(state, version)) {
    const behind = state.controlPlanes
      .filter((n) => n.controlPlane && compareVersions(n.controlPlane.apiserver.version, version) !== 0)
      .map((n) => n.name);
    run.print(`[upgrade/addon] Skipping upgrade of addons because control plane instances [${behind.join(' ')}] have not been upgraded`);
    return;
  }
  const current = state.addons.kubeProxy;
  if (current && compareVersions(current, version) === 0) return;
  for (const line of upgradeAddons(run.ctx, version)) run.print(line);
  run.print(`[upgrade/addon] kube-proxy and CoreDNS now follow ${formatVersion(version)}`);
}
