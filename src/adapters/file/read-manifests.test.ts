import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseManifests, readManifests } from './read-manifests.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubehop-manifests-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

const brief = (scan: ReturnType<typeof parseManifests>) => scan.objects.map((o) => `${o.source.from === 'file' ? o.source.line : '?'} ${o.apiVersion} ${o.kind} ${o.namespace ?? '-'}/${o.name}`);

describe('parseManifests', () => {
  const cases: { name: string; text: string; objects: string[] }[] = [
    {
      name: 'reads every document of a file with the line it starts at',
      text: '# a comment\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: ops\n---\n\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n',
      objects: ['2 batch/v1beta1 CronJob ops/nightly', '9 v1 ConfigMap -/settings'],
    },
    {
      name: 'expands a List into its items, each at its own line',
      text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: extensions/v1beta1\n    kind: Ingress\n    metadata: { name: shop, namespace: web }\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: { name: shop, namespace: web }\n',
      objects: ['4 extensions/v1beta1 Ingress web/shop', '7 apps/v1 Deployment web/shop'],
    },
    { name: 'reads JSON', text: '{\n\t"apiVersion": "policy/v1beta1",\n\t"kind": "PodDisruptionBudget",\n\t"metadata": {"name": "db"}\n}\n', objects: ['1 policy/v1beta1 PodDisruptionBudget -/db'] },
    { name: 'passes over documents that are not Kubernetes objects', text: 'replicaCount: 3\n---\n---\n- a list\n---\njust text\n', objects: [] },
    { name: 'names an object by its generateName when it has no name', text: 'apiVersion: batch/v1\nkind: Job\nmetadata: { generateName: migrate- }\n', objects: ['1 batch/v1 Job -/migrate-*'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const scan = parseManifests(c.text, 'm.yaml');
      assert.deepEqual(scan.findings, []);
      assert.deepEqual(brief(scan), c.objects);
    });
  }

  it('reports a malformed document at its line with the parser message and reads the documents around it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: before }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n  labels: : x\n---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: after }\n';
    const scan = parseManifests(text, 'apps/mixed.yaml');
    assert.deepEqual(brief(scan), ['1 v1 ConfigMap -/before', '11 batch/v1beta1 CronJob -/after']);
    assert.deepEqual(scan.findings, [
      {
        code: 'MANIFEST_UNREADABLE',
        severity: 'overridable',
        subject: 'apps/mixed.yaml:9',
        message: 'failed to parse apps/mixed.yaml:9:3: flow sequence in block collection must be sufficiently indented and end with a ]; the objects of this document go unchecked — fix it, or leave the file out',
      },
    ]);
  });
});

describe('readManifests', () => {
  it('walks folders recursively in name order, reading .yaml, .yml and .json and skipping the rest', async () => {
    const root = join(dir, 'walk');
    await fileWith('walk/b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n');
    await fileWith('walk/a/deep/c.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
    await fileWith('walk/a/d.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "d"}}');
    await fileWith('walk/notes.txt', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: txt }\n');
    await fileWith('walk/.git/e.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: hidden }\n');
    const scan = await readManifests([root]);
    assert.deepEqual(scan.objects.map((o) => [o.name, o.source.from === 'file' ? o.source.file : '']), [
      ['d', join(root, 'a/d.json')],
      ['c', join(root, 'a/deep/c.yml')],
      ['b', join(root, 'b.yaml')],
    ]);
  });

  it('reads a file named on its own whatever its extension, and goes on past a malformed file', async () => {
    const bad = await fileWith('many/bad.yaml', 'kind: [\n');
    const odd = await fileWith('many/manifest.txt', 'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\n');
    const scan = await readManifests([bad, odd]);
    assert.deepEqual(scan.objects.map((o) => o.name), ['s']);
    assert.deepEqual(scan.findings.map((f) => f.subject), [`${bad}:2`]);
  });

  it('refuses a path that does not exist', async () => {
    const missing = join(dir, 'nope');
    await assert.rejects(readManifests([missing]), { name: 'ConfigError', message: `failed to read manifests ${missing}: no such file or folder; check the path` });
  });
});
