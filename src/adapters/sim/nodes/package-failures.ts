import type { CommandOutcome, CommandRun } from './command-run.js';
import { aptBaseUrl, yumBaseUrl } from './repository-file.js';
import { freeDiskBytesOf, PACKAGE_INSTALL_MIN_FREE_BYTES } from './sim-host.js';
import type { SimNode } from '../state/sim-model.js';

// How the package managers fail when the node cannot reach its Kubernetes repository or has too
// little disk, in their own words. A node that cannot resolve the repository's host:
// - `apt-get update` only warns and exits 0 (apt treats a failed name lookup as a transient
//   network failure and keeps whatever lists it had), so the install after it finds no version
//   of the new minor — or, with the lists already there, fails to fetch the .deb (exit 100);
// - yum and dnf need the repository's metadata for any install and fail at once (exit 1).
// Disk: an install that changes packages needs PACKAGE_INSTALL_MIN_FREE_BYTES free.

const MIB = 2 ** 20;
/** Download sizes of the packages, roughly as pkgs.k8s.io serves them. */
const DOWNLOAD_BYTES: Readonly<Record<string, number>> = { kubeadm: 12 * MIB, kubelet: 15 * MIB, kubectl: 11 * MIB };

export function repositoryHost(node: SimNode): string {
  if (node.repository.era === 'pkgs') return 'pkgs.k8s.io';
  return node.os.packageManager === 'apt' ? 'apt.kubernetes.io' : 'packages.cloud.google.com';
}

/** The repository as apt names it in progress lines, and the URL of its index. */
function aptIndex(node: SimNode): { source: string; shown: string; url: string } {
  if (node.repository.era === 'pkgs') {
    const base = aptBaseUrl(node);
    return { source: base, shown: `${base}  InRelease`, url: `${base}/InRelease` };
  }
  return { source: 'https://apt.kubernetes.io kubernetes-xenial/main amd64', shown: 'https://apt.kubernetes.io kubernetes-xenial InRelease', url: 'https://apt.kubernetes.io/dists/kubernetes-xenial/InRelease' };
}

/** `apt-get update` without the repository: warnings, exit 0, and no lists for a minor it has not fetched before. */
export async function aptUpdateUnreachable(run: CommandRun): Promise<CommandOutcome> {
  const { node } = run;
  const host = repositoryHost(node);
  await run.takes({ min: 1, max: 3 });
  const index = aptIndex(node);
  run.print(`Ign:1 ${index.shown}`);
  run.print(`Err:1 ${index.shown}`);
  run.print(`  Temporary failure resolving '${host}'`);
  run.print('Reading package lists...');
  run.printError(`W: Failed to fetch ${index.url}  Temporary failure resolving '${host}'`);
  run.printError('W: Some index files failed to download. They have been ignored, or old ones used instead.');
  // Lists of the minor the repository pointed at before no longer belong to any source.
  if (node.aptListsMinor !== node.repository.minor) node.aptListsMinor = undefined;
  return run.exit(0);
}

function debUrl(node: SimNode, name: string, versionText: string): string {
  const file = `${name}_${versionText}_amd64.deb`;
  return `${aptBaseUrl(node)}/${node.repository.era === 'pkgs' ? 'amd64' : 'pool'}/${file}`;
}

/** `apt-get install` with the lists at hand but the repository out of reach: the download fails. */
export async function aptDownloadUnreachable(run: CommandRun, packages: readonly { name: string; versionText: string }[]): Promise<CommandOutcome> {
  const { node } = run;
  const host = repositoryHost(node);
  await run.takes({ min: 1, max: 3 });
  packages.forEach((p, i) => {
    run.print(`Err:${i + 1} ${aptIndex(node).source}  ${p.name} ${p.versionText}`);
    run.print(`  Temporary failure resolving '${host}'`);
  });
  for (const p of packages) run.printError(`E: Failed to fetch ${debUrl(node, p.name, p.versionText)}  Temporary failure resolving '${host}'`);
  run.printError('E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?');
  return run.exit(100);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Whether an install that changes packages lacks room; the outcome apt gives then. */
export function aptDiskFailure(run: CommandRun, names: readonly string[]): CommandOutcome | undefined {
  if (freeDiskBytesOf(run.node.host) >= PACKAGE_INSTALL_MIN_FREE_BYTES) return undefined;
  const download = names.reduce((sum, name) => sum + (DOWNLOAD_BYTES[name] ?? 5 * MIB), 0);
  run.print(`The following packages will be upgraded:\n  ${names.join(' ')}`);
  run.print(`${names.length} upgraded, 0 newly installed, 0 to remove and 0 not upgraded.`);
  run.print(`Need to get ${megabytes(download)} of archives.`);
  run.print('After this operation, 4,096 B of additional disk space will be used.');
  return run.fail("E: You don't have enough free space in /var/cache/apt/archives/.", 100);
}

/** yum/dnf install without the repository: its metadata cannot be downloaded. */
export async function rpmMetadataUnreachable(run: CommandRun): Promise<CommandOutcome> {
  const { node } = run;
  const host = repositoryHost(node);
  const repomd = `${yumBaseUrl(node).replace('$basearch', 'x86_64').replace(/\/?$/, '/')}repodata/repomd.xml`;
  await run.takes({ min: 1, max: 3 });
  if (node.os.packageManager === 'dnf') {
    run.print('Kubernetes                                      0.0  B/s |   0  B     00:00');
    run.printError("Errors during downloading metadata for repository 'kubernetes':");
    run.printError(`  - Curl error (6): Couldn't resolve host name for ${repomd} [Could not resolve host: ${host}]`);
    return run.fail("Error: Failed to download metadata for repo 'kubernetes': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried", 1);
  }
  run.printError(`${repomd}: [Errno 14] curl#6 - "Could not resolve host: ${host}; Unknown error"`);
  run.printError('Trying other mirror.');
  return run.fail('failure: repodata/repomd.xml from kubernetes: [Errno 256] No more mirrors to try.', 1);
}

/** Whether a yum/dnf install lacks room; rpm's transaction test then fails naming the first package. */
export function rpmDiskFailure(run: CommandRun, firstPackage: string): Promise<CommandOutcome> | undefined {
  const free = freeDiskBytesOf(run.node.host);
  if (free >= PACKAGE_INSTALL_MIN_FREE_BYTES) return undefined;
  return failRpmTransaction(run, firstPackage, free);
}

async function failRpmTransaction(run: CommandRun, firstPackage: string, free: number): Promise<CommandOutcome> {
  await run.takes({ min: 5, max: 10 });
  const short = `${Math.ceil((PACKAGE_INSTALL_MIN_FREE_BYTES - free) / MIB)}MB`;
  const dnf = run.node.os.packageManager === 'dnf';
  run.printError(dnf ? 'Error: Transaction test error:' : 'Transaction check error:');
  run.printError(`  installing package ${firstPackage}.x86_64 needs ${dnf ? `${short} more space` : short} on the / filesystem`);
  run.printError('');
  run.printError('Error Summary\n-------------\nDisk Requirements:');
  return run.fail(`   At least ${short} more space needed on the / filesystem.`, 1);
}
