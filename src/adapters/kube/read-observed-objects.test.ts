import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { decodeHelmRelease, objectsOfManifest } from './read-observed-objects.js';

/** A Secret's data.release as Helm 3 writes it: base64 (the Secret) of base64 of gzip of JSON. */
function helmSecretData(release: object): string {
  const inner = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return Buffer.from(inner).toString('base64');
}

test('decodes a Helm 3 release record and reads the objects of its manifest', () => {
  const manifest = `---
# Source: shop/templates/cron.yaml
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: front
  namespace: edge
---
# an empty document
`;
  const release = decodeHelmRelease(helmSecretData({ name: 'shop', version: 7, namespace: 'shop', manifest }));
  assert.equal(release.name, 'shop');
  assert.deepEqual(objectsOfManifest(release.manifest, release), [
    { apiVersion: 'batch/v1beta1', kind: 'CronJob', name: 'nightly', namespace: 'shop', source: { from: 'helm', release: 'shop', revision: 7 } },
    { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', name: 'front', namespace: 'edge', source: { from: 'helm', release: 'shop', revision: 7 } },
  ]);
});

test('refuses a release record that is not Helm 3 data', () => {
  assert.throws(() => decodeHelmRelease(Buffer.from('not gzip').toString('base64')));
});
