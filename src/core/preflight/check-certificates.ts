import type { ClusterSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';
import { daysBetween, isIsoDate } from '../releases/index.js';

// kubeadm certificates on control-plane nodes. `kubeadm upgrade` renews the leaf certificates of
// the node it upgrades (unless --certificate-renewal=false), never the CAs; one that runs out
// before the upgrade reaches its node takes that node's components down.

const CA = /(^|[-/])ca$/;

export interface CertificateOptions {
  /** YYYY-MM-DD. */
  readonly today: string;
  /** When the upgrade is expected to be over, YYYY-MM-DD; today when not known. */
  readonly estimatedEnd?: string;
  /** Warn about certificates expiring within this many days. */
  readonly warningDays?: number;
}

export function checkCertificates(cluster: ClusterSnapshot, options: CertificateOptions): Finding[] {
  const { today } = options;
  const end = options.estimatedEnd ?? today;
  const warningDays = options.warningDays ?? 30;
  const findings: Finding[] = [];
  for (const node of cluster.nodes) {
    for (const cert of node.certificates ?? []) {
      if (!isIsoDate(cert.expiresOn)) continue;
      const ca = CA.test(cert.name);
      const subject = `node/${node.name} ${cert.name}`;
      const renew = ca
        ? `kubeadm does not renew a CA: rotate it by hand (kubernetes.io: "Manual certificate renewal", "Certificate Management with kubeadm")`
        : `renew it first: kubeadm certs renew ${cert.name} on ${node.name}, then restart the control-plane static pods`;
      const left = daysBetween(today, cert.expiresOn);
      if (left <= 0) {
        findings.push({ code: 'CERTIFICATE_EXPIRED', severity: 'blocking', subject, message: `certificate ${cert.name} on ${node.name} expired on ${cert.expiresOn}: clients and components using it are refused — ${renew}` });
      } else if (daysBetween(cert.expiresOn, end) >= 0) {
        findings.push({ code: 'CERTIFICATE_EXPIRES_DURING_UPGRADE', severity: 'overridable', subject, message: `certificate ${cert.name} on ${node.name} expires on ${cert.expiresOn}, before the upgrade is expected to end on ${end} — ${renew}` });
      } else if (left <= warningDays) {
        findings.push(
          ca
            ? { code: 'CERTIFICATE_EXPIRES_SOON', severity: 'overridable', subject, message: `CA ${cert.name} on ${node.name} expires on ${cert.expiresOn}, in ${left} days — ${renew}` }
            : { code: 'CERTIFICATE_EXPIRES_SOON', severity: 'info', subject, message: `certificate ${cert.name} on ${node.name} expires on ${cert.expiresOn}, in ${left} days: kubeadm upgrade renews it when it upgrades ${node.name}, unless run with --certificate-renewal=false` },
        );
      }
    }
  }
  return findings;
}
