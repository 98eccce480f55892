import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObservedObject } from '../cluster/index.js';
import type { PlanHop } from '../planning/index.js';
import { checkRemovedApis } from './check-removed-apis.js';
import type { RemovedApi, RemovedApiTable } from './removed-apis.js';

const removal = (apiVersion: string, kind: string, removedIn: number, extra: Partial<RemovedApi> = {}): RemovedApi => ({ apiVersion, kind, removedIn, unconfirmed: false, ...extra });
const TABLE: RemovedApiTable = {
  compiledOn: '2026-09-15',
  source: 'test',
  coversThrough: 37,
  removals: [
    removal('batch/v1beta1', 'CronJob', 25, { replacement: 'batch/v1', replacementSince: 21 }),
    removal('extensions/v1beta1', 'Ingress', 22, { replacement: 'networking.k8s.io/v1', replacementSince: 19 }),
    removal('policy/v1beta1', 'PodSecurityPolicy', 25, { note: 'use Pod Security Admission' }),
    removal('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', 26, { replacement: 'flowcontrol.apiserver.k8s.io/v1beta2', replacementSince: 23 }),
    removal('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', 29, { replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: 29 }),
    removal('scheduling.k8s.io/v1alpha1', 'PriorityClass', 22, { replacement: 'scheduling.k8s.io/v1', unconfirmed: true }),
  ],
};
/** v1.23 -> v1.24 -> v1.25 -> v1.26. */
const HOPS: PlanHop[] = [
  { index: 1, from: 'v1.23.17', version: 'v1.24.17' },
  { index: 2, from: 'v1.24.17', version: 'v1.25.16' },
  { index: 3, from: 'v1.25.16', version: 'v1.26.15' },
];
const object = (apiVersion: string, kind: string, source: ObservedObject['source'], namespace?: string): ObservedObject => ({ apiVersion, kind, name: 'thing', ...(namespace ? { namespace } : {}), source });
const FILE = { from: 'file', file: 'manifests/cron.yaml', line: 7 } as const;

describe('checkRemovedApis', () => {
  const cases: { name: string; object: ObservedObject; hops?: PlanHop[]; findings: { code: string; severity: string; subject: string; message: string }[] }[] = [
    {
      name: 'names the file and line, the hop that breaks it and the replacement',
      object: object('batch/v1beta1', 'CronJob', FILE, 'shop'),
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'CronJob shop/thing', message: 'CronJob shop/thing uses batch/v1beta1 at manifests/cron.yaml:7, which v1.25 no longer serves: hop 2 to v1.25.16 leaves it unreadable and unmanageable — change apiVersion to batch/v1 (served since v1.21)' }],
    },
    {
      name: 'tells a live object to move with its clients',
      object: object('batch/v1beta1', 'CronJob', { from: 'live' }, 'shop'),
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'CronJob shop/thing', message: 'CronJob shop/thing uses batch/v1beta1 as the API server serves it, which v1.25 no longer serves: hop 2 to v1.25.16 leaves it unreadable and unmanageable — move it and its clients to batch/v1 (served since v1.21)' }],
    },
    {
      name: 'tells an object applied with kubectl to be applied again',
      object: object('batch/v1beta1', 'CronJob', { from: 'last-applied' }, 'shop'),
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'CronJob shop/thing', message: 'CronJob shop/thing uses batch/v1beta1 in its kubectl.kubernetes.io/last-applied-configuration, which v1.25 no longer serves: hop 2 to v1.25.16 leaves it unreadable and unmanageable — apply it again with apiVersion batch/v1 (served since v1.21)' }],
    },
    {
      name: 'names the Helm release and revision',
      object: object('batch/v1beta1', 'CronJob', { from: 'helm', release: 'reports', revision: 4 }, 'shop'),
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'CronJob shop/thing', message: 'CronJob shop/thing uses batch/v1beta1 in Helm release reports revision 4, which v1.25 no longer serves: hop 2 to v1.25.16 leaves it unreadable and unmanageable — upgrade the release to a chart that uses batch/v1 (served since v1.21), or rewrite its stored manifest with helm-mapkubeapis' },
      ],
    },
    {
      name: 'says what to do when nothing replaces the API',
      object: object('policy/v1beta1', 'PodSecurityPolicy', FILE),
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'PodSecurityPolicy thing', message: 'PodSecurityPolicy thing uses policy/v1beta1 at manifests/cron.yaml:7, which v1.25 no longer serves: hop 2 to v1.25.16 leaves it unreadable and unmanageable — nothing replaces it: remove it; use Pod Security Admission' }],
    },
    {
      name: 'follows a replacement that a later hop removes as well',
      object: object('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', FILE),
      hops: [...HOPS, { index: 4, from: 'v1.26.15', version: 'v1.27.16' }, { index: 5, from: 'v1.27.16', version: 'v1.28.15' }, { index: 6, from: 'v1.28.15', version: 'v1.29.14' }],
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'FlowSchema thing', message: 'FlowSchema thing uses flowcontrol.apiserver.k8s.io/v1beta1 at manifests/cron.yaml:7, which v1.26 no longer serves: hop 3 to v1.26.15 leaves it unreadable and unmanageable — change apiVersion to flowcontrol.apiserver.k8s.io/v1beta2 (served since v1.23); flowcontrol.apiserver.k8s.io/v1beta2 is removed in v1.29 too: then flowcontrol.apiserver.k8s.io/v1' }],
    },
    {
      name: 'does not follow a replacement the plan does not reach the removal of',
      object: object('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', FILE),
      findings: [{ code: 'API_REMOVED', severity: 'blocking', subject: 'FlowSchema thing', message: 'FlowSchema thing uses flowcontrol.apiserver.k8s.io/v1beta1 at manifests/cron.yaml:7, which v1.26 no longer serves: hop 3 to v1.26.15 leaves it unreadable and unmanageable — change apiVersion to flowcontrol.apiserver.k8s.io/v1beta2 (served since v1.23)' }],
    },
    {
      name: 'lets an unconfirmed removal be overridden',
      object: object('scheduling.k8s.io/v1alpha1', 'PriorityClass', FILE),
      hops: [{ index: 1, from: 'v1.21.14', version: 'v1.22.17' }],
      findings: [{ code: 'API_REMOVED', severity: 'overridable', subject: 'PriorityClass thing', message: 'PriorityClass thing uses scheduling.k8s.io/v1alpha1 at manifests/cron.yaml:7, which v1.22 no longer serves: hop 1 to v1.22.17 leaves it unreadable and unmanageable — change apiVersion to scheduling.k8s.io/v1; this removal is unconfirmed: check the v1.22 release notes' }],
    },
    {
      name: 'mentions an API the cluster already stopped serving without blocking',
      object: object('extensions/v1beta1', 'Ingress', FILE, 'web'),
      findings: [{ code: 'API_ALREADY_REMOVED', severity: 'info', subject: 'Ingress web/thing', message: "Ingress web/thing uses extensions/v1beta1 at manifests/cron.yaml:7, which the cluster's v1.23 already no longer serves (removed in v1.22): change apiVersion to networking.k8s.io/v1 (served since v1.19)" }],
    },
    { name: 'says nothing of a removal after the target', object: object('batch/v1beta1', 'CronJob', FILE), hops: [{ index: 1, from: 'v1.23.17', version: 'v1.24.17' }], findings: [] },
    { name: 'says nothing of an API still served', object: object('batch/v1', 'CronJob', FILE), findings: [] },
    { name: 'says nothing when the plan has no hop', object: object('batch/v1beta1', 'CronJob', FILE), hops: [], findings: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(checkRemovedApis([c.object], TABLE, c.hops ?? HOPS), c.findings);
    });
  }
  it('says the table does not cover a target beyond the releases it was checked through', () => {
    const hops: PlanHop[] = [{ index: 1, from: 'v1.37.1', version: 'v1.38.0' }, { index: 2, from: 'v1.38.0', version: 'v1.39.0' }];
    assert.deepEqual(checkRemovedApis([], TABLE, hops), [
      {
        code: 'REMOVED_APIS_NOT_COVERED',
        severity: 'overridable',
        subject: 'v1.39',
        message: "kubehop's removed-API table (compiled 2026-09-15) was checked through v1.37, so it cannot tell which API versions v1.38 to v1.39 stop serving — read the Deprecated API Migration Guide and the release notes of v1.38 to v1.39 before applying",
      },
    ]);
    assert.deepEqual(checkRemovedApis([], TABLE, [{ index: 1, from: 'v1.36.5', version: 'v1.37.1' }]), []);
  });

});
