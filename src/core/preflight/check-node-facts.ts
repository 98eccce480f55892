import type { ClusterSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';
import type { UpgradePlan } from '../planning/index.js';
import { compareVersions, FIRST_PKGS_MINOR, formatVersion, LEGACY_FROZEN_ON, tryParseVersion, type KubeVersion, type PackageEra } from '../version/index.js';
import { nameList } from './name-list.js';

// What was observed on the nodes themselves: swap, disk space, package pins and whether the
// package repository answers. Only nodes the plan has steps on are judged.

export const DEFAULT_MIN_FREE_DISK_BYTES = 2 * 2 ** 30;
const PLAN_PACKAGES = ['kubeadm', 'kubelet', 'kubectl'];
const INSTALLS = new Set(['switch-repository', 'upgrade-kubeadm', 'upgrade-kubelet']);

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1).replace(/\.0$/, '')} GiB`;
}

/** Per node the plan installs packages on, the version of its first install: one pass over the steps. */
function firstInstalls(plan: UpgradePlan): Map<string, KubeVersion | undefined> {
  const versions = new Map<string, KubeVersion | undefined>();
  for (const step of plan.steps) {
    if (INSTALLS.has(step.action) && !versions.has(step.node)) versions.set(step.node, tryParseVersion(step.version));
  }
  return versions;
}

/**
 * Pins the plan lifts: apt-mark holds (it unholds around each install) and the kubernetes yum
 * repository's exclude= list (it installs with --disableexcludes=kubernetes). One info finding per
 * kind and set of packages, naming every node.
 */
function holdFindings(holds: readonly { node: string; apt: boolean; held: readonly string[] }[]): Finding[] {
  const groups = new Map<string, { apt: boolean; list: string; nodes: string[] }>();
  for (const { node, apt, held } of holds) {
    const key = `${apt}|${held.join(', ')}`;
    const group = groups.get(key) ?? { apt, list: held.join(', '), nodes: [] };
    group.nodes.push(node);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ apt, list, nodes }) => {
    const verb = list.includes(',') ? 'are' : 'is';
    const message = apt
      ? `${list} ${verb} held on ${nameList(nodes)} (apt-mark hold): the plan lifts the hold around each install and sets it again`
      : `${list} ${verb} excluded in the kubernetes repository on ${nameList(nodes)} (exclude=): the plan installs with --disableexcludes=kubernetes and leaves the exclusion in place`;
    return { code: 'PACKAGES_HELD', severity: 'info', subject: nodes.length === 1 ? `node/${nodes[0]}` : `${nodes.length} nodes`, message };
  });
}

/**
 * A worker whose kubeadm lags its kubelet and is more than one minor behind the version its first
 * `kubeadm upgrade node` needs: kubeadm takes one minor at a time,
 * so the plan installs each minor's kubeadm and runs `kubeadm upgrade node` with it. Said before
 * anything changes, because those installs come after the control plane has moved.
 */
function kubeadmBehind(name: string, kubeadm: KubeVersion | undefined, kubelet: KubeVersion, plan: UpgradePlan): string | undefined {
  // A kubeadm at its kubelet's minor stepping along with a kubelet that skips hops is the plan's routine.
  if (!kubeadm || kubeadm.minor >= kubelet.minor) return undefined;
  const through: string[] = [];
  for (const step of plan.steps) {
    if (step.node !== name || step.phase !== 'workers' || step.action !== 'kubeadm-upgrade-node') continue;
    const version = tryParseVersion(step.version);
    const hop = tryParseVersion(step.hop);
    if (!version || !hop) continue;
    if (compareVersions(version, hop) < 0) {
      through.push(step.version);
      continue;
    }
    if (through.length === 0) return undefined;
    return `kubeadm ${formatVersion(kubeadm)} on ${name} lags its kubelet ${formatVersion(kubelet)} and is more than one minor behind the kubeadm ${step.version} its kubelet upgrade needs, and "kubeadm upgrade node" takes one minor at a time: the plan installs kubeadm ${through.join(', ')} there and runs "kubeadm upgrade node" with each first (their packages must be in the repository ${name} uses), after the control plane has moved — or install kubeadm ${through[0]} and run "kubeadm upgrade node" on ${name} yourself before you start`;
  }
  return undefined;
}

/** The hosts of the legacy Google repositories, frozen on LEGACY_FROZEN_ON and gone since 2024-03-04. */
const GOOGLE_LEGACY_HOST = /^https?:\/\/(?:apt\.kubernetes\.io|yum\.kubernetes\.io|packages\.cloud\.google\.com)(?::\d+)?\//;

/**
 * What the node could not reach, in the words of the source it really asked: pkgs.k8s.io, or before
 * v1.24 on a legacy repository its own source (Google's, or a mirror of it), with what to do.
 */
function repositoryUnreachable(name: string, era: PackageEra, minor: number, probed?: string): string {
  const cannotInstall = `the plan cannot install kubeadm and kubelet v1.${minor} there`;
  if (era === 'pkgs') return `${name} cannot reach its pkgs.k8s.io repository for v1.${minor}: the plan cannot install kubeadm and kubelet there — check its proxy, DNS and firewall, or point it at a mirror`;
  if (minor >= FIRST_PKGS_MINOR) return `${name} cannot reach pkgs.k8s.io for v1.${minor}, where the packages are published now that the legacy repository is frozen: the plan cannot install kubeadm and kubelet there — check its proxy, DNS and firewall, or point it at a mirror`;
  const noOfficial = `pkgs.k8s.io starts at v1.${FIRST_PKGS_MINOR}`;
  const fromPkgs = `from v1.${FIRST_PKGS_MINOR} on the plan moves ${name} to pkgs.k8s.io`;
  if (probed === undefined) {
    return `${name} cannot reach its own legacy package source for v1.${minor}: ${cannotInstall}, and ${noOfficial} — check its proxy, DNS and firewall, or point it at a mirror that keeps the legacy packages of v1.${minor}; ${fromPkgs}`;
  }
  if (GOOGLE_LEGACY_HOST.test(probed)) {
    return `${name} cannot reach its own package source for v1.${minor}, the legacy Google repository (${probed} did not answer): it was frozen on ${LEGACY_FROZEN_ON} and is gone since 2024-03-04, and ${noOfficial}, so ${cannotInstall} — point ${name} at a mirror that keeps the legacy packages of v1.${minor} (preflight then asks that mirror); ${fromPkgs}`;
  }
  return `${name} cannot reach its own package source for v1.${minor}, a mirror of the legacy repository (${probed} did not answer): ${cannotInstall}, and ${noOfficial} — check its proxy, DNS and firewall, and that the mirror still serves the legacy packages of v1.${minor}; ${fromPkgs}`;
}

export function checkNodeFacts(cluster: ClusterSnapshot, plan: UpgradePlan, minFreeDiskBytes = DEFAULT_MIN_FREE_DISK_BYTES): Finding[] {
  const touched = new Set(plan.steps.map((s) => s.node));
  const installs = firstInstalls(plan);
  const findings: Finding[] = [];
  const holds: { node: string; apt: boolean; held: readonly string[] }[] = [];
  for (const node of cluster.nodes) {
    const facts = node.facts;
    if (!touched.has(node.name)) continue;
    const subject = `node/${node.name}`;
    // Control-plane nodes have their own check (CONTROL_PLANE_NODE_NOT_READY).
    if (node.role === 'worker' && !node.ready) {
      findings.push({ code: 'WORKER_NOT_READY', severity: 'blocking', subject, message: `worker ${node.name} is NotReady: the plan drains it and then waits for it to be Ready with its new kubelet, which it will not be — bring it back first, or leave it out of the plan with --exclude-node ${node.name} (it keeps kubelet ${formatVersion(node.kubelet)})` });
    }
    const behind = kubeadmBehind(node.name, node.kubeadm, node.kubelet, plan);
    if (behind) findings.push({ code: 'WORKER_KUBEADM_BEHIND', severity: 'info', subject, message: behind });
    if (facts?.reachable === false) {
      findings.push({ code: 'NODE_UNREACHABLE', severity: 'blocking', subject, message: `${node.name} could not be reached over SSH, so the plan's commands cannot run there and nothing on it was checked — fix the connection (docs/ssh.md)${node.role === 'worker' ? `, or leave it out of the plan with --exclude-node ${node.name}` : ''}` });
      continue;
    }
    if (!facts) continue;
    if (facts.swapOn === true) {
      findings.push({ code: 'SWAP_ON', severity: 'overridable', subject, message: `swap is on on ${node.name}: a kubelet with failSwapOn (the default) does not start with swap on, so ${node.name} would not come back after its kubelet restart — run swapoff -a and remove swap from /etc/fstab, or make sure its kubelet is configured for swap` });
    }
    if (facts.freeDiskBytes !== undefined && facts.freeDiskBytes < minFreeDiskBytes) {
      findings.push({ code: 'DISK_LOW', severity: 'overridable', subject, message: `${node.name} has ${gib(facts.freeDiskBytes)} free for /var, less than the ${gib(minFreeDiskBytes)} the new packages and images need — free some space (clean the package cache, crictl rmi --prune)` });
    }
    const held = PLAN_PACKAGES.filter((p) => facts.heldPackages?.includes(p));
    if (held.length > 0) holds.push({ node: node.name, apt: node.os.packageManager === 'apt', held });
    // The node was asked about the repository of the minor after its kubelet's; that only
    // matters when the plan installs a newer minor there (not in a patch-only plan).
    const first = installs.get(node.name);
    const minor = first?.minor;
    if (facts.repositoryReachable === false && minor !== undefined && minor > node.kubelet.minor) {
      findings.push({ code: 'REPOSITORY_UNREACHABLE', severity: 'blocking', subject, message: repositoryUnreachable(node.name, node.repository.era, minor, facts.repositoryProbed) });
    }
    // The listing is of the minor after the kubelet's, the one probed.
    const listed = facts.repositoryKubeadmVersions;
    if (facts.repositoryReachable !== false && listed !== undefined && first !== undefined && first.minor === node.kubelet.minor + 1 && !listed.includes(formatVersion(first))) {
      const version = formatVersion(first);
      const has = listed.length > 0 ? `it lists ${listed.join(', ')}` : `it lists no kubeadm of v1.${first.minor}`;
      findings.push({ code: 'REPOSITORY_MISSING_VERSION', severity: 'blocking', subject, message: `${node.name}'s own package source${facts.repositoryProbed ? ` (${facts.repositoryProbed})` : ''} answers but has no kubeadm ${version}, which the plan installs there first (${has}), and pkgs.k8s.io starts at v1.${FIRST_PKGS_MINOR}: the install would fail — add kubeadm, kubelet and kubectl ${version} to that mirror, or point ${node.name} at one that keeps them` });
    }
  }
  return [...findings, ...holdFindings(holds)];
}
