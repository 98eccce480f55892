import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { CertificateExpiry, ClusterSnapshot } from '../cluster/index.js';
import { checkCertificates } from './check-certificates.js';

const withCertificate = (cert: CertificateExpiry): ClusterSnapshot => {
  const cluster = aCluster().build();
  return { ...cluster, nodes: cluster.nodes.map((n) => (n.name === 'cp-1' ? { ...n, certificates: [cert] } : n)) };
};
const OPTIONS = { today: '2026-09-15', estimatedEnd: '2026-09-20' };

describe('checkCertificates', () => {
  const cases: { name: string; cert: CertificateExpiry; finding?: { code: string; severity: string; message: string } }[] = [
    { name: 'blocks on an expired certificate', cert: { name: 'apiserver', expiresOn: '2026-09-15' }, finding: { code: 'CERTIFICATE_EXPIRED', severity: 'blocking', message: 'certificate apiserver on cp-1 expired on 2026-09-15: clients and components using it are refused — renew it first: kubeadm certs renew apiserver on cp-1, then restart the control-plane static pods' } },
    { name: 'warns of a certificate that runs out before the upgrade ends', cert: { name: 'admin.conf', expiresOn: '2026-09-20' }, finding: { code: 'CERTIFICATE_EXPIRES_DURING_UPGRADE', severity: 'overridable', message: 'certificate admin.conf on cp-1 expires on 2026-09-20, before the upgrade is expected to end on 2026-09-20 — renew it first: kubeadm certs renew admin.conf on cp-1, then restart the control-plane static pods' } },
    { name: 'mentions a certificate the upgrade renews anyway', cert: { name: 'etcd-server', expiresOn: '2026-10-15' }, finding: { code: 'CERTIFICATE_EXPIRES_SOON', severity: 'info', message: 'certificate etcd-server on cp-1 expires on 2026-10-15, in 30 days: kubeadm upgrade renews it when it upgrades cp-1, unless run with --certificate-renewal=false' } },
    { name: 'warns of a CA expiring soon, which kubeadm never renews', cert: { name: 'front-proxy-ca', expiresOn: '2026-10-01' }, finding: { code: 'CERTIFICATE_EXPIRES_SOON', severity: 'overridable', message: 'CA front-proxy-ca on cp-1 expires on 2026-10-01, in 16 days — kubeadm does not renew a CA: rotate it by hand (kubernetes.io: "Manual certificate renewal", "Certificate Management with kubeadm")' } },
    { name: 'says nothing of a certificate good for longer', cert: { name: 'apiserver', expiresOn: '2026-10-16' } },
    { name: 'passes over a date it cannot read', cert: { name: 'apiserver', expiresOn: 'soon' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const expected = c.finding ? [{ ...c.finding, subject: `node/cp-1 ${c.cert.name}` }] : [];
      assert.deepEqual(checkCertificates(withCertificate(c.cert), OPTIONS), expected);
    });
  }
});
