import { laggingControlPlanes, type ClusterSnapshot, type NodeSnapshot } from '../cluster/index.js';
import { InternalError } from '../errors.js';
import { compareVersions, FIRST_PKGS_MINOR, formatMinor, formatVersion, type KubeVersion, type PackageEra } from '../version/index.js';
import {
  drainCommands,
  etcdBackupCommands,
  etcdBackupPath,
  installPackagesCommands,
  kubeadmApplyCommands,
  kubeadmPlanCommands,
  kubeadmUpgradeNodeCommands,
  moveToPkgsCommands,
  restartKubeletCommands,
  switchRepositoryCommands,
  uncordonCommands,
  waitReadyCommands,
} from './node-commands.js';
import {
  copyNodeMarksCommands,
  createJoinTokenCommands,
  deleteNodeCommands,
  joinNodeRunbookCommands,
  JOIN_TOKEN_TTL,
  prepareHostCommands,
  resetHostCommands,
} from './new-node-commands.js';
import type { LatestPatch } from './plan-hops.js';
import type { KubeletRound } from './plan-node-rounds.js';
import type { PlanDrainOptions, PlanStep, RunOn, StepAction, StepPhase, WorkerStrategy } from './upgrade-plan.js';
import { compareNames } from '../compare-names.js';
import { autoBatchCap, batchLimitsOf, batchModel, chooseBatches, DrainForecast, type BatchLimits } from '../batching/index.js';

export interface PlanStepsInput {
  readonly cluster: ClusterSnapshot;
  /** path[0] is the control plane now, path[i] after hop i. */
  readonly path: readonly KubeVersion[];
  readonly rounds: ReadonlyMap<string, readonly KubeletRound[]>;
  readonly strategy: WorkerStrategy;
  readonly latestPatch: LatestPatch;
  readonly drain: PlanDrainOptions;
  /** Workers whose kubeadm steps run together ahead of their drains; 0 keeps them in the drain window. Default defaultPrepareAhead. */
  readonly prepareAhead?: number;
}

/** The name a runbook uses for the machine that replaces a worker: a spare's NAME or a hook's answer. */
export const NEW_NODE = 'NEW_NODE';

/**
 * A step of a replacement as it is run, once the new machine's node name is known: the plan can
 * only say NEW_NODE, a live run's progress names the node.
 */
export function nameNewNode(step: PlanStep, name: string): PlanStep {
  const named = (text: string) => text.split(NEW_NODE).join(name);
  if (!step.description.includes(NEW_NODE) && !step.commands.some((c) => c.some((a) => a.includes(NEW_NODE)))) return step;
  return { ...step, description: named(step.description), commands: step.commands.map((c) => c.map(named)) };
}

const OPERATOR_ACTIONS: ReadonlySet<StepAction> = new Set(['drain', 'wait-ready', 'uncordon', 'copy-node-marks', 'delete-node']);
const NEW_NODE_ACTIONS: ReadonlySet<StepAction> = new Set(['prepare-host', 'join-node']);

function runOnOf(action: StepAction): RunOn {
  return OPERATOR_ACTIONS.has(action) ? 'operator' : NEW_NODE_ACTIONS.has(action) ? 'new-node' : 'node';
}

/** Fewest workers prepared at once (repository, kubeadm, `kubeadm upgrade node`) ahead of their drains by default. */
export const DEFAULT_PREPARE_AHEAD = 20;

/**
 * Workers prepared at once by default: as many as an `auto` batch may take (a quarter of the
 * workers due, at most 100), at least DEFAULT_PREPARE_AHEAD. Preparing a worker takes about two
 * to three drain windows (one kubeadm install per minor stepped), and the units run one after
 * another: units of 20 on 997 workers kept batches of 33 waiting for their preparation. Nodes
 * doing their kubeadm steps at once then stay within the number an auto batch takes down at once.
 */
export function defaultPrepareAhead(workers: number): number {
  return Math.max(DEFAULT_PREPARE_AHEAD, autoBatchCap(workers));
}

/** What the planner tracks per node while it lays steps out in order. */
interface NodeProgress {
  repositoryMinor: number | undefined;
  era: PackageEra;
  kubeadm: KubeVersion;
}

/**
 * The ordered steps of kubeadm's procedure for the whole path: per hop the first control-plane
 * node (`kubeadm upgrade apply`), the other control-plane nodes (`kubeadm upgrade node`), then the
 * kubelet rounds due after that hop — control-plane nodes one at a time, workers in batches.
 */
export function planSteps(input: PlanStepsInput): PlanStep[] {
  const { cluster, path } = input;
  const steps: PlanStep[] = [];
  const progress = new Map<string, NodeProgress>();
  for (const node of cluster.nodes) {
    progress.set(node.name, { repositoryMinor: node.repository.minor, era: node.repository.era, kubeadm: node.kubeadm ?? node.kubelet });
  }
  const label = (slot: number): string => {
    const version = path[slot];
    if (!version) throw new InternalError(`no control-plane version for slot ${slot}`);
    const shared = path.some((other, i) => i !== slot && other.minor === version.minor);
    return shared ? formatVersion(version) : formatMinor(version);
  };
  const controlPlanes = cluster.nodes.filter((n) => n.role === 'control-plane').sort(byName);
  const lagging = new Set(laggingControlPlanes(cluster).map((n) => n.name));
  const { nodesWithEmptyDir, nodesWithUnmanaged } = nodesNeedingDrainFlags(cluster);
  const workers = cluster.nodes.filter((n) => n.role === 'worker').sort(byName);
  // Budgets, bounds and room are observed once; batches are a forecast that follows the evicted
  // pods from batch to batch and from one round of the workers to the next.
  const forecasts = new Map<string, DrainForecast>();
  const forecast = (limits: BatchLimits): DrainForecast => {
    const key = `${limits.maxWorkloadUnavailable}/${limits.capacity}`;
    const known = forecasts.get(key) ?? new DrainForecast(batchModel(cluster, limits.maxWorkloadUnavailable), limits.capacity);
    forecasts.set(key, known);
    return known;
  };

  const add = (slot: number, phase: StepPhase, node: NodeSnapshot, action: StepAction, version: KubeVersion, commands: readonly (readonly string[])[], description: string, extra: { batch?: string; suffix?: string; doneIf?: readonly string[]; host?: string } = {}) => {
    const id = `${label(slot)}/${phase}/${node.name}/${action}${extra.suffix ?? ''}`;
    const runOn = runOnOf(action);
    steps.push({
      id,
      hop: formatVersion(path[slot] ?? version),
      phase,
      node: node.name,
      action,
      version: formatVersion(version),
      runOn,
      ...(extra.host ? { host: extra.host } : {}),
      privileged: runOn !== 'operator',
      commands,
      ...(extra.doneIf ? { doneIf: extra.doneIf } : {}),
      ...(extra.batch ? { batch: extra.batch } : {}),
      description,
    });
  };

  const installKubeadm = (slot: number, phase: StepPhase, node: NodeSnapshot, version: KubeVersion, extra: { batch?: string; suffix?: string }) => {
    const state = progress.get(node.name);
    if (!state) throw new InternalError(`no progress for node ${node.name}`);
    // The retired Google repositories have no package from v1.24 on: move to pkgs.k8s.io before the first such install.
    if (state.era === 'legacy' && version.minor >= FIRST_PKGS_MINOR) {
      add(slot, phase, node, 'switch-repository', version, moveToPkgsCommands(node, version.minor), `move ${node.name} from the retired Google package repository to pkgs.k8s.io for ${formatMinor(version)}`, extra);
      state.era = 'pkgs';
      state.repositoryMinor = version.minor;
    }
    if (state.era === 'pkgs' && state.repositoryMinor !== version.minor) {
      add(slot, phase, node, 'switch-repository', version, switchRepositoryCommands(node, version.minor), `point ${node.name}'s pkgs.k8s.io repository at ${formatMinor(version)}`, extra);
      state.repositoryMinor = version.minor;
    }
    if (compareVersions(state.kubeadm, version) !== 0) {
      add(slot, phase, node, 'upgrade-kubeadm', version, installPackagesCommands(node, ['kubeadm'], version, state.era), `install kubeadm ${formatVersion(version)} on ${node.name}`, extra);
      state.kubeadm = version;
    }
  };

  const kubeletRound = (slot: number, phase: StepPhase, node: NodeSnapshot, version: KubeVersion, batch: string) => {
    const extra = { batch };
    const kubectlMinor = Math.max(version.minor, path[0]?.minor ?? version.minor);
    const flags = {
      emptyDir: input.drain.deleteEmptyDirData && nodesWithEmptyDir.has(node.name),
      force: input.drain.deleteUnmanagedPods && nodesWithUnmanaged.has(node.name),
    };
    add(slot, phase, node, 'drain', version, drainCommands(node, kubectlMinor, flags), `cordon ${node.name} and evict its pods, honouring PodDisruptionBudgets`, extra);
    const era = progress.get(node.name)?.era ?? node.repository.era;
    add(slot, phase, node, 'upgrade-kubelet', version, [...installPackagesCommands(node, ['kubelet', 'kubectl'], version, era), ...restartKubeletCommands()], `install kubelet and kubectl ${formatVersion(version)} on ${node.name} and restart the kubelet`, extra);
    add(slot, phase, node, 'wait-ready', version, waitReadyCommands(node), `wait until ${node.name} is Ready with kubelet ${formatVersion(version)}`, extra);
    add(slot, phase, node, 'uncordon', version, uncordonCommands(node), `uncordon ${node.name}`, extra);
  };

  // Surge and blue-green: a new machine joins at the version in the worker's place; the old one
  // is drained onto it, deleted and reset. Nothing is installed on the old machine, so kubeadm
  // never steps there.
  const joinSteps = (slot: number, node: NodeSnapshot, version: KubeVersion, batch: string) => {
    const extra = { batch };
    const tokenHost = controlPlanes[0]?.name;
    if (!tokenHost) throw new InternalError('no control-plane node to create a join token on');
    const v = formatVersion(version);
    add(slot, 'workers', node, 'prepare-host', version, prepareHostCommands(node, version), `prepare the new machine for ${node.name}: ${node.repository.era === 'pkgs' ? `the pkgs.k8s.io repository for ${formatMinor(version)}, ` : ''}kubeadm, kubelet and kubectl ${v}, held`, extra);
    add(slot, 'workers', node, 'create-join-token', version, createJoinTokenCommands(), `create a join token that expires in ${JOIN_TOKEN_TTL} on ${tokenHost}; it prints the join command (keep it off logs and tickets)`, { ...extra, host: tokenHost });
    add(slot, 'workers', node, 'join-node', version, joinNodeRunbookCommands(NEW_NODE), `join the new machine as ${NEW_NODE} with the endpoint, token and hash printed by the step before`, extra);
    const marks = copyNodeMarksCommands(node, NEW_NODE);
    if (marks.length > 0) add(slot, 'workers', node, 'copy-node-marks', version, marks, `give ${NEW_NODE} the labels and taints of ${node.name} that workloads select on`, extra);
    add(slot, 'workers', node, 'wait-ready', version, [['kubectl', 'wait', '--for=condition=Ready', `node/${NEW_NODE}`, '--timeout=5m']], `wait until ${NEW_NODE} is Ready with kubelet ${v}`, extra);
  };
  const drainOld = (slot: number, node: NodeSnapshot, version: KubeVersion, batch: string, onto: string) => {
    const kubectlMinor = Math.max(version.minor, path[0]?.minor ?? version.minor);
    const flags = {
      emptyDir: input.drain.deleteEmptyDirData && nodesWithEmptyDir.has(node.name),
      force: input.drain.deleteUnmanagedPods && nodesWithUnmanaged.has(node.name),
    };
    add(slot, 'workers', node, 'drain', version, drainCommands(node, kubectlMinor, flags), `cordon ${node.name} and evict its pods onto ${onto}, honouring PodDisruptionBudgets`, { batch });
  };
  const removeOld = (slot: number, node: NodeSnapshot, version: KubeVersion, batch: string) => {
    add(slot, 'workers', node, 'delete-node', version, deleteNodeCommands(node.name), `delete the node object of ${node.name}`, { batch });
    add(slot, 'workers', node, 'reset-host', version, resetHostCommands(node), `reset ${node.name}'s machine and remove the Kubernetes packages: it is free (a spare for the next worker)`, { batch });
  };
  const replacementRound = (slot: number, node: NodeSnapshot, version: KubeVersion, batch: string) => {
    joinSteps(slot, node, version, batch);
    drainOld(slot, node, version, batch, NEW_NODE);
    removeOld(slot, node, version, batch);
  };
  // Blue-green: the whole new pool joins, the old pool is cordoned and drained in batches onto
  // it, and only then is the old pool removed.
  const blueGreenRound = (slot: number, due: readonly { node: NodeSnapshot; version: KubeVersion }[], drainBatch: number) => {
    const prefix = `${label(slot)}/workers`;
    for (const { node, version } of due) joinSteps(slot, node, version, `${prefix}/green`);
    for (let start = 0; start < due.length; start += drainBatch) {
      for (const { node, version } of due.slice(start, start + drainBatch)) drainOld(slot, node, version, `${prefix}/drain-${start / drainBatch + 1}`, 'the new pool');
    }
    for (const { node, version } of due) removeOld(slot, node, version, `${prefix}/remove`);
  };

  const roundsAt = (slot: number, nodes: readonly NodeSnapshot[]) =>
    nodes.flatMap((node) => {
      const round = input.rounds.get(node.name)?.find((r) => r.slot === slot);
      return round ? [{ node, version: round.version }] : [];
    });

  const kubeletSlot = (slot: number) => {
    for (const { node, version } of roundsAt(slot, controlPlanes)) {
      kubeletRound(slot, 'control-plane-kubelet', node, version, `${label(slot)}/control-plane-kubelet/${node.name}`);
    }
    const due = roundsAt(slot, workers);
    if (input.strategy.kind === 'blue-green') {
      if (due.length > 0) blueGreenRound(slot, due, Math.max(1, input.strategy.batch));
      return;
    }
    const versionOf = new Map(due.map(({ node, version }) => [node.name, { node, version }]));
    const limits = batchLimitsOf(input.strategy, due.length);
    const names = due.map(({ node }) => node.name);
    const batches = names.length === 0 ? [] : limits ? chooseBatches(cluster, names, limits, forecast(limits)) : [names];
    const entryOf = (name: string) => {
      const entry = versionOf.get(name);
      if (!entry) throw new InternalError(`no kubelet round for worker ${name}`);
      return entry;
    };
    // kubeadm's procedure for a worker runs its kubeadm steps before the drain; with prepareAhead
    // they leave the drain window: up to that many workers, in drain order, prepared together first.
    // Surge replaces the workers (their kubeadm steps are skipped); all-at-once has one window anyway.
    const ahead = input.strategy.kind !== 'rolling' ? 0 : (input.prepareAhead ?? defaultPrepareAhead(due.length));
    if (ahead > 0) {
      const order = batches.flat();
      for (let start = 0; start < order.length; start += ahead) {
        const batch = `${label(slot)}/workers/prepare-${start / ahead + 1}`;
        for (const name of order.slice(start, start + ahead)) {
          const { node, version } = entryOf(name);
          prepareWorker(slot, node, version, batch);
        }
      }
    }
    batches.forEach((members, index) => {
      const batch = `${label(slot)}/workers/batch-${index + 1}`;
      for (const name of members) {
        const { node, version } = entryOf(name);
        if (input.strategy.kind === 'surge') {
          replacementRound(slot, node, version, batch);
          continue;
        }
        if (ahead === 0) prepareWorker(slot, node, version, batch);
        kubeletRound(slot, 'workers', node, version, batch);
      }
    });
  };

  /** A worker steps kubeadm one minor at a time (kubeadm's rule), then kubeadm upgrades its kubelet configuration. */
  const prepareWorker = (slot: number, node: NodeSnapshot, version: KubeVersion, batch: string) => {
    const state = progress.get(node.name);
    if (!state) throw new InternalError(`no progress for node ${node.name}`);
    for (let minor = state.kubeadm.minor + 1; minor < version.minor; minor++) {
      const through = input.latestPatch(minor) ?? path.find((p) => p.minor === minor);
      if (!through) throw new InternalError(`no known patch of v1.${minor} to step kubeadm through`);
      installKubeadm(slot, 'workers', node, through, { batch, suffix: `-${formatMinor(through)}` });
      add(slot, 'workers', node, 'kubeadm-upgrade-node', through, kubeadmUpgradeNodeCommands(through, false, through), `kubeadm ${formatVersion(through)} upgrades ${node.name}'s kubelet configuration`, { batch, suffix: `-${formatMinor(through)}` });
    }
    installKubeadm(slot, 'workers', node, version, { batch });
    add(slot, 'workers', node, 'kubeadm-upgrade-node', version, kubeadmUpgradeNodeCommands(version, false, version), `kubeadm ${formatVersion(version)} upgrades ${node.name}'s kubelet configuration`, { batch });
  };

  // Before the control plane changes: a snapshot of stacked etcd, kept on the first control-plane node.
  // Only this run's journal says it is done: a file left by an earlier attempt is not this run's backup.
  const first = controlPlanes[0];
  const now = path[0];
  if (path.length > 1 && first && now && cluster.etcd === 'local') {
    const file = etcdBackupPath(now);
    add(0, 'prepare', first, 'etcd-backup', now, etcdBackupCommands(first.name, file, first.controlPlane?.etcd), `snapshot etcd on ${first.name} to ${file} and verify it`);
  }
  // An HA control plane caught mid-upgrade: kubeadm moved some nodes to the cluster's version and
  // not the others. The next hop's `kubeadm upgrade apply` refuses instances two minors apart, so
  // the lagging nodes finish the current hop first (their kubelets follow in the slot-0 rounds).
  if (now) {
    for (const node of controlPlanes.filter((n) => lagging.has(n.name))) {
      installKubeadm(0, 'control-plane', node, now, {});
      add(0, 'control-plane', node, 'kubeadm-upgrade-node', now, kubeadmUpgradeNodeCommands(now, true, now), `kubeadm finishes the interrupted upgrade to ${formatVersion(now)} on ${node.name}'s control plane`);
    }
  }
  kubeletSlot(0);
  for (let hop = 1; hop < path.length; hop++) {
    const target = path[hop];
    if (!target) break;
    controlPlanes.forEach((node, index) => {
      installKubeadm(hop, 'control-plane', node, target, {});
      if (index === 0) {
        add(hop, 'control-plane', node, 'kubeadm-plan', target, kubeadmPlanCommands(target), `kubeadm checks the cluster and shows the upgrade to ${formatVersion(target)}`);
        add(hop, 'control-plane', node, 'kubeadm-apply', target, kubeadmApplyCommands(target), `kubeadm upgrades the control plane on ${node.name} to ${formatVersion(target)} (the API server restarts)`);
      } else {
        add(hop, 'control-plane', node, 'kubeadm-upgrade-node', target, kubeadmUpgradeNodeCommands(target, true, target), `kubeadm upgrades the control plane on ${node.name} to ${formatVersion(target)}`);
      }
    });
    kubeletSlot(hop);
  }
  return steps;
}

/** Nodes whose drain needs --delete-emptydir-data or --force (DaemonSet, mirror and finished pods never do). */
export function nodesNeedingDrainFlags(cluster: ClusterSnapshot): { nodesWithEmptyDir: Set<string>; nodesWithUnmanaged: Set<string> } {
  const nodesWithEmptyDir = new Set<string>();
  const nodesWithUnmanaged = new Set<string>();
  for (const p of cluster.pods) {
    if (!p.node || p.mirror || p.owner?.kind === 'DaemonSet' || p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    if (p.emptyDir) nodesWithEmptyDir.add(p.node);
    if (!p.owner) nodesWithUnmanaged.add(p.node);
  }
  return { nodesWithEmptyDir, nodesWithUnmanaged };
}

function byName(a: NodeSnapshot, b: NodeSnapshot): number {
  return compareNames(a.name, b.name);
}
