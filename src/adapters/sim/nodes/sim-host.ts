import { kubeadmCertificates, type CertificateExpiry, type NodeSnapshot } from '../../../core/cluster/index.js';
import type { KubeVersion } from '../../../core/version/index.js';
import { nodeConfigFiles } from './node-config-files.js';

// The machine under a simulated node, as far as an upgrade feels it: swap, free disk, whether the
// package repository answers, package pins and (control-plane nodes) kubeadm's certificates.
// Loaded from the snapshot's node facts; what a snapshot leaves out gets a healthy default, so a
// snapshot without observations simulates exactly as before.

/** What a package install needs free on /var (downloads and unpacked files). */
export const PACKAGE_INSTALL_MIN_FREE_BYTES = 300 * 2 ** 20;
/** What kubeadm's image pulls need free on /var/lib (containerd's store) on a control-plane node. */
export const IMAGE_PULL_MIN_FREE_BYTES = 2 ** 30;
/** `df` on a node whose snapshot gave no freeDiskBytes: a roomy 20 GiB. */
export const DEFAULT_FREE_DISK_BYTES = 20 * 2 ** 30;
/** The packages a yum/dnf repository file excludes unless the snapshot says otherwise (kubeadm's docs). */
export const DEFAULT_YUM_EXCLUDES: readonly string[] = ['kubelet', 'kubeadm', 'kubectl', 'cri-tools', 'kubernetes-cni'];
/** Pinnable packages the simulator does not track versions of. */
export const OTHER_PACKAGES: readonly string[] = ['cri-tools', 'kubernetes-cni'];

const DAY_MS = 86_400_000;
/** kubeadm signs leaf certificates for one year and CAs for ten. */
export const CERTIFICATE_VALIDITY_MS = 365 * DAY_MS;
export const CA_VALIDITY_MS = 3650 * DAY_MS;

export interface SimCertificate {
  readonly name: string;
  /** ms since the epoch. */
  readonly expiresMs: number;
}

export interface SimHost {
  swapOn: boolean;
  /** Free bytes on /var/lib; undefined when the snapshot did not say (df answers the default). */
  freeDiskBytes: number | undefined;
  /** Whether the node reaches its Kubernetes package repository (false: its host does not resolve). */
  repositoryReachable: boolean;
  /** apt: holds on packages without a version in the simulation (cri-tools, kubernetes-cni, kubectl not installed: a worker's without a stated kubectl); the others' live on the package. */
  otherHolds: Set<string>;
  /** yum/dnf: what the repository file's exclude= line lists. */
  yumExcludes: string[];
  /** Control-plane nodes: kubeadm's certificates and CAs; undefined on workers. */
  certificates: SimCertificate[] | undefined;
  /** Configuration files with their text: the kubelet's flags and config, containerd's config, static pods (node-config-files.ts). */
  texts: Map<string, string>;
  /** 2 unless the snapshot says the node runs cgroup v1. */
  cgroupVersion: 1 | 2;
  /** What the Node reports as its container runtime, when the snapshot said. */
  containerRuntimeVersion: string | undefined;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function certificatesOf(list: readonly CertificateExpiry[]): SimCertificate[] {
  return list.map((c) => ({ name: c.name, expiresMs: Date.parse(`${c.expiresOn}T00:00:00Z`) }));
}

/**
 * Certificates nobody observed: issued on the day the simulation starts, so leaves expire one
 * year and CAs ten years (3650 days) later — 2026-01-01 and 2034-12-30 with the default start.
 */
export function defaultCertificates(kubeadm: KubeVersion, localEtcd: boolean, startMs: number): SimCertificate[] {
  const etcd = localEtcd ? 'local' : 'external';
  return certificatesOf(kubeadmCertificates({ expireOn: day(startMs + CERTIFICATE_VALIDITY_MS), caExpireOn: day(startMs + CA_VALIDITY_MS), etcd, kubeadm }));
}

export function simHostOf(node: NodeSnapshot, kubeadm: KubeVersion, localEtcd: boolean, startMs: number): SimHost {
  const facts = node.facts;
  const held = facts?.heldPackages;
  return {
    swapOn: facts?.swapOn === true,
    freeDiskBytes: facts?.freeDiskBytes,
    repositoryReachable: facts?.repositoryReachable !== false,
    otherHolds: new Set(node.os.packageManager === 'apt' ? (held ?? []).filter((p) => OTHER_PACKAGES.includes(p) || (p === 'kubectl' && !node.kubectl && node.role !== 'control-plane')) : []),
    yumExcludes: held && node.os.packageManager !== 'apt' ? [...held] : [...DEFAULT_YUM_EXCLUDES],
    certificates: node.role !== 'control-plane' ? undefined : node.certificates ? certificatesOf(node.certificates) : defaultCertificates(kubeadm, localEtcd, startMs),
    texts: nodeConfigFiles(facts),
    cgroupVersion: facts?.cgroupVersion ?? 2,
    containerRuntimeVersion: facts?.containerRuntimeVersion,
  };
}

/** A machine that just joined (surge): swap off, a fresh disk, the repository as its template reaches it, no leftover kubelet flags. */
export function freshHost(template: SimHost): SimHost {
  return { swapOn: false, freeDiskBytes: undefined, repositoryReachable: template.repositoryReachable, otherHolds: new Set(), yumExcludes: [...DEFAULT_YUM_EXCLUDES], certificates: undefined, texts: new Map(), cgroupVersion: template.cgroupVersion, containerRuntimeVersion: template.containerRuntimeVersion };
}

export function freeDiskBytesOf(host: SimHost): number {
  return host.freeDiskBytes ?? DEFAULT_FREE_DISK_BYTES;
}
