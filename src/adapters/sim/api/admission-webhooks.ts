import { webhookIntercepts, webhookRefuses, type ServiceWebhook } from '../../../core/cluster/index.js';
import type { SimState } from '../state/sim-state.js';

// The snapshot's admission webhooks, as the API server applies them to the requests the
// simulation makes. Only one kind matters to an upgrade: a webhook that fails closed
// (failurePolicy: Fail) while its service has no ready endpoint (serviceReady observed false).
// The API server then refuses every request it intercepts. A webhook's service stays as the
// snapshot observed it for the whole run.
//
// Modelled requests: pod creation by the workload controllers and kubeadm's health-check Job
// ("pods", "jobs"), evictions ("pods/eviction") and kubeadm's ClusterConfiguration upload
// ("configmaps"). Not modelled: deletions, pod and node status updates, leases.

/** The first webhook that refuses requests on `resource` ("pods", "pods/eviction", "configmaps"), if any. */
export function refusingWebhook(state: SimState, resource: string): ServiceWebhook | undefined {
  return state.meta.observed.webhooks?.filter(webhookRefuses).find((hook) => webhookIntercepts(hook, resource));
}

/** The API server's answer when the webhook cannot be called, as clients print it. */
export function webhookRefusal(hook: ServiceWebhook): string {
  const { service } = hook;
  return (
    `Internal error occurred: failed calling webhook "${hook.name}": failed to call webhook: ` +
    `Post "https://${service.name}.${service.namespace}.svc:443/?timeout=10s": no endpoints available for service "${service.name}"`
  );
}
