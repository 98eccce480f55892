import type { ClusterSnapshot, PodSnapshot, WorkloadSnapshot } from '../cluster/index.js';
import { isFinished, pdbBudget, pdbsForPod } from '../drain/index.js';
import type { PlanStep } from '../planning/index.js';
import { expectedSeconds, TIMING_MODEL, type Operation } from './timing-model.js';

// The expected duration of one plan step, from its commands (what each takes in the timing model)
// and, for a drain, from the pods the node carries now: the slowest pod to terminate, and pods of
// one budget that must wait for each other's replacements. Where pods will be by the time the
// node is drained is not known to a plan; that is most of a forecast's error.

const e = (operation: Operation): number => expectedSeconds(TIMING_MODEL[operation]);

/** kubeadm restarting the control-plane static pods of one node (etcd only when it is local). */
function staticPodSeconds(localEtcd: boolean): number {
  const settle = e('componentSettle');
  return (localEtcd ? e('etcdRestart') + settle : 0) + e('apiserverRestart') + settle + 2 * (e('componentRestart') + settle);
}

function commandSeconds(argv: readonly string[], step: PlanStep, cluster: ClusterSnapshot): number {
  const [tool = '', sub = '', third = ''] = argv;
  const controlPlane = cluster.nodes.find((n) => n.name === step.node)?.controlPlane !== undefined;
  const localEtcd = cluster.etcd === 'local';
  switch (tool) {
    case 'apt-get':
      return sub === 'update' ? e('packageIndexUpdate') : sub === 'install' ? e('packageInstall') : 0;
    case 'apt-mark':
      return e('packageHold');
    case 'yum':
    case 'dnf':
      return sub === 'install' ? e('rpmMetadata') + e('rpmInstall') : 0;
    case 'sed':
      return e('fileEdit');
    case 'systemctl':
      return sub === 'daemon-reload' ? e('systemdReload') : sub === 'restart' ? e('systemdRestart') : 0;
    case 'kubeadm':
      if (sub !== 'upgrade') return 0;
      if (third === 'plan') return e('kubeadmUpgradePlan');
      if (third === 'apply') return e('kubeadmPreflight') + e('kubeadmImagePull') + staticPodSeconds(localEtcd) + e('kubeadmApplyFinish');
      if (third === 'node') return e('kubeadmReadConfig') + (controlPlane ? staticPodSeconds(localEtcd) : 0) + e('kubeadmWriteKubeletConfig');
      return 0;
    case 'kubectl':
      if (argv.includes('snapshot') && argv.includes('save')) return e('etcdSnapshotBase');
      if (argv.includes('snapshot') && argv.includes('status')) return e('etcdSnapshotStatus');
      if (argv.includes('wait')) return e('kubeletReady');
      return 0;
    default:
      return 0;
  }
}

const workloadOf = (pod: PodSnapshot, workloads: readonly WorkloadSnapshot[]) =>
  pod.owner ? workloads.find((w) => w.namespace === pod.namespace && w.kind === pod.owner?.kind && w.name === pod.owner.name) : undefined;

/** Seconds to drain `node` of the pods it carries in `cluster`. */
export function drainSeconds(cluster: ClusterSnapshot, node: string): number {
  const pods = cluster.pods.filter((p) => p.node === node && !p.mirror && !isFinished(p) && p.owner?.kind !== 'DaemonSet' && p.owner?.kind !== 'Node');
  const termination = (pod: PodSnapshot) => workloadOf(pod, cluster.workloads)?.template.terminationGraceSeconds ?? e('podTermination');
  const startup = (pod: PodSnapshot) => workloadOf(pod, cluster.workloads)?.template.startupSeconds ?? e('podStartup');
  let slowest = 0;
  const byBudget = new Map<string, PodSnapshot[]>();
  for (const pod of pods) {
    const pdb = pdbsForPod(pod, cluster.pdbs)[0];
    if (!pdb) slowest = Math.max(slowest, termination(pod));
    else byBudget.set(`${pdb.namespace}/${pdb.name}`, [...(byBudget.get(`${pdb.namespace}/${pdb.name}`) ?? []), pod]);
  }
  // A budget allowing fewer evictions than the node holds pods of it: the rest wait, a wave at a
  // time, for the evicted ones to terminate and their replacements to become Ready.
  for (const [key, guarded] of byBudget) {
    const pdb = cluster.pdbs.find((p) => `${p.namespace}/${p.name}` === key);
    const allowed = pdb ? Math.max(1, pdbBudget(pdb, cluster.pods, cluster.workloads).disruptionsAllowed) : 1;
    const waves = Math.ceil(guarded.length / allowed);
    const wave = Math.max(...guarded.map(termination));
    const refill = Math.max(...guarded.map(startup));
    slowest = Math.max(slowest, waves * wave + (waves - 1) * refill);
  }
  return slowest;
}

/** Expected seconds of `step`, by the timing model, for the cluster as observed. */
export function forecastStepSeconds(step: PlanStep, cluster: ClusterSnapshot): number {
  switch (step.action) {
    case 'drain':
      return drainSeconds(cluster, step.node);
    case 'prepare-host':
      return e('prepareHost');
    case 'join-node':
      return e('joinNode') + e('joinedNodeReady');
    case 'delete-node':
      return e('deleteNode');
    case 'reset-host':
      return e('resetHost');
    default:
      return step.commands.reduce((sum, argv) => sum + commandSeconds(argv, step, cluster), 0);
  }
}
