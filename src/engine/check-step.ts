import type { NodeSnapshot } from '../core/cluster/index.js';
import type { PlanStep, StepAction } from '../core/planning/index.js';
import { parseFlags } from '../core/cluster/index.js';
import { classifyPods } from '../core/drain/index.js';
import { flagRemovedBy } from '../core/preflight/index.js';
import { compareVersions, formatVersion, parseVersion, tryParseVersion, type KubeVersion } from '../core/version/index.js';
import type { EngineContext } from './engine-context.js';
import type { DrainOptions } from './drain/drain-options.js';
import { probeNodeCommand } from './run-node-command.js';

/** `done` steps are not carried out again; the reason says what showed it. */
export type StepCheck = { readonly state: 'done'; readonly reason: string } | { readonly state: 'todo' };

export interface CheckInput {
  readonly ctx: EngineContext;
  readonly step: PlanStep;
  /** The node as it is called now (a surge replacement keeps the plan's name out of the cluster). */
  readonly node: string;
  /** The journal says this step finished: a hint, trusted only for steps the cluster cannot show. */
  readonly journalDone: boolean;
  readonly drain: DrainOptions;
  readonly commandTimeoutMs: number;
}

const TODO: StepCheck = { state: 'todo' };
const done = (reason: string): StepCheck => ({ state: 'done', reason });
const atLeast = (actual: KubeVersion | undefined, wanted: KubeVersion) => actual !== undefined && compareVersions(actual, wanted) >= 0;

async function nodeOf(input: CheckInput): Promise<NodeSnapshot | undefined> {
  return input.ctx.api.getNode(input.node);
}

function controlPlaneAt(node: NodeSnapshot | undefined, version: KubeVersion): boolean {
  const cp = node?.controlPlane;
  return cp !== undefined && atLeast(cp.apiserver, version) && atLeast(cp.controllerManager, version) && atLeast(cp.scheduler, version);
}

/** A step that only commands can show: done when the journal says so. */
async function byJournal(input: CheckInput): Promise<StepCheck> {
  return input.journalDone ? done('the journal records it as done') : TODO;
}

type Check = (input: CheckInput, version: KubeVersion) => Promise<StepCheck>;

async function installedKubeadm(input: CheckInput): Promise<{ version: KubeVersion | undefined; text: string }> {
  const result = await probeNodeCommand(input.ctx, { node: input.node, argv: ['kubeadm', 'version', '-o', 'short'], privileged: false, timeoutMs: input.commandTimeoutMs });
  const text = result.stdout.trim();
  return { version: result.exitCode === 0 ? tryParseVersion(text) : undefined, text };
}

/**
 * A step of a worker's kubeadm stepping through a minor on the way to its round's version (older
 * than the hop it belongs to). The kubelet says nothing about it: the kubelet may already be past
 * that minor while kubeadm lags behind, so only kubeadm and the journal can show it done.
 */
function stepsKubeadmThrough(step: PlanStep, version: KubeVersion): boolean {
  const hop = tryParseVersion(step.hop);
  return step.phase === 'workers' && hop !== undefined && compareVersions(version, hop) < 0;
}

const CHECKS: Record<StepAction, Check> = {
  'etcd-backup': async (input, version) => {
    // The snapshot is of the cluster before the upgrade: once the API server has moved past that
    // version there is no "before" left to take, and this run's journal is the only other proof.
    const apiserver = (await nodeOf(input))?.controlPlane?.apiserver;
    if (apiserver !== undefined && compareVersions(apiserver, version) > 0) return done(`the control plane has moved past ${formatVersion(version)}`);
    return byJournal(input);
  },
  // A surge batch checks these against the cluster and the journal's record of the replacement.
  'prepare-host': byJournal,
  'create-join-token': byJournal,
  'join-node': byJournal,
  'copy-node-marks': byJournal,
  'delete-node': byJournal,
  'reset-host': byJournal,
  'switch-repository': async (input, version) => {
    if (stepsKubeadmThrough(input.step, version)) {
      // It serves the kubeadm install of that minor only.
      const kubeadm = await installedKubeadm(input);
      if (atLeast(kubeadm.version, version)) return done(`kubeadm ${kubeadm.text} is installed`);
    } else if (atLeast((await nodeOf(input))?.kubelet, version)) {
      // Only installs need the repository: once the kubelet (the round's last install) runs the version, it is moot.
      return done('the kubelet already runs this version');
    }
    // The repository file is the last argument of the step's (last) sed.
    const file = input.step.commands.filter((argv) => argv[0] === 'sed').at(-1)?.at(-1);
    if (file) {
      const result = await probeNodeCommand(input.ctx, { node: input.node, argv: ['cat', file], privileged: false, timeoutMs: input.commandTimeoutMs });
      if (result.exitCode === 0 && result.stdout.includes(`core:/stable:/v1.${version.minor}/`)) return done(`${file} already points at v1.${version.minor}`);
    }
    return byJournal(input);
  },
  'upgrade-kubeadm': async (input, version) => {
    const kubeadm = await installedKubeadm(input);
    return atLeast(kubeadm.version, version) ? done(`kubeadm ${kubeadm.text} is installed`) : TODO;
  },
  'kubeadm-plan': async (input, version) => {
    // Only a preview: pointless once the control plane runs the version.
    if (controlPlaneAt(await nodeOf(input), version)) return done('the control plane already runs this version');
    return byJournal(input);
  },
  'remove-kubelet-flags': async (input) => {
    // Done when no file still sets a flag the step takes out: what the files say now, not the journal.
    for (const argv of input.step.commands) {
      const removal = flagRemovedBy(argv);
      if (!removal) return byJournal(input);
      const result = await probeNodeCommand(input.ctx, { node: input.node, argv: ['cat', removal.file], privileged: true, timeoutMs: input.commandTimeoutMs });
      if (result.exitCode !== 0) return TODO;
      if (parseFlags(result.stdout, removal.file).some((f) => f.flag === removal.flag)) return TODO;
    }
    return done('the kubelet flag files no longer set those flags');
  },
  'kubeadm-apply': async (input, version) => (controlPlaneAt(await nodeOf(input), version) ? done('the control-plane components run this version') : TODO),
  'kubeadm-upgrade-node': async (input, version) => {
    const node = await nodeOf(input);
    if (input.step.phase === 'control-plane') return controlPlaneAt(node, version) ? done('the control-plane components run this version') : TODO;
    if (stepsKubeadmThrough(input.step, version)) {
      // The plan installs the next minor's kubeadm only after this step: once it is there, this one ran.
      const kubeadm = await installedKubeadm(input);
      if (kubeadm.version !== undefined && kubeadm.version.minor > version.minor) return done(`kubeadm ${kubeadm.text} is installed, past this minor`);
      return byJournal(input);
    }
    // On a worker it rewrites the kubelet configuration: moot once the kubelet runs the version.
    if (atLeast(node?.kubelet, version)) return done('the kubelet already runs this version');
    return byJournal(input);
  },
  drain: async (input, version) => {
    const node = await nodeOf(input);
    // The drain protects workloads during the kubelet upgrade: once that is done, it is moot.
    if (node && atLeast(node.kubelet, version) && node.ready) return done('the kubelet already runs this version');
    if (!node?.cordoned) return TODO;
    const pods = await input.ctx.api.listPodsOnNode(input.node);
    const left = classifyPods(pods, { deleteEmptyDirData: input.drain.deleteEmptyDirData, force: input.drain.force, ignoreDaemonSets: true }).pods.filter(
      (d) => d.disposition !== 'skip-daemonset' && d.disposition !== 'skip-mirror',
    );
    return left.length === 0 ? done('the node is cordoned and has no pods left to evict') : TODO;
  },
  'upgrade-kubelet': async (input, version) => {
    if (atLeast((await nodeOf(input))?.kubelet, version)) return done('the kubelet runs this version');
    // Just restarted, the node still reports the old kubelet: the journal says the step finished
    // (restart included) and the binary on disk confirms the install.
    if (!input.journalDone) return TODO;
    const result = await probeNodeCommand(input.ctx, { node: input.node, argv: ['kubelet', '--version'], privileged: false, timeoutMs: input.commandTimeoutMs });
    const installed = result.exitCode === 0 ? tryParseVersion(result.stdout.trim().replace(/^Kubernetes\s+/, '')) : undefined;
    return atLeast(installed, version) ? done(`kubelet ${formatVersion(version)} is installed and was restarted`) : TODO;
  },
  'wait-ready': async (input, version) => {
    const node = await nodeOf(input);
    return node?.ready && atLeast(node.kubelet, version) ? done('the node is Ready with this kubelet version') : TODO;
  },
  uncordon: async (input, version) => {
    const node = await nodeOf(input);
    // Not before the kubelet is done: a node cordoned by hand before the run is not ours to open early.
    return node && !node.cordoned && atLeast(node.kubelet, version) ? done('the node is schedulable') : TODO;
  },
};

/**
 * Looks at the cluster (and, for steps only commands can show, the journal) to tell whether a
 * step is already done. Every step is checked before it is carried out, so a run started again
 * after any interruption repeats nothing harmful.
 */
export async function checkStep(input: CheckInput): Promise<StepCheck> {
  const { step } = input;
  if (step.doneIf) {
    const result = await probeNodeCommand(input.ctx, { node: input.node, argv: step.doneIf, privileged: step.privileged, timeoutMs: input.commandTimeoutMs });
    if (result.exitCode === 0) return done(`"${step.doneIf.join(' ')}" succeeds on ${input.node}`);
    return TODO;
  }
  return CHECKS[step.action](input, parseVersion(step.version));
}
