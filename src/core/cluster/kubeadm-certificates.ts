import type { KubeVersion } from '../version/index.js';
import type { CertificateExpiry } from './cluster-snapshot.js';

// The certificates `kubeadm certs check-expiration` lists on a control-plane node, under the names
// it prints. A cluster file may say "they all expire on this day" instead of listing them.

/** Leaf certificates and kubeconfig files, in kubeadm's order. */
export const KUBEADM_LEAF_CERTIFICATES: readonly string[] = [
  'admin.conf', 'apiserver', 'apiserver-etcd-client', 'apiserver-kubelet-client', 'controller-manager.conf',
  'etcd-healthcheck-client', 'etcd-peer', 'etcd-server', 'front-proxy-client', 'scheduler.conf', 'super-admin.conf',
];
export const KUBEADM_CA_CERTIFICATES: readonly string[] = ['ca', 'etcd-ca', 'front-proxy-ca'];
export const KUBEADM_CERTIFICATE_NAMES: readonly string[] = [...KUBEADM_LEAF_CERTIFICATES, ...KUBEADM_CA_CERTIFICATES];

/** kubeadm writes super-admin.conf from v1.29 on. */
const SUPER_ADMIN_SINCE_MINOR = 29;
/** With external etcd, the etcd certificates and the client one for it are not kubeadm's. */
const LOCAL_ETCD_ONLY = new Set(['apiserver-etcd-client', 'etcd-healthcheck-client', 'etcd-peer', 'etcd-server', 'etcd-ca']);
/** kubeadm signs its CAs for ten years. */
const CA_YEARS = 10;

export interface KubeadmCertificateOptions {
  /** YYYY-MM-DD: the day every leaf certificate and kubeconfig expires. */
  readonly expireOn: string;
  /** YYYY-MM-DD: the day the CAs expire; ten years after expireOn when absent. */
  readonly caExpireOn?: string;
  readonly etcd: 'local' | 'external';
  /** The node's kubeadm, which decides whether super-admin.conf exists. */
  readonly kubeadm: KubeVersion;
}

/** The same date ten years on; 29 February becomes 28 February in a common year. */
function yearsLater(date: string, years: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const target = year + years;
  const leap = target % 4 === 0 && (target % 100 !== 0 || target % 400 === 0);
  const shownDay = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(shownDay).padStart(2, '0')}`;
}

type CertificateContext = Pick<KubeadmCertificateOptions, 'etcd' | 'kubeadm'>;

function present(name: string, context: CertificateContext): boolean {
  return (
    (context.etcd === 'local' || !LOCAL_ETCD_ONLY.has(name)) &&
    (name !== 'super-admin.conf' || context.kubeadm.major > 1 || context.kubeadm.minor >= SUPER_ADMIN_SINCE_MINOR)
  );
}

/** The leaf certificates and kubeconfig files kubeadm of this version keeps on a control-plane node (no CAs). */
export function kubeadmLeafCertificateNames(context: CertificateContext): string[] {
  return KUBEADM_LEAF_CERTIFICATES.filter((name) => present(name, context));
}

/** Every certificate kubeadm manages on such a node, leaves expiring on one day and CAs on another. */
export function kubeadmCertificates(options: KubeadmCertificateOptions): CertificateExpiry[] {
  const caExpireOn = options.caExpireOn ?? yearsLater(options.expireOn, CA_YEARS);
  return [
    ...kubeadmLeafCertificateNames(options).map((name) => ({ name, expiresOn: options.expireOn })),
    ...KUBEADM_CA_CERTIFICATES.filter((name) => present(name, options)).map((name) => ({ name, expiresOn: caExpireOn })),
  ];
}
