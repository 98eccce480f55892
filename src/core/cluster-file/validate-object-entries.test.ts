import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from './document-checker.js';
import { errorsOf, snapshotOf } from '../../../test/builders/validated-document.js';

type Doc = Record<string, unknown>;

const cp = { name: 'cp-1', role: 'control-plane', kubelet: 'v1.32.9' };
const ingress = { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web' };

function withTop(extra: Doc): unknown {
  return { kind: 'Cluster', apiVersion: 'kubehop/v1', name: 'lab', nodes: [cp], ...extra };
}



const API_VERSION_HINT = 'write group/version such as apps/v1 or networking.k8s.io/v1beta1, or a core version such as v1';

describe('objects in a cluster file are refused when written wrongly', () => {
  const cases: { name: string; objects: unknown; errors: FieldError[] }[] = [
    {
      name: 'an entry missing what identifies it',
      objects: [{}],
      errors: [
        { path: ['objects', 0, 'apiVersion'], message: 'missing apiVersion; give the one this source uses, e.g. apiVersion: networking.k8s.io/v1beta1' },
        { path: ['objects', 0, 'kind'], message: 'missing kind; give the object’s kind, e.g. kind: Ingress' },
        { path: ['objects', 0, 'name'], message: 'missing name; every object needs one' },
      ],
    },
    {
      name: 'an apiVersion without version, a lowercase kind and bad names',
      objects: [{ apiVersion: 'extensions', kind: 'ingress', namespace: 'Web', name: 'a/b' }],
      errors: [
        { path: ['objects', 0, 'apiVersion'], message: `invalid apiVersion "extensions": ${API_VERSION_HINT}` },
        { path: ['objects', 0, 'kind'], message: 'invalid kind "ingress": a kind is written in CamelCase, e.g. Ingress or CustomResourceDefinition' },
        { path: ['objects', 0, 'namespace'], message: 'invalid namespace "Web": use lowercase letters, digits and "-" (at most 63)' },
        { path: ['objects', 0, 'name'], message: 'invalid object name "a/b": a name cannot contain "/" or "%", nor be "." or ".."' },
      ],
    },
    {
      name: 'apiVersions that only look close',
      objects: [{ ...ingress, apiVersion: 'apps/1' }, { ...ingress, apiVersion: 'Apps/v1' }, { ...ingress, apiVersion: 'v1beta' }, { ...ingress, apiVersion: '/v1' }],
      errors: [
        { path: ['objects', 0, 'apiVersion'], message: `invalid apiVersion "apps/1": ${API_VERSION_HINT}` },
        { path: ['objects', 1, 'apiVersion'], message: `invalid apiVersion "Apps/v1": ${API_VERSION_HINT}` },
        { path: ['objects', 2, 'apiVersion'], message: `invalid apiVersion "v1beta": ${API_VERSION_HINT}` },
        { path: ['objects', 3, 'apiVersion'], message: `invalid apiVersion "/v1": ${API_VERSION_HINT}` },
      ],
    },
    {
      name: 'a source kubehop does not read from a cluster file',
      objects: [{ ...ingress, from: 'file' }],
      errors: [{ path: ['objects', 0, 'from'], message: 'must be one of live, last-applied, helm; found "file"' }],
    },
    {
      name: 'a Helm source without release, with revision 0',
      objects: [{ ...ingress, from: 'helm', revision: 0 }],
      errors: [
        { path: ['objects', 0, 'release'], message: 'missing release; from: helm needs the release name and its revision, e.g. release: ingress, revision: 3' },
        { path: ['objects', 0, 'revision'], message: 'must be a whole number of at least 1, found 0' },
      ],
    },
    {
      name: 'a Helm source with a bad release name and no revision',
      objects: [{ ...ingress, from: 'helm', release: 'Web_1' }],
      errors: [
        { path: ['objects', 0, 'release'], message: 'invalid Helm release name "Web_1": use lowercase letters, digits, "-" and "." (at most 53)' },
        { path: ['objects', 0, 'revision'], message: 'missing revision; from: helm needs the revision whose manifest holds the object, e.g. revision: 3' },
      ],
    },
    {
      name: 'release and revision on a source that is not Helm',
      objects: [{ ...ingress, release: 'web', revision: 2 }, { ...ingress, from: 'last-applied', revision: 2 }],
      errors: [
        { path: ['objects', 0, 'release'], message: 'release names a Helm release revision; remove it or set from: helm' },
        { path: ['objects', 0, 'revision'], message: 'revision names a Helm release revision; remove it or set from: helm' },
        { path: ['objects', 1, 'revision'], message: 'revision names a Helm release revision; remove it or set from: helm' },
      ],
    },
    {
      name: 'one source giving an object two apiVersions',
      objects: [ingress, { ...ingress, apiVersion: 'networking.k8s.io/v1' }],
      errors: [{ path: ['objects', 1], message: 'Ingress shop/web from live is already listed as objects.0; a source gives an object one apiVersion, list it once per source' }],
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      assert.deepEqual(errorsOf(withTop({ objects: c.objects })), c.errors);
    });
  }
});

describe('objects in a cluster file become the snapshot’s observed objects', () => {
  it('reads each source, defaulting to live, and keeps cluster-scoped objects without namespace', () => {
    const cluster = snapshotOf(withTop({
      objects: [
        ingress,
        { ...ingress, from: 'last-applied' },
        { ...ingress, apiVersion: 'networking.k8s.io/v1', from: 'helm', release: 'shop', revision: 3 },
        { ...ingress, apiVersion: 'extensions/v1beta1', from: 'helm', release: 'shop', revision: 2 },
        { ...ingress, apiVersion: 'extensions/v1beta1' },
        { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', name: 'restricted' },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'system:aggregate-to-view' },
        { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'kubeadm-config' },
      ],
    }));
    assert.deepEqual(cluster.objects, [
      { ...ingress, source: { from: 'live' } },
      { ...ingress, source: { from: 'last-applied' } },
      { ...ingress, apiVersion: 'networking.k8s.io/v1', source: { from: 'helm', release: 'shop', revision: 3 } },
      { ...ingress, apiVersion: 'extensions/v1beta1', source: { from: 'helm', release: 'shop', revision: 2 } },
      { ...ingress, apiVersion: 'extensions/v1beta1', source: { from: 'live' } },
      { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', name: 'restricted', source: { from: 'live' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'system:aggregate-to-view', source: { from: 'live' } },
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'kubeadm-config', source: { from: 'live' } },
    ]);
  });

  const observed: { name: string; objects: unknown; expected: unknown }[] = [
    { name: 'absent, when the file has no objects', objects: undefined, expected: undefined },
    { name: 'absent, when objects is left empty', objects: null, expected: undefined },
    { name: 'an empty list, when the file says there are none', objects: [], expected: [] },
  ];
  for (const c of observed) {
    it(`leaves objects ${c.name}`, () => {
      assert.deepEqual(snapshotOf(withTop({ objects: c.objects })).objects, c.expected);
    });
  }
});
