import { formatVersion, type KubeVersion } from '../../../core/version/index.js';
import { refusingWebhook, webhookRefusal } from '../api/admission-webhooks.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import { freeDiskBytesOf, IMAGE_PULL_MIN_FREE_BYTES } from './sim-host.js';

// What stops kubeadm's upgrade commands in a cluster that is not fit for them, in kubeadm's
// words. Each returns the failed outcome, or undefined to go on; none changes anything. The
// checks answer "go on" synchronously: an extra await would reorder same-instant work and so
// change the random stream of runs that have nothing to do with them.
// - the health check's Job (`upgrade plan` and `upgrade apply`, kubeadm v1.17+) gets no pod when a
//   webhook refuses pods or jobs;
// - the image pull of a control-plane upgrade needs IMAGE_PULL_MIN_FREE_BYTES free on /var/lib;
// - stacked etcd must be healthy before kubeadm touches its manifest (kubeadm leaves external
//   etcd alone, so an unhealthy external etcd does not stop it);
// - `upgrade apply` stores the new ClusterConfiguration in a ConfigMap after the control plane is
//   upgraded: a webhook refusing configmaps fails it there, with this node's components already new.

/** Where kubeadm pulls its images from: registry.k8s.io from v1.25, k8s.gcr.io before. */
function registryOf(version: KubeVersion): string {
  return version.minor >= 25 ? 'registry.k8s.io' : 'k8s.gcr.io';
}

export function healthCheckJobFailure(run: CommandRun): Promise<CommandOutcome> | undefined {
  if (run.node.packages.kubeadm.version.minor < 17) return undefined;
  if (!refusingWebhook(run.ctx.state, 'jobs') && !refusingWebhook(run.ctx.state, 'pods')) return undefined;
  return failHealthCheck(run);
}

async function failHealthCheck(run: CommandRun): Promise<CommandOutcome> {
  await run.wait(15_000);
  run.printError('[upgrade/health] FATAL: [preflight] Some fatal errors occurred:');
  run.printError('\t[ERROR CreateJob]: Job "upgrade-health-check" in the namespace "kube-system" did not complete in 15s: no condition of type Complete');
  run.printError('[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`');
  return run.exit(1);
}

export function imagePullFailure(run: CommandRun, target: KubeVersion): Promise<CommandOutcome> | undefined {
  if (freeDiskBytesOf(run.node.host) >= IMAGE_PULL_MIN_FREE_BYTES) return undefined;
  return failImagePull(run, target);
}

async function failImagePull(run: CommandRun, target: KubeVersion): Promise<CommandOutcome> {
  await run.takes({ min: 5, max: 15 });
  const image = `${registryOf(target)}/kube-apiserver:${formatVersion(target)}`;
  run.printError('[preflight] Some fatal errors occurred:');
  run.printError(
    `\t[ERROR ImagePull]: failed to pull image ${image}: failed to pull and unpack image "${image}": failed to extract layer: ` +
      'write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/41/fs/usr/local/bin/kube-apiserver: no space left on device',
  );
  run.printError('[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`');
  return run.exit(1);
}

/** `prefix`: how the command reports a fatal error ("[upgrade/apply] FATAL:", "error execution phase control-plane:"). */
export function etcdHealthFailure(run: CommandRun, etcdUpgrade: boolean, prefix: string): Promise<CommandOutcome> | undefined {
  if (run.ctx.state.meta.observed.etcdHealthy !== false || !etcdUpgrade || !run.node.controlPlane?.etcd) return undefined;
  return failEtcdHealth(run, prefix);
}

async function failEtcdHealth(run: CommandRun, prefix: string): Promise<CommandOutcome> {
  run.print('[upgrade/staticpods] Preparing for "etcd" upgrade');
  await run.takes({ min: 20, max: 40 });
  return run.fail(`${prefix} couldn't complete the static pod upgrade: etcd cluster is not healthy: context deadline exceeded`, 1);
}

export function uploadConfigFailure(run: CommandRun): CommandOutcome | undefined {
  const refusing = refusingWebhook(run.ctx.state, 'configmaps');
  if (!refusing) return undefined;
  run.print('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
  return run.fail(`[upgrade/postupgrade] FATAL: error uploading the kubeadm ClusterConfiguration: unable to create ConfigMap: ${webhookRefusal(refusing)}`, 1);
}
