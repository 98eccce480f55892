import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from './document-checker.js';
import { errorsOf, snapshotOf } from '../../../test/builders/validated-document.js';

type Doc = Record<string, unknown>;

const cp = { name: 'cp-1', role: 'control-plane', kubelet: 'v1.32.9' };

function cluster(nodes: readonly Doc[], extra: Doc = {}): Doc {
  return { kind: 'Cluster', apiVersion: 'kubehop/v1', name: 'lab', nodes, ...extra };
}


const nodesOf = (doc: unknown) => snapshotOf(doc).nodes;

const DATE_HINT = 'must be a calendar date written YYYY-MM-DD, e.g. 2026-09-15; found';

describe('certificates in a cluster file are refused when written wrongly', () => {
  const cases: { name: string; certificates: unknown; errors: FieldError[]; role?: string }[] = [
    {
      name: 'certificates on a worker',
      role: 'worker',
      certificates: { expireOn: '2026-09-01' },
      errors: [{ path: ['nodes', 0, 'certificates'], message: "kubeadm's certificates live on control-plane nodes; remove certificates or set role: control-plane" }],
    },
    {
      name: 'certificates that are neither a list nor the shorthand',
      certificates: 'soon',
      errors: [{ path: ['nodes', 0, 'certificates'], message: 'must be a list of {name, expiresOn} or {expireOn: YYYY-MM-DD} for every certificate at once, found "soon"' }],
    },
    {
      name: 'a name kubeadm does not use, with the nearest one',
      certificates: [{ name: 'apiserver-kubelet', expiresOn: '2026-09-01' }],
      errors: [{ path: ['nodes', 0, 'certificates', 0, 'name'], message: 'unknown certificate "apiserver-kubelet"; did you mean "apiserver-kubelet-client"?' }],
    },
    {
      name: 'a name far from any of kubeadm’s, listing them',
      certificates: [{ name: 'x509', expiresOn: '2026-09-01' }],
      errors: [{
        path: ['nodes', 0, 'certificates', 0, 'name'],
        message: "unknown certificate \"x509\"; kubeadm's are admin.conf, apiserver, apiserver-etcd-client, apiserver-kubelet-client, controller-manager.conf, etcd-healthcheck-client, etcd-peer, etcd-server, front-proxy-client, scheduler.conf, super-admin.conf, ca, etcd-ca, front-proxy-ca",
      }],
    },
    {
      name: 'dates that are not real or not YYYY-MM-DD',
      certificates: [{ name: 'apiserver', expiresOn: '2026-02-30' }, { name: 'ca', expiresOn: '2026-9-1' }, { name: 'etcd-ca', expiresOn: 20260901 }],
      errors: [
        { path: ['nodes', 0, 'certificates', 0, 'expiresOn'], message: `${DATE_HINT} "2026-02-30"` },
        { path: ['nodes', 0, 'certificates', 1, 'expiresOn'], message: `${DATE_HINT} "2026-9-1"` },
        { path: ['nodes', 0, 'certificates', 2, 'expiresOn'], message: `${DATE_HINT} 20260901` },
      ],
    },
    {
      name: 'an entry without name or date, and one listed twice',
      certificates: [{ expiresOn: '2026-09-01' }, { name: 'etcd-server' }, { name: 'apiserver', expiresOn: '2026-09-01' }, { name: 'apiserver', expiresOn: '2026-10-01' }],
      errors: [
        { path: ['nodes', 0, 'certificates', 0, 'name'], message: 'missing name; use the name kubeadm certs check-expiration prints, e.g. apiserver' },
        { path: ['nodes', 0, 'certificates', 1, 'expiresOn'], message: 'missing expiresOn; add the day it expires, e.g. expiresOn: 2026-09-15' },
        { path: ['nodes', 0, 'certificates', 3, 'name'], message: 'certificate apiserver is already listed as certificates.2; list each once' },
      ],
    },
    {
      name: 'the shorthand written with the list’s field name',
      certificates: { expiresOn: '2026-09-01' },
      errors: [
        { path: ['nodes', 0, 'certificates', 'expiresOn'], message: 'unknown field "expiresOn"; did you mean "expireOn"?' },
        { path: ['nodes', 0, 'certificates', 'expireOn'], message: 'missing expireOn; give the day the certificates expire, e.g. expireOn: 2026-09-15, or list them one by one' },
      ],
    },
    {
      name: 'a single named certificate not put in a list',
      certificates: { name: 'ca', expiresOn: '2026-09-01' },
      errors: [{ path: ['nodes', 0, 'certificates'], message: 'certificates named one by one form a list: certificates: [{name: apiserver, expiresOn: 2026-09-15}]' }],
    },
    {
      name: 'a CA date that is no date',
      certificates: { expireOn: '2026-09-01', caExpireOn: '2035-13-01' },
      errors: [{ path: ['nodes', 0, 'certificates', 'caExpireOn'], message: `${DATE_HINT} "2035-13-01"` }],
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const node = { ...cp, role: c.role ?? 'control-plane', certificates: c.certificates };
      const nodes = c.role === 'worker' ? [node, { ...cp, name: 'cp-2' }] : [node];
      assert.deepEqual(errorsOf(cluster(nodes)), c.errors);
    });
  }
});

describe('certificates in a cluster file become the control-plane nodes’ certificates', () => {
  it('keeps a list as written', () => {
    const [node] = nodesOf(cluster([{ ...cp, certificates: [{ name: 'apiserver', expiresOn: '2026-09-01' }, { name: 'front-proxy-ca', expiresOn: '2034-01-31' }] }]));
    assert.deepEqual(node?.certificates, [{ name: 'apiserver', expiresOn: '2026-09-01' }, { name: 'front-proxy-ca', expiresOn: '2034-01-31' }]);
  });

  it('leaves certificates out when not given, so they stay unobserved', () => {
    const [node] = nodesOf(cluster([cp]));
    assert.equal('certificates' in (node ?? {}), false);
  });

  const shorthand: { name: string; entry: Doc; etcd?: string; expected: Record<string, string[]> }[] = [
    {
      name: 'every leaf and kubeconfig on one day and the CAs ten years later, with local etcd at v1.32',
      entry: { ...cp, certificates: { expireOn: '2026-09-01' } },
      expected: {
        '2026-09-01': [
          'admin.conf', 'apiserver', 'apiserver-etcd-client', 'apiserver-kubelet-client', 'controller-manager.conf',
          'etcd-healthcheck-client', 'etcd-peer', 'etcd-server', 'front-proxy-client', 'scheduler.conf', 'super-admin.conf',
        ],
        '2036-09-01': ['ca', 'etcd-ca', 'front-proxy-ca'],
      },
    },
    {
      name: 'no etcd certificates with external etcd and no super-admin.conf before kubeadm v1.29',
      etcd: 'external',
      entry: { ...cp, kubelet: 'v1.28.15', certificates: { expireOn: '2026-09-01', caExpireOn: '2030-01-15' } },
      expected: {
        '2026-09-01': ['admin.conf', 'apiserver', 'apiserver-kubelet-client', 'controller-manager.conf', 'front-proxy-client', 'scheduler.conf'],
        '2030-01-15': ['ca', 'front-proxy-ca'],
      },
    },
    {
      name: 'super-admin.conf decided by the node’s kubeadm, not its kubelet',
      entry: { ...cp, kubelet: 'v1.28.15', kubeadm: 'v1.29.0', certificates: { expireOn: '2026-09-01' } },
      expected: {
        '2026-09-01': [
          'admin.conf', 'apiserver', 'apiserver-etcd-client', 'apiserver-kubelet-client', 'controller-manager.conf',
          'etcd-healthcheck-client', 'etcd-peer', 'etcd-server', 'front-proxy-client', 'scheduler.conf', 'super-admin.conf',
        ],
        '2036-09-01': ['ca', 'etcd-ca', 'front-proxy-ca'],
      },
    },
    {
      name: 'CAs of a 29 February on 28 February ten years later',
      entry: { ...cp, certificates: { expireOn: '2028-02-29' } },
      expected: {
        '2028-02-29': [
          'admin.conf', 'apiserver', 'apiserver-etcd-client', 'apiserver-kubelet-client', 'controller-manager.conf',
          'etcd-healthcheck-client', 'etcd-peer', 'etcd-server', 'front-proxy-client', 'scheduler.conf', 'super-admin.conf',
        ],
        '2038-02-28': ['ca', 'etcd-ca', 'front-proxy-ca'],
      },
    },
  ];
  for (const c of shorthand) {
    it(`expands the shorthand into ${c.name}`, () => {
      const [node] = nodesOf(cluster([c.entry], c.etcd ? { etcd: c.etcd } : {}));
      const byDay: Record<string, string[]> = {};
      for (const cert of node?.certificates ?? []) (byDay[cert.expiresOn] ??= []).push(cert.name);
      assert.deepEqual(byDay, c.expected);
    });
  }

  it('gives every node of a count entry the same certificates', () => {
    const nodes = nodesOf(cluster([{ ...cp, name: 'cp', count: 2, certificates: [{ name: 'apiserver', expiresOn: '2026-09-01' }] }]));
    assert.deepEqual(nodes.map((n) => [n.name, n.certificates]), [
      ['cp-1', [{ name: 'apiserver', expiresOn: '2026-09-01' }]],
      ['cp-2', [{ name: 'apiserver', expiresOn: '2026-09-01' }]],
    ]);
  });
});
