import type { NodeSnapshot } from '../cluster/index.js';
import { compareEtcdTags } from '../releases/kubeadm-addon-versions.js';
import { formatVersion, packageVersionPattern, type KubeVersion, type PackageEra } from '../version/index.js';

// The exact commands of kubeadm's upgrade procedure, as argv arrays, for each OS family and
// package era. Nothing here joins strings into a shell line.

type Argv = readonly string[];

const APT_SOURCES = '/etc/apt/sources.list.d/kubernetes.list';
const YUM_REPO = '/etc/yum.repos.d/kubernetes.repo';
/** apt reads an ASCII-armoured key by its .asc name, so no gpg --dearmor is needed. */
const APT_KEY = '/etc/apt/keyrings/kubernetes-apt-keyring.asc';

function isApt(node: NodeSnapshot): boolean {
  return node.os.packageManager === 'apt';
}


/** Points the node's pkgs.k8s.io repository at `minor` (one repository per minor). Idempotent. */
export function switchRepositoryCommands(node: NodeSnapshot, minor: number): Argv[] {
  const file = node.repository.file ?? (isApt(node) ? APT_SOURCES : YUM_REPO);
  return [['sed', '-E', '-i', `s#(core:/stable:/)v1\\.[0-9]+/#\\1v1.${minor}/#g`, file]];
}

/**
 * Moves a node off the retired Google repositories (apt.kubernetes.io, yum.kubernetes.io /
 * packages.cloud.google.com, gone since 2024-03-04) to pkgs.k8s.io's repository for `minor`:
 * its signing key (apt), then the repository line rewritten in place. The rewrite comes last, so
 * a file that points at pkgs.k8s.io means the move is complete.
 */
export function moveToPkgsCommands(node: NodeSnapshot, minor: number): Argv[] {
  const base = `https://pkgs.k8s.io/core:/stable:/v1.${minor}`;
  if (isApt(node)) {
    const file = node.repository.file ?? APT_SOURCES;
    return [
      ['mkdir', '-p', '/etc/apt/keyrings'],
      ['curl', '-fsSL', '-o', APT_KEY, `${base}/deb/Release.key`],
      ['sed', '-E', '-i', `s#^deb .*(apt\\.kubernetes\\.io|packages\\.cloud\\.google\\.com).*$#deb [signed-by=${APT_KEY}] ${base}/deb/ /#`, file],
    ];
  }
  const file = node.repository.file ?? YUM_REPO;
  return [
    ['sed', '-E', '-i', `s#^gpgkey=.*$#gpgkey=${base}/rpm/repodata/repomd.xml.key#`, file],
    ['sed', '-E', '-i', `s#^baseurl=.*$#baseurl=${base}/rpm/#`, file],
  ];
}

/** Installs exactly `version` of the given packages from a repository of `era`, lifting and restoring the hold on them. */
export function installPackagesCommands(node: NodeSnapshot, packages: readonly string[], version: KubeVersion, era: PackageEra = node.repository.era): Argv[] {
  if (isApt(node)) {
    const pattern = packageVersionPattern(version, era, 'deb');
    return [
      ['apt-mark', 'unhold', ...packages],
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', ...packages.map((p) => `${p}=${pattern}`)],
      ['apt-mark', 'hold', ...packages],
    ];
  }
  const pattern = packageVersionPattern(version, era, 'rpm');
  return [[node.os.packageManager, 'install', '-y', ...packages.map((p) => `${p}-${pattern}`), '--disableexcludes=kubernetes']];
}

export function kubeadmPlanCommands(target: KubeVersion): Argv[] {
  return [['kubeadm', 'upgrade', 'plan', formatVersion(target)]];
}

export function kubeadmApplyCommands(target: KubeVersion): Argv[] {
  return [['kubeadm', 'upgrade', 'apply', formatVersion(target), '--yes']];
}

/**
 * `kubeadm upgrade node` as the kubeadm of `kubeadmVersion` spells it. Before v1.15 a worker ran
 * `upgrade node config --kubelet-version`, an extra control-plane node
 * `upgrade node experimental-control-plane` (v1.13–v1.14) or `upgrade apply` (earlier).
 */
export function kubeadmUpgradeNodeCommands(kubeadmVersion: KubeVersion, controlPlane: boolean, kubeletVersion: KubeVersion): Argv[] {
  if (kubeadmVersion.minor >= 15) return [['kubeadm', 'upgrade', 'node']];
  if (!controlPlane) {
    return [['kubeadm', 'upgrade', 'node', 'config', '--kubelet-version', formatVersion(kubeletVersion)]];
  }
  if (kubeadmVersion.minor >= 13) return [['kubeadm', 'upgrade', 'node', 'experimental-control-plane']];
  return kubeadmApplyCommands(kubeadmVersion);
}

export function restartKubeletCommands(): Argv[] {
  return [
    ['systemctl', 'daemon-reload'],
    ['systemctl', 'restart', 'kubelet'],
  ];
}

/** kubectl drain as an operator would type it; the engine drains through the Eviction API instead. */
export function drainCommands(node: NodeSnapshot, kubectlMinor: number, flags: { emptyDir: boolean; force: boolean }): Argv[] {
  const argv = ['kubectl', 'drain', node.name, '--ignore-daemonsets'];
  // --delete-local-data was renamed in v1.20 and removed in v1.31.
  if (flags.emptyDir) argv.push(kubectlMinor >= 20 ? '--delete-emptydir-data' : '--delete-local-data');
  if (flags.force) argv.push('--force');
  return [argv];
}

export function waitReadyCommands(node: NodeSnapshot): Argv[] {
  return [['kubectl', 'wait', '--for=condition=Ready', `node/${node.name}`, '--timeout=5m']];
}

export function uncordonCommands(node: NodeSnapshot): Argv[] {
  return [['kubectl', 'uncordon', node.name]];
}

/** kubeadm's certificate paths for a stacked etcd member, as etcdctl needs them. */
const ETCD_TLS = [
  '--endpoints=https://127.0.0.1:2379',
  '--cacert=/etc/kubernetes/pki/etcd/ca.crt',
  '--cert=/etc/kubernetes/pki/etcd/server.crt',
  '--key=/etc/kubernetes/pki/etcd/server.key',
];

/** Where the snapshot taken before upgrading from `from` is kept on the first control-plane node. */
export function etcdBackupPath(from: KubeVersion): string {
  return `/var/lib/kubehop/etcd-before-${formatVersion(from)}.db`;
}

/** The admin kubeconfig kubeadm writes on every control-plane node. */
const ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';

/** kubeadm's data directory for stacked etcd: a host path its static pod mounts at the same place. */
const ETCD_DATA_DIR = '/var/lib/etcd';

/**
 * An etcd snapshot taken by the etcdctl of the node's own etcd static pod, read back to prove it
 * is whole, then moved out of etcd's data directory to `path`. kubeadm hosts rarely have an
 * etcdctl of their own, while the etcd image always does; the pod writes into the one host
 * directory it shares with the node. etcd 3.6 dropped `etcdctl snapshot status` (etcdutl reads
 * snapshots from 3.5 on), and before 3.4 etcdctl speaks the v2 API unless told otherwise.
 */
export function etcdBackupCommands(node: string, path: string, etcdTag: string | undefined): Argv[] {
  const dir = path.slice(0, path.lastIndexOf('/'));
  const inPod = `${ETCD_DATA_DIR}/kubehop-${path.slice(path.lastIndexOf('/') + 1)}`;
  const exec = ['kubectl', '--kubeconfig', ADMIN_KUBECONFIG, '--namespace', 'kube-system', 'exec', `etcd-${node}`, '--'];
  const tag = etcdTag ?? '3.5.0-0';
  const etcdctl = compareEtcdTags(tag, '3.4.0-0') < 0 ? ['env', 'ETCDCTL_API=3', 'etcdctl'] : ['etcdctl'];
  const reader = compareEtcdTags(tag, '3.5.0-0') < 0 ? etcdctl : ['etcdutl'];
  return [
    ['mkdir', '-p', dir],
    [...exec, ...etcdctl, ...ETCD_TLS, 'snapshot', 'save', inPod],
    [...exec, ...reader, '--write-out=table', 'snapshot', 'status', inPod],
    ['mv', '-f', inPod, path],
  ];
}
