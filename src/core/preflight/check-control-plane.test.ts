import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import type { ClusterSnapshot, PodSnapshot } from '../cluster/index.js';
import { checkControlPlane } from './check-control-plane.js';
import { checkWebhooks } from './check-webhooks.js';

const base = () => aCluster().withControlPlane('v1.32.9', 2).withWorkers('v1.32.9', 1).build();
const changePod = (cluster: ClusterSnapshot, name: string, change: Partial<PodSnapshot> | undefined): ClusterSnapshot => ({
  ...cluster,
  pods: cluster.pods.flatMap((p) => (p.name !== name ? [p] : change === undefined ? [] : [{ ...p, ...change }])),
});

describe('checkControlPlane', () => {
  const cases: { name: string; cluster: () => ClusterSnapshot; findings: { code: string; subject: string; message: string }[]; severity?: 'info' }[] = [
    { name: 'finds nothing wrong with a healthy control plane', cluster: base, findings: [] },
    {
      name: 'finds a control-plane node that is NotReady',
      cluster: () => aCluster().withControlPlane('v1.32.9', 2).withNode('cp-2', { role: 'control-plane', ready: false }).build(),
      findings: [{ code: 'CONTROL_PLANE_NODE_NOT_READY', subject: 'node/cp-2', message: "control-plane node cp-2 is NotReady: kubeadm's cluster health check refuses to upgrade while a control-plane node is NotReady — bring it back, or remove it from the cluster (kubeadm reset, kubectl delete node cp-2) first" }],
    },
    {
      name: 'finds a static pod that is not running',
      cluster: () => changePod(base(), 'kube-scheduler-cp-1', { phase: 'Pending', ready: false }),
      findings: [{ code: 'STATIC_POD_NOT_RUNNING', subject: 'node/cp-1 kube-scheduler', message: 'kube-scheduler is not running on cp-1 (its mirror pod kube-system/kube-scheduler-cp-1 is Pending): kubeadm upgrades a control plane only when its components are healthy — look at the kubelet log and /etc/kubernetes/manifests/kube-scheduler.yaml on cp-1' }],
    },
    {
      name: 'finds a static pod that runs but is not ready',
      cluster: () => changePod(base(), 'etcd-cp-2', { ready: false }),
      findings: [{ code: 'STATIC_POD_NOT_RUNNING', subject: 'node/cp-2 etcd', message: 'etcd is not running on cp-2 (its mirror pod kube-system/etcd-cp-2 is Running but not ready): kubeadm upgrades a control plane only when its components are healthy — look at the kubelet log and /etc/kubernetes/manifests/etcd.yaml on cp-2' }],
    },
    {
      name: 'tells a static pod still starting after a kubelet restart (containers up, not ready for less than its startup probes may take) as a note to wait',
      cluster: () => changePod(base(), 'kube-apiserver-cp-1', { ready: false, notReady: { forSeconds: 40, containersUp: true } }),
      severity: 'info',
      findings: [{ code: 'STATIC_POD_STARTING', subject: 'node/cp-1 kube-apiserver', message: 'kube-apiserver is starting on cp-1: its mirror pod kube-system/kube-apiserver-cp-1 runs its containers and has not been ready for 40s, within the 250s its startup probes may take (they run again after a kubelet restart) — wait until it is ready before upgrading; still not ready after 250s, it is down' }],
    },
    {
      name: 'finds a static pod down when it has been not ready for longer than its startup probes may take',
      cluster: () => changePod(base(), 'kube-apiserver-cp-1', { ready: false, notReady: { forSeconds: 251, containersUp: true } }),
      findings: [{ code: 'STATIC_POD_NOT_RUNNING', subject: 'node/cp-1 kube-apiserver', message: 'kube-apiserver is not running on cp-1 (its mirror pod kube-system/kube-apiserver-cp-1 is Running but not ready for 251s, longer than its startup probes may take): kubeadm upgrades a control plane only when its components are healthy — look at the kubelet log and /etc/kubernetes/manifests/kube-apiserver.yaml on cp-1' }],
    },
    {
      name: 'finds a static pod down when a container of it is not running, however recently it turned not ready',
      cluster: () => changePod(base(), 'kube-apiserver-cp-1', { ready: false, notReady: { forSeconds: 15, containersUp: false } }),
      findings: [{ code: 'STATIC_POD_NOT_RUNNING', subject: 'node/cp-1 kube-apiserver', message: 'kube-apiserver is not running on cp-1 (its mirror pod kube-system/kube-apiserver-cp-1 is Running but not ready, a container of it not running or exited in the 15s since): kubeadm upgrades a control plane only when its components are healthy — look at the kubelet log and /etc/kubernetes/manifests/kube-apiserver.yaml on cp-1' }],
    },
    {
      name: 'finds a static pod that is missing',
      cluster: () => changePod(base(), 'kube-apiserver-cp-2', undefined),
      findings: [{ code: 'STATIC_POD_NOT_RUNNING', subject: 'node/cp-2 kube-apiserver', message: 'kube-apiserver is not running on cp-2 (there is no mirror pod kube-system/kube-apiserver-cp-2): kubeadm upgrades a control plane only when its components are healthy — look at the kubelet log and /etc/kubernetes/manifests/kube-apiserver.yaml on cp-2' }],
    },
    {
      name: 'says nothing of static pods on a node whose mirror pods were not observed',
      cluster: () => ({ ...base(), pods: base().pods.filter((p) => !p.mirror) }),
      findings: [],
    },
    {
      name: 'finds an unhealthy etcd',
      cluster: () => ({ ...base(), etcdHealthy: false }),
      findings: [{ code: 'ETCD_UNHEALTHY', subject: 'etcd', message: 'the stacked etcd is not healthy: every control-plane hop restarts the API servers on it and kubeadm upgrades a local etcd member by member, which an unhealthy cluster may not survive — restore every member (etcdctl endpoint health --cluster) and take a snapshot first' }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const findings = checkControlPlane(c.cluster());
      assert.ok(findings.every((f) => f.severity === (c.severity ?? 'blocking')));
      assert.deepEqual(findings.map((f) => ({ code: f.code, subject: f.subject, message: f.message })), c.findings);
    });
  }
});

describe('checkWebhooks', () => {
  const hook = { kind: 'ValidatingWebhookConfiguration', configuration: 'gatekeeper', name: 'check.gatekeeper.sh', service: { namespace: 'gatekeeper-system', name: 'gatekeeper-webhook' } } as const;
  const cases: { name: string; webhook: NonNullable<ClusterSnapshot['webhooks']>[number]; findings: number }[] = [
    { name: 'finds a webhook that fails closed with no ready endpoint', webhook: { ...hook, failurePolicy: 'Fail', serviceReady: false }, findings: 1 },
    { name: 'lets a webhook that fails open be', webhook: { ...hook, failurePolicy: 'Ignore', serviceReady: false }, findings: 0 },
    { name: 'lets a webhook with a ready endpoint be', webhook: { ...hook, failurePolicy: 'Fail', serviceReady: true }, findings: 0 },
    { name: 'says nothing when the endpoints were not observed', webhook: { ...hook, failurePolicy: 'Fail' }, findings: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(checkWebhooks({ ...base(), webhooks: [c.webhook] }).length, c.findings));
  }
  it('names the webhook, its configuration and its service', () => {
    assert.deepEqual(checkWebhooks({ ...base(), webhooks: [{ ...hook, failurePolicy: 'Fail', serviceReady: false }] }), [
      {
        code: 'WEBHOOK_UNAVAILABLE',
        severity: 'blocking',
        subject: 'ValidatingWebhookConfiguration gatekeeper',
        message: 'webhook check.gatekeeper.sh of ValidatingWebhookConfiguration gatekeeper calls service gatekeeper-system/gatekeeper-webhook, which has no ready endpoint, and fails closed (failurePolicy: Fail): the API server refuses every request it intercepts, which may be the evictions a drain makes, the pods it needs recreated or kubeadm\'s own writes — bring gatekeeper-system/gatekeeper-webhook back, or set failurePolicy: Ignore until the upgrade is over',
      },
    ]);
  });
});
