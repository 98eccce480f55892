import { TIMING_MODEL } from '../../../core/timing/index.js';
import { checkKubeadmApply, versionStateOf } from '../../../core/skew/index.js';
import { formatVersion, maxVersion, tryParseVersion } from '../../../core/version/index.js';
import type { Finding } from '../../../core/findings.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import { renewCertificates } from './kubeadm-certs.js';
import { etcdHealthFailure, healthCheckJobFailure, imagePullFailure, uploadConfigFailure } from './kubeadm-preconditions.js';
import { addonPhase, upgradeStaticPods } from './upgrade-static-pods.js';
import { clusterSnapshotOf } from '../state/sim-views.js';

// `kubeadm upgrade apply vX`: refuses what kubeadm's version policy refuses (the same rules the
// planner checks, core/skew's checkKubeadmApply: mandatory errors always, skippable ones unless
// --force), then upgrades this node's control plane, stores the new ClusterConfiguration and the
// kubelet configuration, renews the certificates and runs the addon phase. A cluster unfit for it
// stops it where kubeadm stops (kubeadm-preconditions.ts).

export const UNREACHABLE_CONFIG =
  '[upgrade/config] FATAL: failed to get the kubeadm-config ConfigMap: dial tcp 127.0.0.1:6443: connect: connection refused';

function flagValue(args: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  const hit = args.find((a) => a.startsWith(prefix));
  return hit?.slice(prefix.length);
}

/** kubeadm-like refusal text for the version policy's findings. */
export function versionPolicyFailure(run: CommandRun, mandatory: readonly Finding[], skippable: readonly Finding[]): CommandOutcome {
  if (mandatory.length > 0) {
    run.printError('[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:');
    run.printError('');
    for (const f of mandatory) run.printError(`\t- ${f.message}`);
    run.printError('');
    run.printError('Please fix the misalignments highlighted above and try upgrading again');
  } else {
    run.printError('[upgrade/version] FATAL: the --version argument is invalid due to these errors:');
    run.printError('');
    for (const f of skippable) run.printError(`\t- ${f.message}`);
    run.printError('');
    run.printError('Can be bypassed if you pass the --force flag');
  }
  return run.exit(1);
}

export async function runKubeadmUpgradeApply(run: CommandRun, args: readonly string[]): Promise<CommandOutcome> {
  const { ctx, node } = run;
  const { state } = ctx;
  const unknown = args.find((a) => a.startsWith('-') && !/^(-y|--yes|-f|--force|--dry-run|--etcd-upgrade(=.*)?|--certificate-renewal(=.*)?|--allow-experimental-upgrades|--allow-release-candidate-upgrades|--ignore-preflight-errors=.*|--config=.*|--patches=.*|--v=\d+)$/.test(a));
  if (unknown) return run.fail(`unknown flag: ${unknown}`, 1);
  const versionArg = args.find((a) => !a.startsWith('-'));
  const force = args.includes('--force') || args.includes('-f');
  const dryRun = args.includes('--dry-run');
  const yes = force || dryRun || args.includes('--yes') || args.includes('-y');
  const etcdUpgrade = flagValue(args, '--etcd-upgrade') !== 'false';
  const denied = run.needsRoot();
  if (denied) return denied;
  if (!node.controlPlane) {
    return run.fail('[upgrade/config] FATAL: failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory', 1);
  }
  if (versionArg === undefined) return run.fail('[upgrade/version] FATAL: missing the version to upgrade to, e.g. kubeadm upgrade apply v1.34.2', 1);
  const target = tryParseVersion(versionArg);
  if (!target) return run.fail(`[upgrade/version] FATAL: couldn't parse the version "${versionArg}"`, 1);

  run.print('[preflight] Running pre-flight checks.');
  await run.takes(TIMING_MODEL.kubeadmPreflight);
  if (!state.apiUp) return run.fail(UNREACHABLE_CONFIG, 1);
  run.print('[upgrade/config] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
  run.print('[upgrade] Running cluster health checks');
  const unhealthy = healthCheckJobFailure(run);
  if (unhealthy) return unhealthy;
  const kubeadm = node.packages.kubeadm.version;
  const cluster = clusterSnapshotOf(state, { pods: false });
  const current = maxVersion(cluster.nodes.flatMap((n) => (n.controlPlane ? [n.controlPlane.apiserver] : [])));
  run.print(`[upgrade/versions] Cluster version: ${current ? formatVersion(current) : 'unknown'}`);
  run.print(`[upgrade/versions] kubeadm version: ${formatVersion(kubeadm)}`);
  const findings = checkKubeadmApply(versionStateOf(cluster), target, kubeadm);
  const mandatory = findings.filter((f) => f.severity === 'blocking');
  const skippable = findings.filter((f) => f.severity === 'overridable');
  if (mandatory.length > 0 || (skippable.length > 0 && !force)) return versionPolicyFailure(run, mandatory, skippable);
  for (const f of skippable) run.print(`[upgrade/version] WARNING: ${f.message} (ignored because of --force)`);
  if (!yes) {
    run.print('[upgrade/confirm] Are you sure you want to proceed? [y/N]: ');
    return run.fail(`won't proceed; the user didn't answer (Y|n) in order to continue`, 1);
  }
  if (dryRun) {
    run.print(`[dryrun] Would upgrade the control plane on ${node.name} to "${formatVersion(target)}"`);
    return run.exit(0);
  }
  run.print('[upgrade/prepull] Pulling images required for setting up a Kubernetes cluster');
  const noRoom = imagePullFailure(run, target);
  if (noRoom) return noRoom;
  ctx.log.add('kubeadm-apply', node.name, formatVersion(target));
  await run.takes(TIMING_MODEL.kubeadmImagePull);
  run.print(`[upgrade/apply] Upgrading your Static Pod-hosted control plane to version "${formatVersion(target)}" (timeout: 5m0s)...`);
  const etcdDown = etcdHealthFailure(run, etcdUpgrade, '[upgrade/apply] FATAL:');
  if (etcdDown) return etcdDown;
  await upgradeStaticPods(run, target, etcdUpgrade);
  const refused = uploadConfigFailure(run);
  if (refused) return refused;
  renewCertificates(run, args);
  state.batch(() => {
    state.clusterConfigVersion = target;
    node.lastManagedBy = kubeadm;
    state.touchNode(node, 'versions');
  });
  run.print('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
  run.print('[kubelet] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  await run.takes(TIMING_MODEL.kubeadmApplyFinish);
  addonPhase(run, target, kubeadm.minor);
  run.print(
    kubeadm.minor >= 20
      ? `[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${formatVersion(target)}".`
      : `[upgrade/successful] SUCCESS! Your cluster was upgraded to "${formatVersion(target)}". Enjoy!`,
  );
  return run.exit(0);
}
