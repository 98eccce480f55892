import { formatVersion, maxVersion, tryParseVersion } from '../../../../src/core/version/index.js';
import { readAllNodeStates } from '../node-state.js';
import { fail, kubeadmOf, runKubeadmUpgradeApply, runKubeadmUpgradeNode, versionStateOf } from './kubeadm-upgrade-shim.js';
import type { ShimContext } from './shim-context.js';

// kubeadm on an emulated node: `version`, `upgrade plan`, `upgrade apply`, `upgrade node`.

export async function runKubeadm(ctx: ShimContext): Promise<number> {
  const [command, sub, ...rest] = ctx.args;
  if (command === 'version') return kubeadmVersion(ctx, ctx.args.slice(1));
  if (command !== 'upgrade') return fail(ctx, `unknown command "${command ?? ''}" for "kubeadm"`);
  switch (sub) {
    case 'plan':
      return kubeadmUpgradePlan(ctx, rest);
    case 'apply':
      return runKubeadmUpgradeApply(ctx, rest);
    case 'node':
      return runKubeadmUpgradeNode(ctx, rest);
    default:
      return fail(ctx, `unknown command "${sub ?? ''}" for "kubeadm upgrade"`);
  }
}

function kubeadmVersion(ctx: ShimContext, args: readonly string[]): number {
  const version = kubeadmOf(ctx.node());
  if (!version) return fail(ctx, 'kubeadm: command not found', 127);
  const i = args.findIndex((a) => a === '-o' || a === '--output');
  const output = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('-o=') || a.startsWith('--output='))?.split('=')[1];
  const text = formatVersion(version);
  if (output === 'short') ctx.out(text);
  else if (output === 'json') ctx.out(JSON.stringify({ clientVersion: { major: String(version.major), minor: String(version.minor), gitVersion: text, platform: 'linux/amd64' } }));
  else ctx.out(`kubeadm version: &version.Info{Major:"${version.major}", Minor:"${version.minor}", GitVersion:"${text}", Platform:"linux/amd64"}`);
  return 0;
}

function kubeadmUpgradePlan(ctx: ShimContext, args: readonly string[]): number {
  const self = ctx.node();
  if (!self.staticPods) return fail(ctx, '[upgrade/config] FATAL: failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory');
  const versionArg = args.find((a) => !a.startsWith('-'));
  const target = versionArg === undefined ? undefined : tryParseVersion(versionArg);
  if (versionArg !== undefined && !target) return fail(ctx, `[upgrade/version] FATAL: couldn't parse the version "${versionArg}"`);
  const kubeadm = kubeadmOf(self);
  if (!kubeadm) return fail(ctx, 'kubeadm: command not found', 127);
  const state = versionStateOf(ctx.cluster(), readAllNodeStates(ctx.clusterDir));
  const current = maxVersion(state.controlPlane.map((c) => c.apiserver));
  const to = target ?? kubeadm;
  ctx.out('[preflight] Running pre-flight checks.');
  ctx.out('[upgrade/config] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  ctx.out('[upgrade] Running cluster health checks');
  ctx.out(`[upgrade/versions] Cluster version: ${current ? formatVersion(current) : 'unknown'}`);
  ctx.out(`[upgrade/versions] kubeadm version: ${formatVersion(kubeadm)}`);
  ctx.out('');
  ctx.out(`Upgrade to the latest version in the v1.${to.minor} series:`);
  ctx.out('');
  ctx.out('COMPONENT                 NODE      CURRENT    TARGET');
  for (const cp of state.controlPlane) ctx.out(`kube-apiserver            ${cp.node}  ${formatVersion(cp.apiserver)}    ${formatVersion(to)}`);
  ctx.out('');
  ctx.out('You can now apply the upgrade by executing the following command:');
  ctx.out('');
  ctx.out(`\tkubeadm upgrade apply ${formatVersion(to)}`);
  return 0;
}
