import { compareEtcdTags, nearestKubeadmAddonVersions } from '../../../core/releases/index.js';

// The CoreDNS and etcd versions the simulated kubeadm installs: the same table the plans show.

export function coreDnsFor(minor: number): string {
  return nearestKubeadmAddonVersions(minor).coreDNS;
}

export function etcdFor(minor: number): string {
  return nearestKubeadmAddonVersions(minor).etcd;
}

export const compareEtcd = compareEtcdTags;
