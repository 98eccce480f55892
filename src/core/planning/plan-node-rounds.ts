import { InternalError } from '../errors.js';
import { kubeadmKubeletTolerance, maxNodeComponentLag } from '../skew/index.js';
import { compareVersions, formatVersion, type KubeVersion } from '../version/index.js';

/**
 * When a node's kubelet is upgraded: in `slot` j (0 = before the first hop, j = after hop j's
 * control plane), to `version` (the control plane's version at that moment).
 */
export interface KubeletRound {
  readonly slot: number;
  readonly version: KubeVersion;
}

/**
 * The fewest kubelet upgrades that keep a node inside the skew policy and kubeadm's rules for the
 * whole path: each upgrade happens as late as it can and goes as far as the control plane has
 * gone, so one drain covers several hops. With `everyHop`, the kubelet follows every hop.
 *
 * `path[0]` is the control plane's version now; `path[i]` its version after hop i.
 */
export function planKubeletRounds(kubelet: KubeVersion, path: readonly KubeVersion[], everyHop: boolean): KubeletRound[] {
  const rounds: KubeletRound[] = [];
  let current = kubelet;
  const upgrade = (slot: number) => {
    const version = path[slot];
    if (!version) throw new InternalError(`no control-plane version for slot ${slot}`);
    if (compareVersions(version, current) !== 0) {
      rounds.push({ slot, version });
      current = version;
    }
  };
  const last = path.length - 1;
  for (let hop = 1; hop <= last; hop++) {
    const next = path[hop];
    if (!next) break;
    const needed = minimumKubeletMinor(next, current);
    if (current.minor < needed || everyHop) {
      // Before hop `hop` the control plane is at path[hop - 1]: the furthest a kubelet may go now.
      if (current.minor < needed && (path[hop - 1]?.minor ?? -1) < needed) {
        throw new InternalError(
          `kubelet ${formatVersion(current)} cannot reach v1.${needed} before the control plane moves to ${formatVersion(next)}`,
        );
      }
      if (everyHop && hop > 1) upgrade(hop - 1);
      else if (current.minor < needed) upgrade(hop - 1);
    }
  }
  upgrade(last);
  return rounds;
}

/**
 * The oldest kubelet minor allowed while the control plane moves to `next`: kubeadm's tolerance
 * for `kubeadm upgrade apply`, and the skew policy for kubelets behind the new kube-apiserver.
 */
export function minimumKubeletMinor(next: KubeVersion, kubelet: KubeVersion): number {
  return Math.max(
    next.minor - kubeadmKubeletTolerance(next.minor),
    next.minor - maxNodeComponentLag(next.minor, kubelet.minor),
  );
}
