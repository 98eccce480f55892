import type { AdmissionWebhook } from './cluster-snapshot.js';

// How the API server applies an admission webhook, for preflight's judgement and for the
// simulator's refusals alike.

/** Kubernetes rule semantics: "*" is every resource but no subresource, "*\/*" everything, "pods/*" every subresource of pods. */
export function webhookRuleMatches(rule: string, resource: string): boolean {
  const [ruleBase, ruleSub] = rule.split('/', 2);
  const [base, sub] = resource.split('/', 2);
  if (ruleBase !== '*' && ruleBase !== base) return false;
  if (ruleBase === '*' && ruleSub === '*') return true;
  if (ruleSub === undefined || sub === undefined) return ruleSub === sub;
  return ruleSub === '*' || ruleSub === sub;
}

/** Whether the webhook intercepts requests on `resource` ("pods", "pods/eviction"); rules not observed count as everything. */
export function webhookIntercepts(hook: AdmissionWebhook, resource: string): boolean {
  return hook.resources === undefined || hook.resources.some((rule) => webhookRuleMatches(rule, resource));
}

/** A webhook called through an in-cluster service. */
export type ServiceWebhook = AdmissionWebhook & { readonly service: NonNullable<AdmissionWebhook['service']> };

/** Fails closed while its service was observed without a ready endpoint: the API server refuses what it intercepts. */
export function webhookRefuses(hook: AdmissionWebhook): hook is ServiceWebhook {
  return hook.failurePolicy === 'Fail' && hook.service !== undefined && hook.serviceReady === false;
}
