import type { NodeOs } from '../../core/cluster/index.js';
import type { PackageVersion } from '../../core/version/index.js';
import type { CommandResult, NodeShell } from '../../ports/index.js';
import { parseOsRelease } from './parse-os-release.js';
import { parsePackageQuery } from './parse-package-query.js';
import { parseAptSource, parseYumRepo, type ConfiguredRepository } from './parse-repository-file.js';

// What a node says about itself over its NodeShell, as plain data for `plan`: its OS and package
// manager, the installed Kubernetes packages, the repository they come from and the packages
// pinned against change. Read-only commands only; what cannot be read is a problem, not a throw
// (a NodeCommandError from an unreachable node still propagates).

export type KubePackage = 'kubeadm' | 'kubelet' | 'kubectl';
export const KUBE_PACKAGES: readonly KubePackage[] = ['kubeadm', 'kubelet', 'kubectl'];
const PINNABLE = [...KUBE_PACKAGES, 'cri-tools', 'kubernetes-cni'];

export interface ObservedNodeFacts {
  readonly node: string;
  readonly os?: NodeOs;
  /** Installed packages only; a missing key means not installed (or unreadable: see problems). */
  readonly packages: Partial<Record<KubePackage, PackageVersion>>;
  readonly repository?: ConfiguredRepository & { readonly file: string };
  /** Kubernetes packages pinned: `apt-mark showhold`, or the yum repository's exclude= line. */
  readonly heldPackages?: readonly string[];
  /** What could not be read, one sentence each. */
  readonly problems: readonly string[];
}

export interface ReadNodeFactsOptions {
  /** Per command. Default 30 s. */
  readonly timeoutMs?: number;
}

const APT_SOURCES = ['/etc/apt/sources.list.d/kubernetes.list', '/etc/apt/sources.list.d/kubernetes.sources'];
const YUM_REPO = '/etc/yum.repos.d/kubernetes.repo';

export async function readNodeFacts(shell: NodeShell, node: string, options: ReadNodeFactsOptions = {}): Promise<ObservedNodeFacts> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const run = (argv: readonly string[]): Promise<CommandResult> => shell.run(node, argv, { privileged: false, timeoutMs, readOnly: true });
  const problems: string[] = [];

  let os: NodeOs | undefined;
  const release = await run(['cat', '/etc/os-release']);
  if (release.exitCode === 0) {
    const parsed = parseOsRelease(release.stdout);
    if (parsed.ok) os = parsed.value;
    else problems.push(...parsed.errors);
  } else {
    problems.push(`failed to read /etc/os-release on node ${node}: ${release.stderr.trim() || `exit code ${release.exitCode ?? 'none'}`}`);
  }
  // Without os-release, the package tool that answers tells the family.
  const apt = os ? os.packageManager === 'apt' : (await run(['dpkg-query', '--version'])).exitCode === 0;

  const packages: Partial<Record<KubePackage, PackageVersion>> = {};
  for (const name of KUBE_PACKAGES) {
    const answer = apt ? await run(['dpkg-query', '-W', '-f=${Version}\t${db:Status-Abbrev}', name]) : await run(['rpm', '-q', '--qf', '%{VERSION}-%{RELEASE}', name]);
    if (answer.exitCode === 127) {
      problems.push(`${apt ? 'dpkg-query' : 'rpm'} is not available on node ${node}`);
      break;
    }
    const parsed = parsePackageQuery(name, answer);
    if (parsed.installed === true) packages[name] = parsed.version;
    else if (parsed.installed === 'unreadable') problems.push(`node ${node}: ${parsed.problem}`);
  }

  let repository: ObservedNodeFacts['repository'];
  const files = apt ? APT_SOURCES : [YUM_REPO];
  let found = false;
  for (const file of files) {
    const text = await run(['cat', file]);
    if (text.exitCode !== 0) continue;
    found = true;
    const parsed = apt ? parseAptSource(text.stdout, file) : parseYumRepo(text.stdout, file);
    if (parsed.ok) {
      repository = { ...parsed.value, file };
      break;
    }
    problems.push(...parsed.errors.map((e) => `node ${node}: ${e}`));
  }
  if (!found) {
    problems.push(`node ${node} has no Kubernetes package repository file (${files.join(' or ')})`);
  }

  let heldPackages: string[] | undefined;
  if (apt) {
    const held = await run(['apt-mark', 'showhold']);
    if (held.exitCode === 0) heldPackages = held.stdout.split(/\s+/).filter((p) => PINNABLE.includes(p));
    else problems.push(`failed to list held packages on node ${node}: ${held.stderr.trim() || `exit code ${held.exitCode ?? 'none'}`}`);
  } else if (repository) {
    heldPackages = (repository.excluded ?? []).filter((p) => PINNABLE.includes(p));
  }

  return {
    node,
    ...(os && { os }),
    packages,
    ...(repository && { repository }),
    ...(heldPackages && { heldPackages }),
    problems,
  };
}
