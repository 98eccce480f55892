import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterApiError } from '../../core/errors.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeRequest } from './kube-request.js';
import { endpointsReady, readAdmissionWebhooks, resourcesOfRules, webhooksOfConfiguration } from './read-admission-webhooks.js';

test('maps each webhook of a configuration, defaulting failurePolicy by API version', () => {
  const configuration = {
    metadata: { name: 'policy' },
    webhooks: [
      { name: 'validate.policy.io', failurePolicy: 'Ignore', clientConfig: { service: { namespace: 'policy', name: 'webhook' } }, rules: [{ resources: ['pods'] }] },
      { name: 'default.policy.io', clientConfig: { service: { namespace: 'policy', name: 'webhook' } }, rules: [{ resources: ['*'] }] },
      { name: 'remote.policy.io', failurePolicy: 'Fail', clientConfig: { url: 'https://policy.example.com/validate' } },
    ],
  };
  const cases = [
    { version: 'v1' as const, defaulted: 'Fail' },
    { version: 'v1beta1' as const, defaulted: 'Ignore' },
  ];
  for (const { version, defaulted } of cases) {
    assert.deepEqual(webhooksOfConfiguration('ValidatingWebhookConfiguration', version, configuration), [
      { kind: 'ValidatingWebhookConfiguration', configuration: 'policy', name: 'validate.policy.io', failurePolicy: 'Ignore', resources: ['pods'], service: { namespace: 'policy', name: 'webhook' } },
      { kind: 'ValidatingWebhookConfiguration', configuration: 'policy', name: 'default.policy.io', failurePolicy: defaulted, resources: ['*'], service: { namespace: 'policy', name: 'webhook' } },
      { kind: 'ValidatingWebhookConfiguration', configuration: 'policy', name: 'remote.policy.io', failurePolicy: 'Fail', resources: [] },
    ], version);
  }
});

test('records the union of the resources its rules name, as written', () => {
  const cases = [
    { name: 'no rules intercept nothing', rules: undefined, resources: [] },
    { name: 'an empty rule list intercepts nothing', rules: [], resources: [] },
    { name: 'one rule', rules: [{ resources: ['pods'] }], resources: ['pods'] },
    { name: 'a wildcard and a subresource stay as written', rules: [{ resources: ['*'] }, { resources: ['pods/eviction', 'pods/*'] }], resources: ['*', 'pods/eviction', 'pods/*'] },
    { name: 'repeats across rules count once', rules: [{ resources: ['deployments', 'ingresses'] }, { resources: ['ingresses'] }, {}], resources: ['deployments', 'ingresses'] },
  ];
  for (const { name, rules, resources } of cases) assert.deepEqual(resourcesOfRules(rules), resources, name);
});

test('counts only ready addresses of an Endpoints object', () => {
  const cases = [
    { endpoints: {}, ready: false },
    { endpoints: { subsets: [{ notReadyAddresses: [{ ip: '10.0.0.1' }] }] }, ready: false },
    { endpoints: { subsets: [{ addresses: [] }, { addresses: [{ ip: '10.0.0.2' }] }] }, ready: true },
  ];
  for (const { endpoints, ready } of cases) assert.equal(endpointsReady(endpoints), ready, JSON.stringify(endpoints));
});

/** A KubeHttp that answers from a table of paths; anything else is a 404. */
function fakeHttp(answers: Record<string, unknown>): KubeHttp & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    request: async (request: KubeRequest) => {
      paths.push(request.path);
      const answer = answers[request.path];
      if (answer instanceof ClusterApiError) throw answer;
      if (answer === undefined) throw new ClusterApiError(`not found: ${request.path}`, 404);
      return answer;
    },
  } as unknown as KubeHttp & { paths: string[] };
}

test('falls back to v1beta1, reads each service once and counts a missing Endpoints as not ready', async () => {
  const hook = (name: string, service: string) => ({ name, clientConfig: { service: { namespace: 'ops', name: service } } });
  const http = fakeHttp({
    '/apis/admissionregistration.k8s.io/v1beta1/validatingwebhookconfigurations': { items: [{ metadata: { name: 'gate' }, webhooks: [hook('a.gate', 'gate'), hook('b.gate', 'gate')] }] },
    '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations': { items: [{ metadata: { name: 'inject' }, webhooks: [hook('inject.io', 'injector')] }] },
    '/api/v1/namespaces/ops/endpoints/gate': { subsets: [{ addresses: [{ ip: '10.0.0.3' }] }] },
  });
  const result = await readAdmissionWebhooks(http);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.webhooks.map((w) => [w.kind, w.name, w.failurePolicy, w.serviceReady]),
    [
      ['ValidatingWebhookConfiguration', 'a.gate', 'Ignore', true],
      ['ValidatingWebhookConfiguration', 'b.gate', 'Ignore', true],
      ['MutatingWebhookConfiguration', 'inject.io', 'Fail', false],
    ],
  );
  assert.equal(http.paths.filter((p) => p.endsWith('/endpoints/gate')).length, 1);
});

test('reports a forbidden list or Endpoints read as a problem instead of throwing', async () => {
  const http = fakeHttp({
    '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations': new ClusterApiError('forbidden: list validatingwebhookconfigurations', 403),
    '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations': { items: [{ metadata: { name: 'inject' }, webhooks: [{ name: 'inject.io', clientConfig: { service: { namespace: 'ops', name: 'injector' } } }] }] },
    '/api/v1/namespaces/ops/endpoints/injector': new ClusterApiError('forbidden: get endpoints', 403),
  });
  const result = await readAdmissionWebhooks(http);
  assert.deepEqual(result.problems, [
    'failed to list validatingwebhookconfigurations: forbidden: list validatingwebhookconfigurations',
    'failed to read endpoints of webhook service ops/injector: forbidden: get endpoints',
  ]);
  assert.deepEqual(result.webhooks, [{ kind: 'MutatingWebhookConfiguration', configuration: 'inject', name: 'inject.io', failurePolicy: 'Fail', resources: [], service: { namespace: 'ops', name: 'injector' } }]);
});
