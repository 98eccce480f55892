import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../core/errors.js';
import { loadKubeConfig } from './load-kube-config.js';

const dir = await mkdtemp(join(tmpdir(), 'kubehop-kubeconfig-'));
after(() => rm(dir, { recursive: true, force: true }));

interface Ctx { name: string; cluster: string; user?: string }
function kubeconfig(clusters: [string, string][], contexts: Ctx[], current?: string, users: string[] = ['u']): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...clusters.flatMap(([name, server]) => [`- name: ${name}`, '  cluster:', `    server: ${server}`, '    certificate-authority: pki/ca.crt']),
    'users:',
    ...users.flatMap((name) => [`- name: ${name}`, '  user:', `    token: token-of-${name}`]),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  context:', `    cluster: ${c.cluster}`, `    user: ${c.user ?? 'u'}`]),
    ...(current ? [`current-context: ${current}`] : []),
  ].join('\n');
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

const first = await file('a/config', kubeconfig([['prod', 'https://prod:6443'], ['shared', 'https://from-a:6443']], [{ name: 'prod', cluster: 'prod' }, { name: 'shared', cluster: 'shared' }], 'prod'));
const second = await file('b/config', kubeconfig([['stage', 'https://stage:6443'], ['shared', 'https://from-b:6443']], [{ name: 'stage', cluster: 'stage' }], 'stage'));
const empty = { home: join(dir, 'nobody'), env: {} };

function refused(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, message);
    return true;
  });
}

describe('loadKubeConfig', () => {
  it('reads --kubeconfig and its current context, with paths relative to the file', () => {
    const loaded = loadKubeConfig({ ...empty, kubeconfig: first });
    assert.deepEqual([loaded.context, loaded.server, loaded.user, loaded.clusterName, loaded.source], ['prod', 'https://prod:6443', 'u', 'prod', [first]]);
    assert.equal(loaded.config.getCurrentCluster()?.caFile, join(dir, 'a', 'pki', 'ca.crt'));
  });

  it('merges the files of KUBECONFIG as kubectl does: the first to name something keeps it', () => {
    const loaded = loadKubeConfig({ ...empty, env: { KUBECONFIG: [join(dir, 'missing'), first, second].join(delimiter) } });
    assert.equal(loaded.context, 'prod');
    assert.deepEqual(loaded.source, [first, second]);
    assert.equal(loadKubeConfig({ ...empty, env: { KUBECONFIG: [first, second].join(delimiter) }, context: 'stage' }).server, 'https://stage:6443');
    assert.equal(loadKubeConfig({ ...empty, env: { KUBECONFIG: [first, second].join(delimiter) }, context: 'shared' }).server, 'https://from-a:6443');
  });

  it('falls back to ~/.kube/config, then to the pod service account', async () => {
    const home = join(dir, 'home');
    await file('home/.kube/config', kubeconfig([['c', 'https://home:6443']], [{ name: 'c', cluster: 'c' }], 'c'));
    assert.equal(loadKubeConfig({ home, env: {} }).server, 'https://home:6443');
    const root = join(dir, 'pod');
    await file('pod/var/run/secrets/kubernetes.io/serviceaccount/token', 'sa-token');
    await file('pod/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', 'ca');
    const pod = loadKubeConfig({ ...empty, env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, inClusterRoot: root });
    assert.deepEqual([pod.server, pod.source], ['https://10.96.0.1:443', ['in-cluster']]);
  });

  const cases: { name: string; run: () => unknown; message: string }[] = [
    {
      name: 'a --kubeconfig that does not exist',
      run: () => loadKubeConfig({ ...empty, kubeconfig: join(dir, 'nope') }),
      message: `invalid --kubeconfig ${join(dir, 'nope')}: no such file; give the path of a kubeconfig file`,
    },
    {
      name: 'a KUBECONFIG whose files are all missing',
      run: () => loadKubeConfig({ ...empty, env: { KUBECONFIG: join(dir, 'x') } }),
      message: `failed to find a kubeconfig: none of the files KUBECONFIG names exists (${join(dir, 'x')}); fix KUBECONFIG or pass --kubeconfig PATH`,
    },
    {
      name: 'no kubeconfig anywhere',
      run: () => loadKubeConfig(empty),
      message: `failed to find a kubeconfig: KUBECONFIG is not set, ${join(dir, 'nobody', '.kube', 'config')} does not exist and kubehop is not running in a pod; pass --kubeconfig PATH`,
    },
    {
      name: 'a --context the kubeconfig lacks, listing those it has',
      run: () => loadKubeConfig({ ...empty, kubeconfig: first, context: 'qa' }),
      message: `invalid --context qa: the kubeconfig (${first}) has no such context; contexts: prod, shared`,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, () => refused(c.run, c.message));
  }

  it('refuses a kubeconfig without current-context, and a context naming an undefined cluster', async () => {
    const none = await file('none/config', kubeconfig([['c', 'https://c:6443']], [{ name: 'c', cluster: 'c' }]));
    refused(() => loadKubeConfig({ ...empty, kubeconfig: none }), `the kubeconfig (${none}) sets no current-context; pass --context NAME (contexts: c)`);
    const dangling = await file('dangling/config', kubeconfig([['c', 'https://c:6443']], [{ name: 'x', cluster: 'gone' }], 'x'));
    refused(() => loadKubeConfig({ ...empty, kubeconfig: dangling }), `invalid context x: it names cluster gone, which the kubeconfig (${dangling}) does not define`);
    const broken = await file('broken/config', 'clusters: [{name: c}]');
    assert.throws(() => loadKubeConfig({ ...empty, kubeconfig: broken }), new RegExp(`^ConfigError: invalid kubeconfig ${broken}: clusters\\[0\\]\\.cluster is missing$`));
  });
});

describe('a kubeconfig kubehop cannot read', () => {
  const broken: { name: string; text: string; message: RegExp }[] = [
    { name: 'a YAML syntax error on the token line', text: 'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: "s3cr3t-token-value\n  x: [\n', message: /it is not valid YAML \(line \d+, column \d+\); fix the file, or export a fresh one$/ },
    { name: 'bad indentation under a token', text: 'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: s3cr3t-token-value\n   client-key-data: s3cr3t-token-value\n', message: /it is not valid YAML \(line \d+, column \d+\)/ },
  ];
  for (const c of broken) {
    it(`says where ${c.name} is without quoting the file`, async () => {
      const path = join(dir, `broken-${c.name.length}`);
      await writeFile(path, c.text);
      const error = (() => {
        try {
          loadKubeConfig({ kubeconfig: path, env: {} });
        } catch (e) {
          return e as Error;
        }
        return undefined;
      })();
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, c.message);
      assert.doesNotMatch(error.message, /s3cr3t/);
    });
  }

  it('says a directory is not a kubeconfig file', () => {
    assert.throws(() => loadKubeConfig({ kubeconfig: dir, env: {} }), /it is a directory; give the kubeconfig file itself/);
  });
});
