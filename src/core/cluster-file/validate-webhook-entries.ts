import type { AdmissionWebhook } from '../cluster/cluster-snapshot.js';
import { describeValue, type DocumentChecker, type FieldPath, type Fields } from './document-checker.js';

// The webhooks[] section: admission webhooks as admissionregistration.k8s.io/v1 describes them, and
// whether the service behind each has a ready endpoint, for preflight.

export const WEBHOOK_KINDS: readonly AdmissionWebhook['kind'][] = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];
const WEBHOOK_FIELDS = ['kind', 'configuration', 'name', 'failurePolicy', 'service', 'serviceReady', 'resources'];
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Service names are RFC 1035 labels: they start with a letter. */
const SERVICE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** As rules name them: "pods", "pods/eviction", "pods/*", "*", "*\/*". */
const RESOURCE = /^(\*|[a-z][a-z0-9-]*)(\/(\*|[a-z][a-z0-9-]*))?$/;

/** How a cluster file writes one. */
export interface WebhookEntry {
  readonly kind: AdmissionWebhook['kind'];
  readonly configuration: string;
  readonly name: string;
  /** Default Fail, as in admissionregistration.k8s.io/v1. */
  readonly failurePolicy?: AdmissionWebhook['failurePolicy'];
  readonly service?: { readonly namespace: string; readonly name: string };
  readonly serviceReady?: boolean;
  readonly resources?: readonly string[];
}

function readService(check: DocumentChecker, fields: Fields, path: FieldPath): AdmissionWebhook['service'] | undefined {
  const servicePath = [...path, 'service'];
  const service = check.mapping(fields.service, servicePath, ['namespace', 'name']);
  if (!service || fields.service === undefined || fields.service === null) return undefined;
  const namespace = check.string(service, 'namespace', servicePath, 'missing namespace; name the service as {namespace: ..., name: ...}');
  const name = check.string(service, 'name', servicePath, 'missing name; name the service as {namespace: ..., name: ...}');
  const namespaceOk = namespace !== undefined && DNS_LABEL.test(namespace);
  const nameOk = name !== undefined && SERVICE_NAME.test(name);
  if (namespace !== undefined && !namespaceOk) {
    check.fail([...servicePath, 'namespace'], `invalid namespace "${namespace}": use lowercase letters, digits and "-" (at most 63)`);
  }
  if (name !== undefined && !nameOk) {
    check.fail([...servicePath, 'name'], `invalid service name "${name}": use lowercase letters, digits and "-", starting with a letter (at most 63)`);
  }
  return namespaceOk && nameOk ? { namespace, name } : undefined;
}

function readResources(check: DocumentChecker, value: unknown, path: FieldPath): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    return check.fail(path, `must be a list of the resources its rules name, such as [pods, "pods/eviction"], found ${describeValue(value)}`);
  }
  let ok = true;
  const resources = value.map((item: unknown, i) => {
    if (typeof item === 'string' && RESOURCE.test(item)) return item;
    ok = false;
    check.fail([...path, i], `invalid resource ${describeValue(item)}: write it as a rule names it: pods, pods/eviction, "*" or "*/*" (quote the "*")`);
    return '';
  });
  return ok ? resources : undefined;
}

/** Every webhook the list describes, in file order. */
export function validateWebhookEntries(check: DocumentChecker, entries: readonly unknown[]): AdmissionWebhook[] {
  const webhooks: AdmissionWebhook[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = ['webhooks', index];
    const fields = check.mapping(entry, path, WEBHOOK_FIELDS);
    if (!fields) return;
    const kind = check.oneOf(fields, 'kind', path, WEBHOOK_KINDS, `missing kind; use ${WEBHOOK_KINDS.join(' or ')}`);
    const configuration = check.string(fields, 'configuration', path, `missing configuration; give the name of the ${kind ?? 'webhook configuration'} holding the webhook`);
    if (configuration !== undefined && !DNS_NAME.test(configuration)) {
      check.fail([...path, 'configuration'], `invalid configuration name "${configuration}": use lowercase letters, digits, "-" and "." (a DNS name)`);
    }
    const name = check.string(fields, 'name', path, 'missing name; give the webhook’s name inside its configuration, e.g. validate.policy.example.com');
    if (name !== undefined && !(DNS_NAME.test(name) && name.split('.').length >= 3)) {
      check.fail([...path, 'name'], `invalid webhook name "${name}": a webhook name is a fully qualified domain name with at least three parts, e.g. validate.policy.example.com`);
    }
    const failurePolicy = check.oneOf(fields, 'failurePolicy', path, ['Fail', 'Ignore'] as const) ?? 'Fail';
    const service = readService(check, fields, path);
    const serviceReady = check.boolean(fields, 'serviceReady', path);
    const given = (key: string) => fields[key] !== undefined && fields[key] !== null;
    if (serviceReady !== undefined && !given('service')) {
      check.fail([...path, 'serviceReady'], 'a webhook without service is called by URL and has no service to be ready; add service: {namespace, name} or remove serviceReady');
    }
    const resources = readResources(check, fields.resources, [...path, 'resources']);
    if (kind === undefined || configuration === undefined || name === undefined) return;
    const key = `${kind} ${configuration} ${name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      check.fail([...path, 'name'], `webhook ${name} of ${kind} ${configuration} is already listed as webhooks.${earlier}; webhook names are unique within a configuration`);
      return;
    }
    seen.set(key, index);
    webhooks.push({
      kind,
      configuration,
      name,
      failurePolicy,
      ...(service ? { service } : {}),
      ...(serviceReady !== undefined ? { serviceReady } : {}),
      ...(resources ? { resources } : {}),
    });
  });
  return webhooks;
}
