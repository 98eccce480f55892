import type { AdmissionWebhook } from '../../core/cluster/index.js';
import type { SimState } from './sim-state.js';

// The snapshot's admission webhooks, as the API server applies them to the requests the
// simulation makes. Only one kind matters to an upgrade: a webhook that fails closed
// (failurePolicy: Fail) while its service has no ready endpoint (serviceReady observed false).
// The API server then refuses every request it intercepts. A webhook's service stays as the
// snapshot observed it for the whole run.
//
// Modelled requests: pod creation by the workload controllers and kubeadm's health-check Job
// ("pods", "jobs"), evictions ("pods/eviction") and kubeadm's ClusterConfiguration upload
// ("configmaps"). Not modelled: deletions, pod and node status updates, leases.

/** Kubernetes rule semantics: "*" is every resource but no subresource, "*\/*" everything, "pods/*" every subresource of pods. */
function ruleMatches(rule: string, resource: string): boolean {
  const [ruleBase, ruleSub] = rule.split('/', 2);
  const [base, sub] = resource.split('/', 2);
  if (ruleBase !== '*' && ruleBase !== base) return false;
  if (ruleSub === '*' && ruleBase === '*') return true;
  if (ruleSub === undefined || sub === undefined) return ruleSub === sub;
  return ruleSub === '*' || ruleSub === sub;
}

/** The first webhook that refuses requests on `resource` ("pods", "pods/eviction", "configmaps"), if any. */
export function refusingWebhook(state: SimState, resource: string): AdmissionWebhook | undefined {
  return state.meta.observed.webhooks?.find(
    (hook) =>
      hook.failurePolicy === 'Fail' &&
      hook.service !== undefined &&
      hook.serviceReady === false &&
      // Rules not observed: assume the webhook intercepts everything.
      (hook.resources === undefined || hook.resources.some((rule) => ruleMatches(rule, resource))),
  );
}

/** The API server's answer when the webhook cannot be called, as clients print it. */
export function webhookRefusal(hook: AdmissionWebhook): string {
  const service = hook.service ?? { namespace: 'default', name: 'webhook' };
  return (
    `Internal error occurred: failed calling webhook "${hook.name}": failed to call webhook: ` +
    `Post "https://${service.name}.${service.namespace}.svc:443/?timeout=10s": no endpoints available for service "${service.name}"`
  );
}
