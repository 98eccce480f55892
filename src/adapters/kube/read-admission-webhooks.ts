import type { AdmissionWebhook } from '../../core/cluster/index.js';
import { ClusterApiError } from '../../core/errors.js';
import type { KubeHttp } from './kube-http.js';
import { listAll } from './list-all.js';

// The cluster's admission webhooks and whether the service behind each one answers, for the
// preflight check that a fail-closed webhook with nobody behind it would block the drain.
// admissionregistration.k8s.io/v1 since v1.16; v1beta1 (served up to v1.21) is the fallback.

type WebhookKind = AdmissionWebhook['kind'];

interface KubeWebhook {
  readonly name?: string;
  readonly failurePolicy?: string;
  readonly rules?: readonly { readonly resources?: readonly string[] }[];
  readonly clientConfig?: { readonly service?: { readonly namespace?: string; readonly name?: string }; readonly url?: string };
}

export interface KubeWebhookConfiguration {
  readonly metadata: { readonly name: string };
  readonly webhooks?: readonly KubeWebhook[];
}

export interface KubeEndpoints {
  readonly subsets?: readonly { readonly addresses?: readonly unknown[]; readonly notReadyAddresses?: readonly unknown[] }[];
}

export interface AdmissionWebhooks {
  readonly webhooks: AdmissionWebhook[];
  /** What could not be read (no permission, an unexpected answer), one sentence each. */
  readonly problems: string[];
}

const VERSIONS = ['v1', 'v1beta1'] as const;
const RESOURCES: Readonly<Record<WebhookKind, string>> = {
  ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
  MutatingWebhookConfiguration: 'mutatingwebhookconfigurations',
};

/**
 * What a webhook's rules intercept: the union of their resources as written ("*", "pods/eviction"
 * stay as they are; the preflight check knows the matching rules). No rules: it intercepts nothing.
 */
export function resourcesOfRules(rules: KubeWebhook['rules']): string[] {
  return [...new Set((rules ?? []).flatMap((rule) => rule.resources ?? []))];
}

/** The webhooks of one configuration object; serviceReady is left for the caller to observe. */
export function webhooksOfConfiguration(kind: WebhookKind, apiVersion: 'v1' | 'v1beta1', configuration: KubeWebhookConfiguration): AdmissionWebhook[] {
  // The defaults differ by version: v1 fails closed, v1beta1 failed open.
  const fallback = apiVersion === 'v1' ? 'Fail' : 'Ignore';
  return (configuration.webhooks ?? []).map((hook) => {
    const policy = hook.failurePolicy === 'Fail' || hook.failurePolicy === 'Ignore' ? hook.failurePolicy : fallback;
    const service = hook.clientConfig?.service;
    return {
      kind,
      configuration: configuration.metadata.name,
      name: hook.name ?? '',
      failurePolicy: policy,
      resources: resourcesOfRules(hook.rules),
      ...(service?.name ? { service: { namespace: service.namespace ?? 'default', name: service.name } } : {}),
    };
  });
}

/** True when the Endpoints object lists at least one ready address (notReadyAddresses do not count). */
export function endpointsReady(endpoints: KubeEndpoints): boolean {
  return (endpoints.subsets ?? []).some((s) => (s.addresses ?? []).length > 0);
}

async function listConfigurations(http: KubeHttp, kind: WebhookKind): Promise<AdmissionWebhook[]> {
  const resource = RESOURCES[kind];
  for (const version of VERSIONS) {
    try {
      const { items } = await listAll<KubeWebhookConfiguration>(http, {
        method: 'GET',
        path: `/apis/admissionregistration.k8s.io/${version}/${resource}`,
        action: `list ${resource}`,
        rbac: { verb: 'list', resource, group: 'admissionregistration.k8s.io' },
      });
      return items.flatMap((item) => webhooksOfConfiguration(kind, version, item));
    } catch (error) {
      // 404: this version is not served; try the older one.
      if (error instanceof ClusterApiError && error.isNotFound()) continue;
      throw error;
    }
  }
  return [];
}

async function serviceReady(http: KubeHttp, service: { namespace: string; name: string }): Promise<boolean> {
  try {
    const endpoints = await http.request<KubeEndpoints>({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(service.namespace)}/endpoints/${encodeURIComponent(service.name)}`,
      action: `read endpoints ${service.namespace}/${service.name}`,
      rbac: { verb: 'get', resource: 'endpoints', namespace: service.namespace },
    });
    return endpointsReady(endpoints);
  } catch (error) {
    if (error instanceof ClusterApiError && error.isNotFound()) return false;
    throw error;
  }
}

/** Every validating and mutating webhook, with whether its service has a ready endpoint. */
export async function readAdmissionWebhooks(http: KubeHttp): Promise<AdmissionWebhooks> {
  const problems: string[] = [];
  const found: AdmissionWebhook[] = [];
  for (const kind of Object.keys(RESOURCES) as WebhookKind[]) {
    try {
      found.push(...(await listConfigurations(http, kind)));
    } catch (error) {
      problems.push(`failed to list ${RESOURCES[kind]}: ${(error as Error).message}`);
    }
  }
  // Several webhooks often share one service: ask about each service once.
  const readiness = new Map<string, boolean | undefined>();
  for (const hook of found) {
    if (!hook.service) continue;
    const key = `${hook.service.namespace}/${hook.service.name}`;
    if (readiness.has(key)) continue;
    try {
      readiness.set(key, await serviceReady(http, hook.service));
    } catch (error) {
      readiness.set(key, undefined);
      problems.push(`failed to read endpoints of webhook service ${key}: ${(error as Error).message}`);
    }
  }
  const webhooks = found.map((hook) => {
    const ready = hook.service ? readiness.get(`${hook.service.namespace}/${hook.service.name}`) : undefined;
    return ready === undefined ? hook : { ...hook, serviceReady: ready };
  });
  return { webhooks, problems };
}
