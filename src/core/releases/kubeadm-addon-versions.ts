import { InternalError } from '../errors.js';

// What kubeadm installs with each minor: CoreDNS (coredns/deployment CoreDNS-k8s_version.md up to
// v1.32, the release notes after) and the etcd image of its version map. Where the sources give a
// range or disagree, the value kubeadm shipped last in that line is used and marked approximate.

export interface AddonVersions {
  readonly coreDNS: string;
  readonly etcd: string;
  /** True where the exact value at each patch is not confirmed (kubeadm backports rewrite pins). */
  readonly approximate: boolean;
}

const TABLE: Record<number, AddonVersions> = {
  10: { coreDNS: '1.0.6', etcd: '3.1.12', approximate: false },
  11: { coreDNS: '1.1.3', etcd: '3.2.18', approximate: false },
  12: { coreDNS: '1.2.2', etcd: '3.2.24', approximate: false },
  13: { coreDNS: '1.2.6', etcd: '3.2.24', approximate: false },
  14: { coreDNS: '1.3.1', etcd: '3.3.10', approximate: true },
  15: { coreDNS: '1.3.1', etcd: '3.3.10', approximate: true },
  16: { coreDNS: '1.6.2', etcd: '3.3.17-0', approximate: true },
  17: { coreDNS: '1.6.5', etcd: '3.4.3-0', approximate: true },
  18: { coreDNS: '1.6.7', etcd: '3.4.3-0', approximate: false },
  19: { coreDNS: '1.7.0', etcd: '3.4.13-0', approximate: true },
  20: { coreDNS: '1.7.0', etcd: '3.4.13-0', approximate: true },
  21: { coreDNS: 'v1.8.0', etcd: '3.4.13-0', approximate: true },
  22: { coreDNS: 'v1.8.4', etcd: '3.5.5-0', approximate: true },
  23: { coreDNS: 'v1.8.6', etcd: '3.5.6-0', approximate: true },
  24: { coreDNS: 'v1.8.6', etcd: '3.5.3-0', approximate: true },
  25: { coreDNS: 'v1.9.3', etcd: '3.5.4-0', approximate: true },
  26: { coreDNS: 'v1.9.3', etcd: '3.5.5-0', approximate: true },
  27: { coreDNS: 'v1.10.1', etcd: '3.5.7-0', approximate: true },
  28: { coreDNS: 'v1.10.1', etcd: '3.5.9-0', approximate: false },
  29: { coreDNS: 'v1.11.1', etcd: '3.5.10-0', approximate: true },
  30: { coreDNS: 'v1.11.1', etcd: '3.5.12-0', approximate: true },
  31: { coreDNS: 'v1.11.3', etcd: '3.5.15-0', approximate: false },
  32: { coreDNS: 'v1.11.3', etcd: '3.5.16-0', approximate: false },
  33: { coreDNS: 'v1.12.0', etcd: '3.5.21-0', approximate: true },
  34: { coreDNS: 'v1.12.1', etcd: '3.6.4-0', approximate: true },
  35: { coreDNS: 'v1.13.1', etcd: '3.6.6-0', approximate: true },
  36: { coreDNS: 'v1.14.2', etcd: '3.6.9-0', approximate: true },
  37: { coreDNS: 'v1.14.6', etcd: '3.7.0-0', approximate: true },
};

/** The CoreDNS and etcd versions kubeadm of minor `minor` installs; undefined outside v1.10–v1.37. */
export function kubeadmAddonVersions(minor: number): AddonVersions | undefined {
  return TABLE[minor];
}

/**
 * Like kubeadm's EtcdSupportedVersion: the entry for `minor`, or outside the table the nearest
 * one (the newest for a newer minor, the oldest for an older one).
 */
export function nearestKubeadmAddonVersions(minor: number): AddonVersions {
  const minors = Object.keys(TABLE).map(Number).sort((a, b) => a - b);
  const below = minors.filter((m) => m <= minor).pop() ?? minors[0];
  const found = below === undefined ? undefined : TABLE[below];
  if (!found) throw new InternalError('the kubeadm addon table is empty');
  return found;
}

/** Orders etcd image tags such as "3.5.16-0" and "3.6.4-0" by their numbers. */
export function compareEtcdTags(a: string, b: string): number {
  const parts = (t: string) => t.replace(/^v/, '').split(/[.-]/).map((p) => Number(p) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
