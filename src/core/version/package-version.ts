import { ConfigError } from '../errors.js';
import { formatBareVersion, type KubeVersion } from './kube-version.js';

/**
 * Where a node's kubeadm/kubelet/kubectl packages come from.
 * - legacy: apt.kubernetes.io / yum.kubernetes.io (Google-hosted, frozen 2023-09-13), versions like 1.12.0-00 (deb), 1.12.0-0 (rpm)
 * - pkgs: pkgs.k8s.io, one repository per minor, versions like 1.30.2-1.1 (deb), 1.30.2-150500.1.1 (rpm)
 */
export type PackageEra = 'legacy' | 'pkgs';
export type PackageFormat = 'deb' | 'rpm';

export interface PackageVersion {
  readonly version: KubeVersion;
  /** Package revision after the dash, e.g. "00", "0", "1.1", "150500.1.1". */
  readonly revision: string;
  readonly era: PackageEra;
}

/** First version pkgs.k8s.io publishes; older versions only ever came from the legacy repositories. */
export const FIRST_PKGS_MINOR = 24;
/** Legacy repositories were frozen on this date; nothing released later is in them. */
export const LEGACY_FROZEN_ON = '2023-09-13';

const PACKAGE = /^(\d+)\.(\d+)\.(\d+)-([0-9][0-9A-Za-z.~+]*)$/;

/** Parses a deb or rpm version string of the Kubernetes packages, in either era. */
export function parsePackageVersion(text: string): PackageVersion {
  const m = PACKAGE.exec(text.trim());
  if (!m) {
    throw new ConfigError(
      `invalid package version "${text}": expected VERSION-REVISION such as 1.30.2-1.1 (pkgs.k8s.io) or 1.12.0-00 (legacy)`,
    );
  }
  const version: KubeVersion = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  const revision = m[4] ?? '';
  const era: PackageEra = /^0+$/.test(revision) ? 'legacy' : 'pkgs';
  return { version, revision, era };
}

/**
 * The version argument for a package install of `version` in `era`: exact for the legacy
 * repositories (their revision was fixed), a wildcard revision for pkgs.k8s.io, whose revision
 * the operator's repository decides (as the kubeadm upgrade guide writes it: 1.N.x-*).
 */
export function packageVersionPattern(version: KubeVersion, era: PackageEra, format: PackageFormat): string {
  const bare = formatBareVersion(version);
  if (era === 'pkgs') return `${bare}-*`;
  return format === 'deb' ? `${bare}-00` : `${bare}-0`;
}

/** The era a version's packages belong to when the operator has not told us otherwise. */
export function defaultEraFor(version: KubeVersion): PackageEra {
  return version.minor >= FIRST_PKGS_MINOR ? 'pkgs' : 'legacy';
}
