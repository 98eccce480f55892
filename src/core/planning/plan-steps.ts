import type { ClusterSnapshot, NodeSnapshot } from '../cluster/index.js';
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
import type { LatestPatch } from './plan-hops.js';
import type { KubeletRound } from './plan-node-rounds.js';
import type { PlanDrainOptions, PlanStep, StepAction, StepPhase, WorkerStrategy } from './upgrade-plan.js';
import { compareNames } from '../compare-names.js';

export interface PlanStepsInput {
  readonly cluster: ClusterSnapshot;
  /** path[0] is the control plane now, path[i] after hop i. */
  readonly path: readonly KubeVersion[];
  readonly rounds: ReadonlyMap<string, readonly KubeletRound[]>;
  readonly strategy: WorkerStrategy;
  readonly latestPatch: LatestPatch;
  readonly drain: PlanDrainOptions;
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
  const { nodesWithEmptyDir, nodesWithUnmanaged } = nodesNeedingDrainFlags(cluster);
  const workers = cluster.nodes.filter((n) => n.role === 'worker').sort(byName);

  const add = (slot: number, phase: StepPhase, node: NodeSnapshot, action: StepAction, version: KubeVersion, commands: readonly (readonly string[])[], description: string, extra: { batch?: string; suffix?: string; doneIf?: readonly string[] } = {}) => {
    const id = `${label(slot)}/${phase}/${node.name}/${action}${extra.suffix ?? ''}`;
    steps.push({
      id,
      hop: formatVersion(path[slot] ?? version),
      phase,
      node: node.name,
      action,
      version: formatVersion(version),
      runOn: action === 'drain' || action === 'wait-ready' || action === 'uncordon' ? 'operator' : 'node',
      privileged: !(action === 'drain' || action === 'wait-ready' || action === 'uncordon'),
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
    const size = batchSize(input.strategy, due.length);
    for (let start = 0; start < due.length; start += size) {
      const batch = `${label(slot)}/workers/batch-${start / size + 1}`;
      for (const { node, version } of due.slice(start, start + size)) {
        // A worker steps kubeadm one minor at a time (kubeadm's rule), then takes its one drain.
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
        kubeletRound(slot, 'workers', node, version, batch);
      }
    }
  };

  // Before the control plane changes: a snapshot of stacked etcd, kept on the first control-plane node.
  const first = controlPlanes[0];
  const now = path[0];
  if (path.length > 1 && first && now && cluster.etcd === 'local') {
    const file = etcdBackupPath(now);
    add(0, 'prepare', first, 'etcd-backup', now, etcdBackupCommands(file), `snapshot etcd on ${first.name} to ${file} and verify it`, { doneIf: ['test', '-s', file] });
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

export function batchSize(strategy: WorkerStrategy, count: number): number {
  switch (strategy.kind) {
    case 'rolling':
      return Math.max(1, strategy.maxUnavailable);
    case 'all-at-once':
      return Math.max(1, count);
    case 'surge':
      return Math.max(1, strategy.maxSurge);
  }
}
