import { TIMING_MODEL } from '../../../core/timing/index.js';
import { checkKubeadmUpgradeNode } from '../../../core/skew/index.js';
import { formatVersion, maxVersion, tryParseVersion } from '../../../core/version/index.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import { runKubeadmCerts, renewCertificates } from './kubeadm-certs.js';
import { etcdHealthFailure, healthCheckJobFailure, imagePullFailure } from './kubeadm-preconditions.js';
import { runKubeadmUpgradeApply, UNREACHABLE_CONFIG } from './kubeadm-upgrade-apply.js';
import { addonPhase, upgradeStaticPods } from './upgrade-static-pods.js';

// kubeadm on a simulated node: version, upgrade plan, upgrade apply and upgrade node in the
// spellings kubeadm used over time (`upgrade node` since v1.15; before it
// `upgrade node config --kubelet-version` on workers and `upgrade node experimental-control-plane`
// on extra control-plane nodes, v1.13–v1.14), and `certs check-expiration` (kubeadm-certs.ts).

export async function runKubeadm(run: CommandRun): Promise<CommandOutcome> {
  const [, command, sub, ...rest] = run.argv;
  if (command === 'version') return kubeadmVersion(run, run.argv.slice(2));
  // `certs` from v1.20; `alpha certs` until v1.21.
  const minor = run.node.packages.kubeadm.version.minor;
  if (command === 'certs' && minor >= 20) return runKubeadmCerts(run, run.argv.slice(2));
  if (command === 'alpha' && sub === 'certs' && minor <= 21) return runKubeadmCerts(run, rest);
  if (command !== 'upgrade') return run.fail(`unknown command "${command ?? ''}" for "kubeadm"`, 1);
  switch (sub) {
    case 'plan':
      return kubeadmUpgradePlan(run, rest);
    case 'apply':
      return runKubeadmUpgradeApply(run, rest);
    case 'node':
      return kubeadmUpgradeNode(run, rest);
    default:
      return run.fail(`unknown command "${sub ?? ''}" for "kubeadm upgrade"`, 1);
  }
}

function kubeadmVersion(run: CommandRun, args: readonly string[]): CommandOutcome {
  const version = run.node.packages.kubeadm.version;
  const output = args.find((a) => a.startsWith('-o=') || a.startsWith('--output='))?.split('=')[1] ?? (args[0] === '-o' || args[0] === '--output' ? args[1] : undefined);
  if (output === 'short') run.print(formatVersion(version));
  else if (output === 'json') run.print(JSON.stringify({ clientVersion: { major: String(version.major), minor: String(version.minor), gitVersion: formatVersion(version) } }));
  else run.print(`kubeadm version: &version.Info{Major:"${version.major}", Minor:"${version.minor}", GitVersion:"${formatVersion(version)}"}`);
  return run.exit(0);
}

async function kubeadmUpgradePlan(run: CommandRun, args: readonly string[]): Promise<CommandOutcome> {
  const { ctx, node } = run;
  const denied = run.needsRoot();
  if (denied) return denied;
  if (!node.controlPlane) return run.fail('[upgrade/config] FATAL: failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory', 1);
  const versionArg = args.find((a) => !a.startsWith('-'));
  const target = versionArg === undefined ? undefined : tryParseVersion(versionArg);
  if (versionArg !== undefined && !target) return run.fail(`[upgrade/version] FATAL: couldn't parse the version "${versionArg}"`, 1);
  await run.takes(TIMING_MODEL.kubeadmUpgradePlan);
  if (!ctx.state.apiUp) return run.fail(UNREACHABLE_CONFIG, 1);
  const current = maxVersion(ctx.state.controlPlanes.flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver.version] : [])));
  const kubeadm = node.packages.kubeadm.version;
  run.print('[preflight] Running pre-flight checks.');
  run.print('[upgrade/config] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  run.print('[upgrade] Running cluster health checks');
  const unhealthy = healthCheckJobFailure(run);
  if (unhealthy) return unhealthy;
  run.print(`[upgrade/versions] Cluster version: ${current ? formatVersion(current) : 'unknown'}`);
  run.print(`[upgrade/versions] kubeadm version: ${formatVersion(kubeadm)}`);
  const to = target ?? kubeadm;
  run.print('');
  run.print('Upgrade to the latest version in the v1.' + to.minor + ' series:');
  run.print('');
  run.print(`COMPONENT                 NODE      CURRENT    TARGET`);
  for (const cp of ctx.state.controlPlanes) {
    if (cp.controlPlane) run.print(`kube-apiserver            ${cp.name}  ${formatVersion(cp.controlPlane.apiserver.version)}    ${formatVersion(to)}`);
  }
  run.print('');
  run.print('You can now apply the upgrade by executing the following command:');
  run.print('');
  run.print(`\tkubeadm upgrade apply ${formatVersion(to)}`);
  return run.exit(0);
}

async function kubeadmUpgradeNode(run: CommandRun, args: readonly string[]): Promise<CommandOutcome> {
  const { ctx, node } = run;
  const { state } = ctx;
  const kubeadm = node.packages.kubeadm.version;
  const form = args[0] === 'config' ? 'config' : args[0] === 'experimental-control-plane' ? 'experimental-control-plane' : args[0] === undefined || args[0].startsWith('-') ? 'node' : undefined;
  if (!form) return run.fail(`unknown command "${args[0] ?? ''}" for "kubeadm upgrade node"`, 1);
  if (form === 'node' && kubeadm.minor < 15) {
    return run.fail(`kubeadm ${formatVersion(kubeadm)} has no "upgrade node" workflow: use "kubeadm upgrade node config --kubelet-version" (workers) or "kubeadm upgrade node experimental-control-plane" (control-plane nodes)`, 1);
  }
  if (form === 'config' && kubeadm.minor > 15) return run.fail(`unknown command "config" for "kubeadm upgrade node"`, 1);
  if (form === 'experimental-control-plane' && (kubeadm.minor < 13 || kubeadm.minor > 15)) {
    return run.fail(`unknown command "experimental-control-plane" for "kubeadm upgrade node"`, 1);
  }
  if (form === 'config') {
    const i = args.indexOf('--kubelet-version');
    const value = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--kubelet-version='))?.split('=')[1];
    if (value === undefined || !tryParseVersion(value)) return run.fail('the --kubelet-version argument is required and must be a version such as v1.14.10', 1);
  }
  const denied = run.needsRoot();
  if (denied) return denied;
  const controlPlane = node.controlPlane !== undefined && form !== 'config';
  if (form === 'experimental-control-plane' && !node.controlPlane) {
    return run.fail('[upgrade] FATAL: this is not a control-plane node: /etc/kubernetes/manifests/kube-apiserver.yaml not found', 1);
  }
  run.print('[upgrade] Reading configuration from the cluster...');
  await run.takes(TIMING_MODEL.kubeadmReadConfig);
  if (!state.apiUp) return run.fail(UNREACHABLE_CONFIG, 1);
  const newest = maxVersion(state.controlPlanes.flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver.version] : []))) ?? state.clusterConfigVersion;
  const target = controlPlane ? state.clusterConfigVersion : newest;
  const findings = checkKubeadmUpgradeNode(node.name, kubeadm, node.lastManagedBy, target);
  if (findings.length > 0) {
    for (const f of findings) run.printError(`[upgrade] FATAL: ${f.message}`);
    return run.exit(1);
  }
  ctx.log.add('kubeadm-upgrade-node', node.name, controlPlane ? formatVersion(target) : undefined);
  if (controlPlane) {
    const unfit = imagePullFailure(run, target) ?? etcdHealthFailure(run, true, 'error execution phase control-plane:');
    if (unfit) return unfit;
    run.print(`[upgrade] Upgrading your Static Pod-hosted control plane instance to version "${formatVersion(target)}"...`);
    await upgradeStaticPods(run, target, true);
    renewCertificates(run, args);
    run.print('[upgrade] The control plane instance for this node was successfully updated!');
  } else {
    run.print('[upgrade] Skipping phase. Not a control plane node.');
  }
  run.print('[kubelet] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  await run.takes(TIMING_MODEL.kubeadmWriteKubeletConfig);
  state.batch(() => {
    node.lastManagedBy = kubeadm;
    state.touchNode(node, 'versions');
  });
  if (controlPlane && kubeadm.minor >= 28) addonPhase(run, target, kubeadm.minor);
  run.print('[upgrade] The configuration for this node was successfully updated!');
  run.print('[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.');
  return run.exit(0);
}
