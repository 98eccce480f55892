import { parsePackageVersion, type KubeVersion, type PackageEra } from '../../../../src/core/version/index.js';
import { readNodeFile } from './shim-context.js';

// The node's Kubernetes package repository, read from its own sources file each time (the plan
// switches it with `sed -i`, a real sed on the node's copy). pkgs.k8s.io has one repository per
// minor; the legacy apt.kubernetes.io had every version, with revision "00".

export const APT_SOURCES = '/etc/apt/sources.list.d/kubernetes.list';

export type Repository = { readonly era: 'pkgs'; readonly minor: number } | { readonly era: 'legacy' } | { readonly era: 'none' };

export function repositoryFromText(text: string | undefined): Repository {
  if (text === undefined) return { era: 'none' };
  const m = /core:\/stable:\/v1\.(\d+)\//.exec(text);
  if (m) return { era: 'pkgs', minor: Number(m[1]) };
  return /apt\.kubernetes\.io/.test(text) ? { era: 'legacy' } : { era: 'none' };
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
