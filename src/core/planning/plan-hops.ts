import { ConfigError } from '../errors.js';
import { compareVersions, formatMinor, formatVersion, type KubeVersion } from '../version/index.js';

/** Finds the newest known patch of a minor line; undefined when the catalog does not know the line. */
export type LatestPatch = (minor: number) => KubeVersion | undefined;

/**
 * The control plane's path: one minor per hop, each intermediate hop at the newest known patch
 * of its minor, the last hop at `target`. A patch-only upgrade is one hop; no hop when the
 * control plane is already at `target`.
 */
export function planHops(current: KubeVersion, target: KubeVersion, latestPatch: LatestPatch): KubeVersion[] {
  const order = compareVersions(target, current);
  if (order < 0) {
    throw new ConfigError(
      `cannot upgrade to ${formatVersion(target)}: the control plane is already at ${formatVersion(current)} and kubehop does not downgrade — choose a version newer than ${formatVersion(current)}, or restore an etcd backup to go back`,
    );
  }
  if (order === 0) return [];
  const hops: KubeVersion[] = [];
  for (let minor = current.minor + 1; minor < target.minor; minor++) {
    const patch = latestPatch(minor);
    if (!patch) {
      throw new ConfigError(
        `cannot plan a path through ${formatMinor({ major: 1, minor })}: the release catalog does not know that minor — pass a newer catalog with --releases FILE`,
      );
    }
    hops.push(patch);
  }
  hops.push(target);
  return hops;
}
