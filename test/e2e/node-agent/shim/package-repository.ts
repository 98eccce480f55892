import { parsePackageVersion, type KubeVersion, type PackageEra } from '../../../../src/core/version/index.js';
import { readNodeFile, type ShimContext } from './shim-context.js';

// The node's Kubernetes package repository, read from its own sources file each time (the plan
// switches it with `sed -i`, a real sed on the node's copy). pkgs.k8s.io has one repository per
// minor; the legacy apt.kubernetes.io had every version, with revision "00".

export const APT_SOURCES = '/etc/apt/sources.list.d/kubernetes.list';

export type Repository = { readonly era: 'pkgs'; readonly minor: number } | { readonly era: 'legacy' } | { readonly era: 'none' };

export function repositoryFromText(text: string | undefined): Repository {
  if (text === undefined) return { era: 'none' };
  const m = /core:\/stable:\/v1\.(\d+)\//.exec(text);
  if (m) return { era: 'pkgs', minor: Number(m[1]) };
  // Google's legacy repository, or a mirror of it under its kubernetes-xenial suite.
  return /apt\.kubernetes\.io|\skubernetes-xenial\b/.test(text) ? { era: 'legacy' } : { era: 'none' };
}

/** A `deb [options] URL SUITE ...` line of the sources file: where apt fetches from. */
export interface AptSource {
  /** With a trailing slash. */
  readonly url: string;
  readonly suite: string;
  readonly components: readonly string[];
}

export function aptSourcesFromText(text: string | undefined): AptSource[] {
  const sources: AptSource[] = [];
  for (const line of (text ?? '').split('\n')) {
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)(.*)$/.exec(line.trim());
    if (!m?.[1] || !m[2] || !URL.canParse(m[1])) continue;
    sources.push({ url: m[1].endsWith('/') ? m[1] : `${m[1]}/`, suite: m[2], components: (m[3] ?? '').trim().split(/\s+/).filter(Boolean) });
  }
  return sources;
}

/** The release files apt fetches for a source: InRelease, or Release, under dists/SUITE/ (a flat "/" suite: under the URL itself). */
export function releaseFilesOf(source: AptSource): string[] {
  const dir = source.suite === '/' ? source.url : `${source.url}dists/${source.suite}/`;
  return [`${dir}InRelease`, `${dir}Release`];
}

/** Debian's name for this machine's architecture, as the node's dpkg would give it. */
export function debianArch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

/** The Packages index apt fetches for each component of a source (dists/SUITE/COMPONENT/binary-ARCH/Packages). */
export function packagesFilesOf(source: AptSource): string[] {
  if (source.suite === '/') return [`${source.url}Packages`];
  return source.components.map((c) => `${source.url}dists/${source.suite}/${c}/binary-${debianArch()}/Packages`);
}

/** A Packages index of kubeadm, kubelet and kubectl at each version, with the legacy revision. */
export function packagesIndexOf(versions: readonly string[]): string {
  return versions.flatMap((v) => ['kubeadm', 'kubelet', 'kubectl'].map((name) => `Package: ${name}\nVersion: ${v}-${debRevision('legacy')}\nArchitecture: ${debianArch()}\n`)).join('\n');
}

/** The versions the node's legacy source carries: the cluster's legacy ones less what its mirror lacks. */
export function legacyVersionsOf(ctx: ShimContext): string[] {
  const missing = ctx.node().legacyMissing ?? [];
  return ctx.cluster().legacyVersions.filter((v) => !missing.includes(v));
}

export function readAptSources(): AptSource[] {
  return aptSourcesFromText(readNodeFile(APT_SOURCES));
}

export function readRepository(): Repository {
  return repositoryFromText(readNodeFile(APT_SOURCES));
}

/** The sources file kubeadm's install guide writes for an era. */
export function repositoryText(era: PackageEra, minor: number): string {
  return era === 'pkgs'
    ? `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.${minor}/deb/ /\n`
    : 'deb https://apt.kubernetes.io/ kubernetes-xenial main\n';
}

/** The deb revision each era's repository gives a version. */
export function debRevision(era: PackageEra): string {
  return era === 'pkgs' ? '1.1' : '00';
}

/** The Kubernetes version of an installed package's version text ("1.20.2-00" -> v1.20.2). */
export function versionOfPackage(text: string): KubeVersion {
  return parsePackageVersion(text).version;
}
