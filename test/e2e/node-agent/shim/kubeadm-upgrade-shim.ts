import { compareEtcdTags, kubeadmAddonVersions } from '../../../../src/core/releases/index.js';
import { checkKubeadmApply, checkKubeadmUpgradeNode, type VersionState } from '../../../../src/core/skew/index.js';
import { compareVersions, formatVersion, maxVersion, parseVersion, tryParseVersion, type KubeVersion } from '../../../../src/core/version/index.js';
import type { Finding } from '../../../../src/core/findings.js';
import { nodeIn, updateStates, type ClusterState, type NodeState, type StaticPods } from '../node-state.js';
import { versionOfPackage } from './package-repository.js';
import { waitForAgent, type ShimContext } from './shim-context.js';

// `kubeadm upgrade apply` and `kubeadm upgrade node` on an emulated node, with the refusals of
// kubeadm's version policy taken from core/skew (the rules the planner and the simulator use).
// Success rewrites the node's static pods (etcd first and never downgraded, then the three
// control-plane components), the cluster's ClusterConfiguration and, in the addon phase,
// kube-proxy and CoreDNS; then it waits, as kubeadm waits for the kubelet, until the node agent
// has made the API show the change.

const LABEL = { apiserver: 'kube-apiserver', controllerManager: 'kube-controller-manager', scheduler: 'kube-scheduler' } as const;
/** An exit code, or -1 with the generations to wait for. */
interface Outcome {
  readonly code: number;
  readonly node?: number;
  readonly cluster?: number;
}

const NOT_CONTROL_PLANE = '[upgrade/config] FATAL: failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory';

export function kubeadmOf(node: NodeState): KubeVersion | undefined {
  const pkg = node.packages.kubeadm;
  return pkg ? versionOfPackage(pkg.version) : undefined;
}

export function versionStateOf(cluster: ClusterState, nodes: readonly NodeState[]): VersionState {
  const kubeProxy = parseVersion(cluster.kubeProxy);
  return {
    controlPlane: nodes.flatMap((n) =>
      n.staticPods
        ? [{ node: n.name, apiserver: parseVersion(n.staticPods.apiserver), controllerManager: parseVersion(n.staticPods.controllerManager), scheduler: parseVersion(n.staticPods.scheduler) }]
        : [],
    ),
    nodes: nodes.map((n) => {
      const kubeadm = kubeadmOf(n);
      return { node: n.name, role: n.role, kubelet: parseVersion(n.kubelet.running), kubeProxy, ...(kubeadm ? { kubeadm } : {}) };
    }),
  };
}

function upgradeStaticPods(ctx: ShimContext, pods: StaticPods, target: KubeVersion, etcdUpgrade: boolean): void {
  ctx.out('[upgrade/staticpods] Writing new Static Pod manifests to "/etc/kubernetes/tmp/kubeadm-upgraded-manifests"');
  const etcd = kubeadmAddonVersions(target.minor)?.etcd;
  if (etcdUpgrade && etcd) {
    if (compareEtcdTags(etcd, pods.etcd) > 0) {
      pods.etcd = etcd;
      ctx.out(`[upgrade/staticpods] Moved new manifest to "/etc/kubernetes/manifests/etcd.yaml" (etcd ${etcd})`);
    } else if (compareEtcdTags(etcd, pods.etcd) < 0) {
      ctx.out(`[upgrade/etcd] Won't downgrade etcd, instead just continue`);
    }
  }
  for (const component of ['apiserver', 'controllerManager', 'scheduler'] as const) {
    if (pods[component] === formatVersion(target)) {
      ctx.out(`[upgrade/staticpods] Current and new manifests of ${LABEL[component]} are equal, skipping upgrade`);
      continue;
    }
    pods[component] = formatVersion(target);
    ctx.out(`[upgrade/staticpods] Moved new manifest to "/etc/kubernetes/manifests/${LABEL[component]}.yaml"`);
    ctx.out(`[upgrade/staticpods] Component "${LABEL[component]}" upgraded successfully!`);
  }
}

/** kubeadm's addon phase: from v1.28 only once every kube-apiserver runs the version; before, at once. */
function addonPhase(ctx: ShimContext, cluster: ClusterState, nodes: readonly NodeState[], target: KubeVersion, kubeadm: KubeVersion): boolean {
  const behind = nodes.filter((n) => n.staticPods && n.staticPods.apiserver !== formatVersion(target)).map((n) => n.name);
  if (kubeadm.minor >= 28 && behind.length > 0) {
    ctx.out(`[upgrade/addon] Skipping upgrade of addons because control plane instances [${behind.join(' ')}] have not been upgraded`);
    return false;
  }
  if (cluster.kubeProxy === formatVersion(target)) return false;
  cluster.kubeProxy = formatVersion(target);
  cluster.coreDNS = kubeadmAddonVersions(target.minor)?.coreDNS ?? cluster.coreDNS;
  ctx.out('[addons] Applied essential addon: CoreDNS');
  ctx.out('[addons] Applied essential addon: kube-proxy');
  return true;
}

function refuse(ctx: ShimContext, mandatory: readonly Finding[], skippable: readonly Finding[]): number {
  const fatal = mandatory.length > 0;
  ctx.err(`[upgrade/version] FATAL: the --version argument is invalid due to these ${fatal ? 'fatal ' : ''}errors:`);
  ctx.err('');
  for (const f of fatal ? mandatory : skippable) ctx.err(`\t- ${f.message}`);
  ctx.err('');
  ctx.err(fatal ? 'Please fix the misalignments highlighted above and try upgrading again' : 'Can be bypassed if you pass the --force flag');
  return 1;
}

async function waitShown(ctx: ShimContext, want: { node?: number; cluster?: number }): Promise<number> {
  if (await waitForAgent(ctx, want)) return 0;
  ctx.err('[upgrade/staticpods] FATAL: timed out waiting for the kubelet to show the new static pods (is the node agent running?)');
  return 1;
}

export async function runKubeadmUpgradeApply(ctx: ShimContext, args: readonly string[]): Promise<number> {
  const unknown = args.find((a) => a.startsWith('-') && !/^(-y|--yes|-f|--force|--dry-run|--etcd-upgrade(=.*)?|--certificate-renewal(=.*)?|--ignore-preflight-errors=.*|--v=\d+)$/.test(a));
  if (unknown) return fail(ctx, `unknown flag: ${unknown}`);
  const versionArg = args.find((a) => !a.startsWith('-'));
  const force = args.includes('--force') || args.includes('-f');
  const dryRun = args.includes('--dry-run');
  const yes = force || dryRun || args.includes('--yes') || args.includes('-y');
  const etcdUpgrade = !args.includes('--etcd-upgrade=false');
  const self = ctx.node();
  if (!self.staticPods) return fail(ctx, NOT_CONTROL_PLANE);
  if (versionArg === undefined) return fail(ctx, '[upgrade/version] FATAL: missing the version to upgrade to, e.g. kubeadm upgrade apply v1.21.14');
  const target = tryParseVersion(versionArg);
  if (!target) return fail(ctx, `[upgrade/version] FATAL: couldn't parse the version "${versionArg}"`);
  const kubeadm = kubeadmOf(self);
  if (!kubeadm) return fail(ctx, 'kubeadm: command not found', 127);
  ctx.out('[preflight] Running pre-flight checks.');
  ctx.out('[upgrade/config] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  const outcome = updateStates<Outcome>(ctx.clusterDir, (tx) => {
    const state = versionStateOf(tx.cluster, tx.nodes);
    const current = maxVersion(state.controlPlane.map((c) => c.apiserver));
    ctx.out(`[upgrade/versions] Cluster version: ${current ? formatVersion(current) : 'unknown'}`);
    ctx.out(`[upgrade/versions] kubeadm version: ${formatVersion(kubeadm)}`);
    const findings = checkKubeadmApply(state, target, kubeadm);
    const mandatory = findings.filter((f) => f.severity === 'blocking');
    const skippable = findings.filter((f) => f.severity === 'overridable');
    if (mandatory.length > 0 || (skippable.length > 0 && !force)) return { code: refuse(ctx, mandatory, skippable) };
    for (const f of skippable) ctx.out(`[upgrade/version] WARNING: ${f.message} (ignored because of --force)`);
    if (!yes) {
      ctx.out('[upgrade/confirm] Are you sure you want to proceed? [y/N]: ');
      return { code: fail(ctx, `won't proceed; the user didn't answer (Y|n) in order to continue`) };
    }
    if (dryRun) {
      ctx.out(`[dryrun] Would upgrade the control plane on ${ctx.nodeName} to "${formatVersion(target)}"`);
      return { code: 0 };
    }
    const node = nodeIn(tx.nodes, ctx.nodeName);
    ctx.out(`[upgrade/apply] Upgrading your Static Pod-hosted control plane to version "${formatVersion(target)}" (timeout: 5m0s)...`);
    upgradeStaticPods(ctx, node.staticPods as StaticPods, target, etcdUpgrade);
    node.lastManagedBy = formatVersion(kubeadm);
    tx.changed(node);
    tx.cluster.kubernetesVersion = formatVersion(target);
    ctx.out('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
    ctx.out('[kubelet] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
    addonPhase(ctx, tx.cluster, tx.nodes, target, kubeadm);
    tx.changed(tx.cluster);
    return { code: -1, node: node.generation + 1, cluster: tx.cluster.generation + 1 };
  });
  if (outcome.code >= 0) return outcome.code;
  const shown = await waitShown(ctx, outcome);
  if (shown !== 0) return shown;
  ctx.out(
    kubeadm.minor >= 20
      ? `[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${formatVersion(target)}".`
      : `[upgrade/successful] SUCCESS! Your cluster was upgraded to "${formatVersion(target)}". Enjoy!`,
  );
  return 0;
}

export async function runKubeadmUpgradeNode(ctx: ShimContext, args: readonly string[]): Promise<number> {
  const self = ctx.node();
  const kubeadm = kubeadmOf(self);
  if (!kubeadm) return fail(ctx, 'kubeadm: command not found', 127);
  const form = args[0] === 'config' ? 'config' : args[0] === 'experimental-control-plane' ? 'experimental-control-plane' : args[0] === undefined || args[0].startsWith('-') ? 'node' : undefined;
  if (!form) return fail(ctx, `unknown command "${args[0] ?? ''}" for "kubeadm upgrade node"`);
  if (form === 'node' && kubeadm.minor < 15) return fail(ctx, `unknown command "node" for "kubeadm upgrade" with kubeadm ${formatVersion(kubeadm)}`);
  if (form === 'config' && kubeadm.minor > 15) return fail(ctx, `unknown command "config" for "kubeadm upgrade node"`);
  if (form === 'experimental-control-plane' && (kubeadm.minor < 13 || kubeadm.minor > 15)) return fail(ctx, `unknown command "experimental-control-plane" for "kubeadm upgrade node"`);
  if (form === 'experimental-control-plane' && !self.staticPods) {
    return fail(ctx, '[upgrade] FATAL: this is not a control-plane node: /etc/kubernetes/manifests/kube-apiserver.yaml not found');
  }
  ctx.out('[upgrade] Reading configuration from the cluster...');
  const outcome = updateStates<Outcome>(ctx.clusterDir, (tx) => {
    const node = nodeIn(tx.nodes, ctx.nodeName);
    const controlPlane = node.staticPods !== undefined && form !== 'config';
    const configVersion = parseVersion(tx.cluster.kubernetesVersion);
    const newest = maxVersion(versionStateOf(tx.cluster, tx.nodes).controlPlane.map((c) => c.apiserver)) ?? configVersion;
    const target = controlPlane ? configVersion : newest;
    const findings = checkKubeadmUpgradeNode(node.name, kubeadm, parseVersion(node.lastManagedBy), target);
    if (findings.length > 0) {
      for (const f of findings) ctx.err(`[upgrade] FATAL: ${f.message}`);
      return { code: 1 };
    }
    if (controlPlane) {
      ctx.out(`[upgrade] Upgrading your Static Pod-hosted control plane instance to version "${formatVersion(target)}"...`);
      upgradeStaticPods(ctx, node.staticPods as StaticPods, target, true);
      ctx.out('[upgrade] The control plane instance for this node was successfully updated!');
    } else {
      ctx.out('[upgrade] Skipping phase. Not a control plane node.');
    }
    ctx.out('[kubelet] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
    node.lastManagedBy = formatVersion(kubeadm);
    tx.changed(node);
    const addons = controlPlane && kubeadm.minor >= 28 && compareVersions(target, configVersion) === 0 && addonPhase(ctx, tx.cluster, tx.nodes, target, kubeadm);
    if (addons) tx.changed(tx.cluster);
    return { code: -1, node: node.generation + 1, ...(addons ? { cluster: tx.cluster.generation + 1 } : {}) };
  });
  if (outcome.code >= 0) return outcome.code;
  const shown = await waitShown(ctx, outcome);
  if (shown !== 0) return shown;
  ctx.out('[upgrade] The configuration for this node was successfully updated!');
  ctx.out('[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.');
  return 0;
}

export function fail(ctx: ShimContext, message: string, code = 1): number {
  ctx.err(message);
  return code;
}
