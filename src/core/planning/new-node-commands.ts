import type { NodeSnapshot, Taint } from '../cluster/index.js';
import { formatMinor, packageVersionPattern, type KubeVersion } from '../version/index.js';

// The commands that replace a worker by a new machine, as argv arrays: prepare a fresh host for
// the version, join it with a short-lived token, give it the old node's labels and taints, then
// delete the old node and reset its host. The plan lists them and the provisioners run them.
// Files are written by a fixed `sh -c` script that takes its data as positional arguments, so no
// value is ever pasted into a shell line.

type Argv = readonly string[];

/** How long a join token lives: long enough for one join, short enough to be useless if it leaks. */
export const JOIN_TOKEN_TTL = '15m';

const APT_LIST = '/etc/apt/sources.list.d/kubernetes.list';
const APT_KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';
const YUM_REPO = '/etc/yum.repos.d/kubernetes.repo';
const PACKAGES = ['kubeadm', 'kubelet', 'kubectl'] as const;

/** Writes its 2nd.. arguments as lines of the file named by the 1st. */
const WRITE_LINES = 'f="$1"; shift; printf \'%s\\n\' "$@" > "$f"';
/** Fetches an armoured key ($1) and stores it dearmoured ($2). */
const FETCH_KEY = 'curl -fsSL "$1" | gpg --dearmor --yes -o "$2"';

function pkgsBase(version: KubeVersion, format: 'deb' | 'rpm'): string {
  return `https://pkgs.k8s.io/core:/stable:/${formatMinor(version)}/${format}/`;
}

/**
 * A fresh host, made ready to join at `version`: the package repository of the version's minor
 * (pkgs.k8s.io; a legacy-repository host must list its repository already, nothing newer is
 * published there), kubeadm, kubelet and kubectl at exactly the version, held, and the kubelet
 * enabled. The host is shaped like `template` (same OS family and repository era).
 */
export function prepareHostCommands(template: NodeSnapshot, version: KubeVersion): Argv[] {
  const era = template.repository.era;
  if (template.os.packageManager === 'apt') {
    const pattern = packageVersionPattern(version, era, 'deb');
    const repository: Argv[] = era === 'pkgs'
      ? [
          ['mkdir', '-p', '-m', '0755', '/etc/apt/keyrings'],
          ['sh', '-c', FETCH_KEY, 'sh', `${pkgsBase(version, 'deb')}Release.key`, APT_KEYRING],
          ['sh', '-c', WRITE_LINES, 'sh', APT_LIST, `deb [signed-by=${APT_KEYRING}] ${pkgsBase(version, 'deb')} /`],
        ]
      : [];
    return [
      ...repository,
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--allow-change-held-packages', ...PACKAGES.map((p) => `${p}=${pattern}`)],
      ['apt-mark', 'hold', ...PACKAGES],
      ['systemctl', 'enable', 'kubelet'],
    ];
  }
  const pattern = packageVersionPattern(version, era, 'rpm');
  const base = pkgsBase(version, 'rpm');
  const repository: Argv[] = era === 'pkgs'
    ? [['sh', '-c', WRITE_LINES, 'sh', YUM_REPO, '[kubernetes]', 'name=Kubernetes', `baseurl=${base}`, 'enabled=1', 'gpgcheck=1', `gpgkey=${base}repodata/repomd.xml.key`, 'exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni']]
    : [];
  return [
    ...repository,
    [template.os.packageManager, 'install', '-y', ...PACKAGES.map((p) => `${p}-${pattern}`), '--disableexcludes=kubernetes'],
    ['systemctl', 'enable', 'kubelet'],
  ];
}

/** On the first control-plane node: a bootstrap token for one join, printed as the join command. */
export function createJoinTokenCommands(ttl: string = JOIN_TOKEN_TTL): Argv[] {
  return [['kubeadm', 'token', 'create', '--print-join-command', '--ttl', ttl]];
}

/**
 * `kubeadm token create` of a token the caller chose (`id.secret`): its id is known before the
 * token exists, so a run that resumes after a kill can delete a token whose secret nobody kept.
 */
export function createChosenJoinTokenCommand(token: string, ttl: string = JOIN_TOKEN_TTL): Argv {
  return ['kubeadm', 'token', 'create', token, '--print-join-command', '--ttl', ttl];
}

/** Deletes the bootstrap token with this id (the public half: the secret is not needed). */
export function deleteJoinTokenCommand(id: string): Argv {
  return ['kubeadm', 'token', 'delete', id];
}

/** What `kubeadm token create --print-join-command` prints, taken apart. */
export interface JoinCredentials {
  /** The API endpoint, host:port. */
  readonly endpoint: string;
  /** Secret: never logged, never stored. */
  readonly token: string;
  readonly caCertHash: string;
}

/** Undoes whatever a join did on the host (nothing if none did). */
export function undoJoinCommand(): Argv {
  return ['kubeadm', 'reset', '-f'];
}

/**
 * `kubeadm join` for a node named `nodeName`. A reset first makes a second attempt after a crash
 * half way through a join start clean; on a fresh host it changes nothing.
 */
export function joinNodeCommands(nodeName: string, credentials: JoinCredentials): Argv[] {
  return [undoJoinCommand(), kubeadmJoinCommand(nodeName, credentials)];
}

/** `kubeadm join` alone, for a host that has just been reset. */
export function kubeadmJoinCommand(nodeName: string, credentials: JoinCredentials): Argv {
  return ['kubeadm', 'join', credentials.endpoint, '--token', credentials.token, '--discovery-token-ca-cert-hash', credentials.caCertHash, '--node-name', nodeName];
}

/**
 * Succeeds on a machine whose `kubeadm join` got as far as starting the kubelet: kubeadm writes
 * the kubelet's kubeconfig in that phase, and `kubeadm reset` removes it.
 */
export function joinedHostProbe(): Argv {
  return ['test', '-s', '/etc/kubernetes/kubelet.conf'];
}

/** Succeeds once the node object `nodeName` exists (kubectl on a control-plane node). */
export function nodeRegisteredProbe(nodeName: string): Argv {
  return ['kubectl', 'get', 'node', nodeName, '-o', 'name'];
}

/** The join command as a runbook shows it: the token stays on the control-plane node's screen. */
export function joinNodeRunbookCommands(nodeName: string): Argv[] {
  return joinNodeCommands(nodeName, { endpoint: 'ENDPOINT', token: 'TOKEN', caCertHash: 'sha256:HASH' });
}

/** Labels kubelet and kubeadm set themselves on every node; everything else was put there for workloads. */
function isOwnLabel(key: string): boolean {
  return key === 'kubernetes.io/hostname'
    || key === 'kubernetes.io/os'
    || key === 'kubernetes.io/arch'
    || key.startsWith('beta.kubernetes.io/')
    || key.startsWith('node-role.kubernetes.io/')
    || key.startsWith('node.kubernetes.io/');
}

/** Taints the node lifecycle controller manages (not-ready, unschedulable, ...). */
function isConditionTaint(taint: Taint): boolean {
  return taint.key.startsWith('node.kubernetes.io/');
}

/** The labels and taints of `template` a new node must carry so that the same pods land on it. */
export function nodeMarksToCopy(template: NodeSnapshot): { labels: [string, string][]; taints: Taint[] } {
  const labels = Object.entries(template.labels).filter(([key]) => !isOwnLabel(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { labels, taints: template.taints.filter((t) => !isConditionTaint(t)) };
}

/**
 * kubectl commands that put `template`'s workload labels and taints on `nodeName`. Run right after
 * the join: the new node is still NotReady (and tainted so) then, so nothing lands there first.
 */
export function copyNodeMarksCommands(template: NodeSnapshot, nodeName: string): Argv[] {
  const { labels, taints } = nodeMarksToCopy(template);
  const commands: Argv[] = [];
  if (labels.length > 0) commands.push(['kubectl', 'label', 'node', nodeName, '--overwrite', ...labels.map(([k, v]) => `${k}=${v}`)]);
  if (taints.length > 0) commands.push(['kubectl', 'taint', 'node', nodeName, '--overwrite', ...taints.map((t) => `${t.key}${t.value !== undefined && t.value !== '' ? `=${t.value}` : ''}:${t.effect}`)]);
  return commands;
}

export function deleteNodeCommands(nodeName: string): Argv[] {
  return [['kubectl', 'delete', 'node', nodeName, '--ignore-not-found']];
}

/**
 * After its node object is deleted: kubeadm undoes the join, and the Kubernetes packages and
 * their state go, so the host is as fresh as a spare. CNI configuration stays (kubeadm reset
 * leaves it too): it is the host's, not the cluster's.
 */
export function resetHostCommands(template: NodeSnapshot): Argv[] {
  const purge: Argv = template.os.packageManager === 'apt'
    ? ['apt-get', 'purge', '-y', '--allow-change-held-packages', ...PACKAGES]
    : [template.os.packageManager, 'remove', '-y', ...PACKAGES];
  return [
    undoJoinCommand(),
    purge,
    ['rm', '-rf', '/etc/kubernetes', '/var/lib/kubelet'],
  ];
}
