import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdmissionWebhook, ClusterSnapshot } from '../cluster/index.js';
import { checkWebhooks, upgradeWritesIntercepted } from './check-webhooks.js';

const cluster: ClusterSnapshot = { name: 'c', nodes: [], addons: {}, etcd: 'local', workloads: [], pods: [], pdbs: [] };
const down: AdmissionWebhook = {
  kind: 'ValidatingWebhookConfiguration',
  configuration: 'policy',
  name: 'check.policy.example',
  failurePolicy: 'Fail',
  service: { namespace: 'policy', name: 'webhook' },
  serviceReady: false,
};
const start = 'webhook check.policy.example of ValidatingWebhookConfiguration policy calls service policy/webhook, which has no ready endpoint, and fails closed (failurePolicy: Fail): the API server refuses';
const fix = 'bring policy/webhook back, or set failurePolicy: Ignore until the upgrade is over';

describe('checkWebhooks', () => {
  const cases: { name: string; hook: AdmissionWebhook; severity?: string; message?: string }[] = [
    { name: 'stays silent about a webhook whose service is ready', hook: { ...down, serviceReady: true } },
    { name: 'stays silent about a webhook that fails open', hook: { ...down, failurePolicy: 'Ignore' } },
    { name: 'stays silent when nobody looked at the service', hook: { kind: down.kind, configuration: 'policy', name: down.name, failurePolicy: 'Fail', service: { namespace: 'policy', name: 'webhook' } } },
    { name: 'stays silent about a webhook without rules, which intercepts nothing', hook: { ...down, resources: [] } },
    { name: 'stays silent about a webhook called by URL', hook: { kind: down.kind, configuration: 'policy', name: down.name, failurePolicy: 'Fail', serviceReady: false } },
    {
      name: 'blocks on a webhook on pods: drained pods are never recreated',
      hook: { ...down, resources: ['pods'] },
      severity: 'blocking',
      message: `${start} its requests on pods, which keeps drained pods from being recreated and fails kubeadm\'s upgrade health check, whose Job cannot start its pod — ${fix}`,
    },
    {
      name: 'blocks on a webhook on the eviction subresource: the drain itself is refused',
      hook: { ...down, resources: ['pods/eviction'] },
      severity: 'blocking',
      message: `${start} its requests on pods/eviction, which refuses the evictions a drain makes — ${fix}`,
    },
    {
      name: "blocks on a webhook on jobs: kubeadm's health-check Job cannot be created",
      hook: { ...down, resources: ['jobs'] },
      severity: 'blocking',
      message: `${start} its requests on jobs, which fails kubeadm's upgrade health check, whose Job cannot be created — ${fix}`,
    },
    {
      name: 'blocks on a webhook on configmaps: kubeadm cannot write its configuration',
      hook: { ...down, resources: ['configmaps', 'ingresses'] },
      severity: 'blocking',
      message: `${start} its requests on configmaps, which makes kubeadm upgrade apply fail when it writes the cluster's configuration and addons — ${fix}`,
    },
    {
      name: 'warns only about a webhook on resources the upgrade never writes',
      hook: { ...down, resources: ['ingresses', 'certificates'] },
      severity: 'overridable',
      message: `${start} every write of ingresses, certificates meanwhile; the upgrade itself writes none of them — ${fix}`,
    },
    {
      name: 'blocks on a webhook whose rules were not observed, saying what it may break',
      hook: down,
      severity: 'blocking',
      message: `${start} every request it intercepts, which may be the evictions a drain makes, the pods it needs recreated or kubeadm's own writes — ${fix}`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const findings = checkWebhooks({ ...cluster, webhooks: [c.hook] });
      if (c.severity === undefined) return assert.deepEqual(findings, []);
      assert.deepEqual(findings, [{ code: 'WEBHOOK_UNAVAILABLE', severity: c.severity, subject: 'ValidatingWebhookConfiguration policy', message: c.message }]);
    });
  }
});

describe('upgradeWritesIntercepted', () => {
  const cases: { rules: string[]; includes: string[]; excludes: string[] }[] = [
    { rules: ['*'], includes: ['pods', 'configmaps', 'nodes'], excludes: ['pods/eviction', 'nodes/status'] },
    { rules: ['*/*'], includes: ['pods', 'pods/eviction', 'nodes/status'], excludes: [] },
    { rules: ['pods/*'], includes: ['pods/eviction', 'pods/status'], excludes: ['pods'] },
    { rules: ['*/status'], includes: ['pods/status', 'nodes/status'], excludes: ['pods', 'pods/eviction'] },
  ];
  for (const c of cases) {
    it(`reads rule ${c.rules.join(', ')} with Kubernetes' wildcard semantics`, () => {
      const hit = upgradeWritesIntercepted({ ...down, resources: c.rules });
      for (const r of c.includes) assert.ok(hit.includes(r), `${r} should be intercepted`);
      for (const r of c.excludes) assert.ok(!hit.includes(r), `${r} should not be intercepted`);
    });
  }
});
