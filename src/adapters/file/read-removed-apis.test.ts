import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRemovedApi } from '../../core/preflight/index.js';
import { readRemovedApis } from './read-removed-apis.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubehop-removed-apis-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readRemovedApis', () => {
  it('reads the built-in table', async () => {
    const table = await readRemovedApis();
    const removedIn = [...new Set(table.removals.map((r) => r.removedIn))].sort((a, b) => a - b);
    assert.deepEqual(removedIn, [16, 22, 25, 26, 27, 29, 32]);
  });

  const known: [string, string, number, string | undefined][] = [
    ['extensions/v1beta1', 'Deployment', 16, 'apps/v1'],
    ['apps/v1beta2', 'DaemonSet', 16, 'apps/v1'],
    ['extensions/v1beta1', 'NetworkPolicy', 16, 'networking.k8s.io/v1'],
    ['extensions/v1beta1', 'Ingress', 22, 'networking.k8s.io/v1'],
    ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', 22, 'apiextensions.k8s.io/v1'],
    ['storage.k8s.io/v1beta1', 'CSINode', 22, 'storage.k8s.io/v1'],
    ['batch/v1beta1', 'CronJob', 25, 'batch/v1'],
    ['policy/v1beta1', 'PodSecurityPolicy', 25, undefined],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 26, 'autoscaling/v2'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 27, 'storage.k8s.io/v1'],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', 29, 'flowcontrol.apiserver.k8s.io/v1'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', 32, 'flowcontrol.apiserver.k8s.io/v1'],
  ];
  for (const [apiVersion, kind, removedIn, replacement] of known) {
    it(`knows that v1.${removedIn} removed ${apiVersion} ${kind}`, async () => {
      const removal = findRemovedApi(await readRemovedApis(), apiVersion, kind);
      assert.equal(removal?.removedIn, removedIn);
      assert.equal(removal?.replacement, replacement);
    });
  }

  it('names the file and every problem of an invalid table', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ format: 'kubehop.removed-apis/v1', compiledOn: '2026-09-15', source: 'x', coversThrough: '1.37', removals: [{ apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25' }] }));
    await assert.rejects(readRemovedApis(path), { name: 'ConfigError', message: `invalid removed-API table ${path}: removals[0].replacement: expected an apiVersion such as "batch/v1", or null when nothing replaces it, got nothing` });
  });

  it('says when the file is not JSON or not there', async () => {
    const path = join(dir, 'text.json');
    await writeFile(path, 'removals: []');
    await assert.rejects(readRemovedApis(path), (error: Error) => error.message.startsWith(`invalid removed-API table ${path}: not valid JSON (`));
    await assert.rejects(readRemovedApis(join(dir, 'none.json')), { message: `failed to read removed-API table ${join(dir, 'none.json')}: no such file; check the path` });
  });
});
