import { webhookIntercepts, webhookRefuses, type AdmissionWebhook, type ClusterSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';
import { nameList } from './name-list.js';

// A webhook that fails closed while nothing answers it refuses every request it intercepts. What
// that breaks depends on its rules: pods (drained pods are never recreated), pods/eviction (the
// drain itself), the objects kubeadm writes (its health-check Job, configmaps, RBAC, the CoreDNS
// Deployment and the kube-proxy DaemonSet), nodes and leases (kubelets and cordons). Rules on anything else do not
// stop the upgrade, though the operator's own deployments of those kinds fail meanwhile.

/** What an upgrade writes, as rule resources name it: "base" or "base/subresource". */
const UPGRADE_WRITES = [
  'pods', 'pods/eviction', 'pods/status', 'pods/binding', 'nodes', 'nodes/status', 'leases',
  'configmaps', 'secrets', 'serviceaccounts', 'services', 'endpoints', 'endpointslices',
  'deployments', 'replicasets', 'daemonsets', 'statefulsets', 'controllerrevisions', 'jobs',
  'clusterroles', 'clusterrolebindings', 'roles', 'rolebindings',
];

/** The upgrade's writes the webhook intercepts; every one of them when its rules were not observed. */
export function upgradeWritesIntercepted(hook: AdmissionWebhook): string[] {
  return UPGRADE_WRITES.filter((resource) => webhookIntercepts(hook, resource));
}

export function checkWebhooks(cluster: ClusterSnapshot): Finding[] {
  return (cluster.webhooks ?? []).flatMap((hook): Finding[] => {
    if (!webhookRefuses(hook)) return [];
    // A webhook without rules intercepts nothing.
    if (hook.resources !== undefined && hook.resources.length === 0) return [];
    const service = `${hook.service.namespace}/${hook.service.name}`;
    const subject = `${hook.kind} ${hook.configuration}`;
    const start = `webhook ${hook.name} of ${hook.kind} ${hook.configuration} calls service ${service}, which has no ready endpoint, and fails closed (failurePolicy: Fail)`;
    const fix = `bring ${service} back, or set failurePolicy: Ignore until the upgrade is over`;
    if (hook.resources === undefined) {
      return [{ code: 'WEBHOOK_UNAVAILABLE', severity: 'blocking', subject, message: `${start}: the API server refuses every request it intercepts, which may be the evictions a drain makes, the pods it needs recreated or kubeadm's own writes — ${fix}` }];
    }
    const hit = upgradeWritesIntercepted(hook);
    if (hit.length === 0) {
      const what = nameList(hook.resources, 4);
      return [{ code: 'WEBHOOK_UNAVAILABLE', severity: 'overridable', subject, message: `${start}: the API server refuses every write of ${what} meanwhile; the upgrade itself writes none of them — ${fix}` }];
    }
    const effects: string[] = [];
    if (hit.includes('pods/eviction')) effects.push('refuses the evictions a drain makes');
    if (hit.includes('pods')) effects.push("keeps drained pods from being recreated and fails kubeadm's upgrade health check, whose Job cannot start its pod");
    else if (hit.includes('jobs')) effects.push("fails kubeadm's upgrade health check, whose Job cannot be created");
    if (hit.some((r) => ['configmaps', 'clusterroles', 'clusterrolebindings', 'roles', 'rolebindings', 'deployments', 'daemonsets', 'serviceaccounts', 'secrets'].includes(r))) effects.push("makes kubeadm upgrade apply fail when it writes the cluster's configuration and addons");
    if (hit.some((r) => r.startsWith('nodes') || r === 'leases')) effects.push('keeps kubelets and cordons from updating their nodes');
    const consequence = effects.length > 0 ? effects.join(', ') : 'breaks writes the upgrade makes';
    return [{ code: 'WEBHOOK_UNAVAILABLE', severity: 'blocking', subject, message: `${start}: the API server refuses its requests on ${nameList(hit, 4)}, which ${consequence} — ${fix}` }];
  });
}
