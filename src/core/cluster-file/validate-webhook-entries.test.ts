import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from './document-checker.js';
import { errorsOf, snapshotOf } from '../../../test/builders/validated-document.js';

const cp = { name: 'cp-1', role: 'control-plane', kubelet: 'v1.32.9' };
const hook = { kind: 'ValidatingWebhookConfiguration', configuration: 'policy', name: 'validate.policy.example.com' };

function withWebhooks(webhooks: unknown): unknown {
  return { kind: 'Cluster', apiVersion: 'kubehop/v1', name: 'lab', nodes: [cp], webhooks };
}


const webhooksOf = (doc: unknown) => snapshotOf(doc).webhooks;

const RESOURCE_HINT = 'write it as a rule names it: pods, pods/eviction, "*" or "*/*" (quote the "*")';

describe('webhooks in a cluster file are refused when written wrongly', () => {
  const cases: { name: string; webhooks: unknown; errors: FieldError[] }[] = [
    {
      name: 'webhooks that are not a list',
      webhooks: 'none',
      errors: [{ path: ['webhooks'], message: 'must be a list (one "- " entry per item), found "none"' }],
    },
    {
      name: 'an entry missing what identifies it',
      webhooks: [{}],
      errors: [
        { path: ['webhooks', 0, 'kind'], message: 'missing kind; use ValidatingWebhookConfiguration or MutatingWebhookConfiguration' },
        { path: ['webhooks', 0, 'configuration'], message: 'missing configuration; give the name of the webhook configuration holding the webhook' },
        { path: ['webhooks', 0, 'name'], message: 'missing name; give the webhook’s name inside its configuration, e.g. validate.policy.example.com' },
      ],
    },
    {
      name: 'a clipped kind, bad names and a lowercase failure policy',
      webhooks: [{ kind: 'ValidatingWebhook', configuration: 'Policy', name: 'policy', failurePolicy: 'fail' }],
      errors: [
        { path: ['webhooks', 0, 'kind'], message: 'must be one of ValidatingWebhookConfiguration, MutatingWebhookConfiguration; found "ValidatingWebhook" (did you mean "ValidatingWebhookConfiguration"?)' },
        { path: ['webhooks', 0, 'configuration'], message: 'invalid configuration name "Policy": use lowercase letters, digits, "-" and "." (a DNS name)' },
        { path: ['webhooks', 0, 'name'], message: 'invalid webhook name "policy": a webhook name is a fully qualified domain name with at least three parts, e.g. validate.policy.example.com' },
        { path: ['webhooks', 0, 'failurePolicy'], message: 'must be one of Fail, Ignore; found "fail" (did you mean "Fail"?)' },
      ],
    },
    {
      name: 'an unknown field such as url',
      webhooks: [{ ...hook, url: 'https://policy.example.com' }],
      errors: [{ path: ['webhooks', 0, 'url'], message: 'unknown field "url"; known fields: kind, configuration, name, failurePolicy, service, serviceReady, resources' }],
    },
    {
      name: 'a service badly named or half named',
      webhooks: [{ ...hook, service: { namespace: 'Mesh', name: '1svc' } }, { ...hook, name: 'other.policy.example.com', service: { name: 'svc', port: 443 } }],
      errors: [
        { path: ['webhooks', 0, 'service', 'namespace'], message: 'invalid namespace "Mesh": use lowercase letters, digits and "-" (at most 63)' },
        { path: ['webhooks', 0, 'service', 'name'], message: 'invalid service name "1svc": use lowercase letters, digits and "-", starting with a letter (at most 63)' },
        { path: ['webhooks', 1, 'service', 'port'], message: 'unknown field "port"; known fields: namespace, name' },
        { path: ['webhooks', 1, 'service', 'namespace'], message: 'missing namespace; name the service as {namespace: ..., name: ...}' },
      ],
    },
    {
      name: 'serviceReady on a webhook called by URL',
      webhooks: [{ ...hook, serviceReady: false }],
      errors: [{ path: ['webhooks', 0, 'serviceReady'], message: 'a webhook without service is called by URL and has no service to be ready; add service: {namespace, name} or remove serviceReady' }],
    },
    {
      name: 'resources not written as rules name them',
      webhooks: [{ ...hook, resources: ['Pods', '*', 'pods/eviction', 7, 'pods/'] }, { ...hook, name: 'other.policy.example.com', resources: 'pods' }],
      errors: [
        { path: ['webhooks', 0, 'resources', 0], message: `invalid resource "Pods": ${RESOURCE_HINT}` },
        { path: ['webhooks', 0, 'resources', 3], message: `invalid resource 7: ${RESOURCE_HINT}` },
        { path: ['webhooks', 0, 'resources', 4], message: `invalid resource "pods/": ${RESOURCE_HINT}` },
        { path: ['webhooks', 1, 'resources'], message: 'must be a list of the resources its rules name, such as [pods, "pods/eviction"], found "pods"' },
      ],
    },
    {
      name: 'the same webhook twice in one configuration',
      webhooks: [hook, { ...hook, failurePolicy: 'Ignore' }],
      errors: [{
        path: ['webhooks', 1, 'name'],
        message: 'webhook validate.policy.example.com of ValidatingWebhookConfiguration policy is already listed as webhooks.0; webhook names are unique within a configuration',
      }],
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      assert.deepEqual(errorsOf(withWebhooks(c.webhooks)), c.errors);
    });
  }
});

describe('webhooks in a cluster file become the snapshot’s webhooks', () => {
  it('defaults failurePolicy to Fail, as admissionregistration.k8s.io/v1 does, and keeps what is given', () => {
    const webhooks = webhooksOf(withWebhooks([
      hook,
      {
        kind: 'MutatingWebhookConfiguration', configuration: 'istio-sidecar-injector', name: 'namespace.sidecar-injector.istio.io',
        failurePolicy: 'Ignore', service: { namespace: 'istio-system', name: 'istiod' }, serviceReady: false, resources: ['pods', '*/*'],
      },
      { ...hook, kind: 'MutatingWebhookConfiguration', service: { namespace: 'policy', name: 'webhook' }, resources: [] },
    ]));
    assert.deepEqual(webhooks, [
      { ...hook, failurePolicy: 'Fail' },
      {
        kind: 'MutatingWebhookConfiguration', configuration: 'istio-sidecar-injector', name: 'namespace.sidecar-injector.istio.io',
        failurePolicy: 'Ignore', service: { namespace: 'istio-system', name: 'istiod' }, serviceReady: false, resources: ['pods', '*/*'],
      },
      { ...hook, kind: 'MutatingWebhookConfiguration', failurePolicy: 'Fail', service: { namespace: 'policy', name: 'webhook' }, resources: [] },
    ]);
  });

  const observed: { name: string; webhooks: unknown; expected: unknown }[] = [
    { name: 'absent, when the file has no webhooks', webhooks: undefined, expected: undefined },
    { name: 'absent, when webhooks is left empty', webhooks: null, expected: undefined },
    { name: 'an empty list, when the file says there are none', webhooks: [], expected: [] },
  ];
  for (const c of observed) {
    it(`leaves webhooks ${c.name}`, () => {
      assert.deepEqual(webhooksOf(withWebhooks(c.webhooks)), c.expected);
    });
  }
});
