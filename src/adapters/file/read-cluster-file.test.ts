import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { placePods, type ClusterSnapshot, type PdbSnapshot, type PodSnapshot } from '../../core/cluster/index.js';
import { ConfigError } from '../../core/errors.js';
import { parseClusterFile } from './parse-cluster-file.js';
import { readCluster, readClusterFile } from './read-cluster-file.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubehop-cluster-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const HEADER = 'kind: Cluster\napiVersion: kubehop/v1\nname: lab\n';

describe('readClusterFile', () => {
  it('reads a valid file into a snapshot', async () => {
    const path = await fileWith('ok.yaml', `${HEADER}nodes:\n  - { name: cp-1, role: control-plane, kubelet: v1.32.9 }\n`);
    const cluster = await readClusterFile(path);
    assert.deepEqual(cluster.nodes.map((n) => n.name), ['cp-1']);
  });

  it('lists every problem at its line and column, with the dotted path and a pointer to the docs', async () => {
    const path = await fileWith('bad.yaml', [
      HEADER + 'nodes:',
      '  - name: cp-1',
      '    role: control-plane',
      '    kubelet: v1.32.9',
      '  - name: worker-1',
      '    kubelete: v1.32.9',
      'pdbs:',
      '  - name: web',
      '    selector: { matchLabels: { app: web } }',
      '    minAvailable: 1',
      '    maxUnavailable: 10%%',
      '',
    ].join('\n'));
    await assert.rejects(readClusterFile(path), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, [
        `invalid cluster file ${path} (4 problems):`,
        `${path}:8:5: nodes.1.kubelet: missing kubelet version; add e.g. kubelet: v1.32.9`,
        `${path}:9:5: nodes.1.kubelete: unknown field "kubelete"; did you mean "kubelet"?`,
        `${path}:14:5: pdbs.0.maxUnavailable: must be a whole number such as 1 or a percentage such as "50%", found "10%%"`,
        `${path}:14:5: pdbs.0.maxUnavailable: a PodDisruptionBudget takes minAvailable or maxUnavailable, not both; remove one`,
        'see docs/cluster-file.md for the format',
      ].join('\n'));
      return true;
    });
  });

  it('reports YAML syntax errors with their line', async () => {
    const path = await fileWith('syntax.yaml', `${HEADER}nodes:\n  - name: cp-1\n    kubelet: [v1.32.9\n  - name: w\nname: again\n`);
    await assert.rejects(readClusterFile(path), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, [
        `invalid cluster file ${path} (2 problems):`,
        `${path}:7:3: flow sequence in block collection must be sufficiently indented and end with a ]`,
        `${path}:8:1: map keys must be unique`,
        'see docs/cluster-file.md for the format',
      ].join('\n'));
      return true;
    });
  });

  it('accepts the complete example of docs/cluster-file.md', async () => {
    const doc = await readFile(new URL('../../../docs/cluster-file.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const cluster = parseClusterFile(example, 'docs/cluster-file.md');
    assert.equal(cluster.nodes.length, 25);
    assert.deepEqual(cluster.pods.filter((p) => p.node === undefined).map((p) => p.name), []);
  });

  it('accepts the example of "Observations for preflight" in docs/cluster-file.md', async () => {
    const doc = await readFile(new URL('../../../docs/cluster-file.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Observations for preflight'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const cluster = parseClusterFile(example, 'docs/cluster-file.md');
    assert.equal(cluster.etcdHealthy, true);
    assert.deepEqual(cluster.nodes.map((n) => [n.name, n.facts]), [
      ['cp-1', { swapOn: false, freeDiskBytes: 40 * 2 ** 30, heldPackages: ['kubeadm', 'kubelet', 'kubectl'] }],
      ['cp-2', { swapOn: false, freeDiskBytes: 40 * 2 ** 30, heldPackages: ['kubeadm', 'kubelet', 'kubectl'] }],
      ['worker-1', { swapOn: false, freeDiskBytes: 1.5 * 2 ** 30, heldPackages: ['kubeadm', 'kubelet', 'kubectl'], repositoryReachable: false }],
      ['worker-2', { swapOn: false, freeDiskBytes: 1.5 * 2 ** 30, heldPackages: ['kubeadm', 'kubelet', 'kubectl'], repositoryReachable: false }],
    ]);
    assert.equal(cluster.nodes[0]?.certificates?.length, 14);
    assert.deepEqual(cluster.nodes[0]?.certificates?.find((c) => c.name === 'ca'), { name: 'ca', expiresOn: '2036-03-01' });
    assert.deepEqual(cluster.nodes[1]?.certificates, [{ name: 'apiserver', expiresOn: '2026-02-10' }, { name: 'ca', expiresOn: '2034-11-02' }]);
    assert.deepEqual(cluster.webhooks?.map((w) => [w.name, w.failurePolicy, w.serviceReady, w.resources]), [
      ['validation.gatekeeper.sh', 'Fail', false, ['*']],
      ['audit.example.com', 'Ignore', undefined, undefined],
    ]);
    assert.deepEqual(cluster.objects?.map((o) => [o.apiVersion, o.kind, o.source]), [
      ['networking.k8s.io/v1beta1', 'Ingress', { from: 'last-applied' }],
      ['policy/v1beta1', 'PodSecurityPolicy', { from: 'helm', release: 'psp', revision: 3 }],
    ]);
  });

  it('places problems in preflight observations at their line and column', async () => {
    const path = await fileWith('observations.yaml', [
      HEADER + 'nodes:',
      '  - name: cp-1',
      '    role: control-plane',
      '    kubelet: v1.32.9',
      '    certificates:',
      '      - { name: apiserver, expiresOn: 2026-02-30 }',
      '  - name: worker-1',
      '    kubelet: v1.32.9',
      '    facts: { freeDisk: 2GB, heldPackages: [kubeadm, Kubelet] }',
      '    certificates: { expireOn: 2026-03-01 }',
      'webhooks:',
      '  - kind: ValidatingWebhookConfiguration',
      '    configuration: policy',
      '    name: validate.policy.example.com',
      '    resources: [pods, "Pods"]',
      'objects:',
      '  - { apiVersion: extensions/v1beta1, kind: Ingress, name: web, from: helm, release: web }',
      '',
    ].join('\n'));
    await assert.rejects(readClusterFile(path), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, [
        `invalid cluster file ${path} (6 problems):`,
        `${path}:9:28: nodes.0.certificates.0.expiresOn: must be a calendar date written YYYY-MM-DD, e.g. 2026-09-15; found "2026-02-30"`,
        `${path}:12:14: nodes.1.facts.freeDisk: invalid disk space "2GB": use bytes or a suffix such as 800Mi, 1.5Gi or 20G`,
        `${path}:12:53: nodes.1.facts.heldPackages.1: invalid package name "Kubelet": use a name such as kubeadm (lowercase letters, digits, "+", "-", ".")`,
        `${path}:13:5: nodes.1.certificates: kubeadm's certificates live on control-plane nodes; remove certificates or set role: control-plane`,
        `${path}:18:23: webhooks.0.resources.1: invalid resource "Pods": write it as a rule names it: pods, pods/eviction, "*" or "*/*" (quote the "*")`,
        `${path}:20:5: objects.0.revision: missing revision; from: helm needs the revision whose manifest holds the object, e.g. revision: 3`,
        'see docs/cluster-file.md for the format',
      ].join('\n'));
      return true;
    });
  });

  it('reports an empty file without a field path', async () => {
    const path = await fileWith('empty.yaml', '# nothing yet\n');
    await assert.rejects(readClusterFile(path), {
      message: `invalid cluster file ${path} (1 problem):\n${path}:1:1: the cluster file is empty; see the example in docs/cluster-file.md\nsee docs/cluster-file.md for the format`,
    });
  });

  it('says so when the file is missing or a directory', async () => {
    const missing = join(dir, 'nope.yaml');
    await assert.rejects(readClusterFile(missing), { name: 'ConfigError', message: `failed to read cluster file ${missing}: no such file; check the path` });
    await assert.rejects(readClusterFile(dir), { name: 'ConfigError', message: `failed to read cluster file ${dir}: it is a directory; give a YAML file` });
  });
});

describe('readCluster', () => {
  it('refuses a name that is neither built in nor a file', async () => {
    await assert.rejects(readCluster('prod'), { name: 'ConfigError', message: 'unknown cluster "prod": give demo, classic, shop or the path of a cluster file' });
  });

  it('treats anything with a slash or a YAML extension as a path', async () => {
    await assert.rejects(readCluster('clusters/prod.yaml'), {
      message: 'failed to read cluster file clusters/prod.yaml: no such file; check the path',
    });
  });

  it('reads a path', async () => {
    const path = await fileWith('lab.yaml', `${HEADER}nodes:\n  - { name: cp-1, role: control-plane, kubelet: v1.30.0 }\n`);
    assert.equal((await readCluster(path)).name, 'lab');
  });
});

/** How many of the pods a PDB selects it lets go at once (integer budgets, all pods healthy). */
function disruptionsAllowed(pdb: PdbSnapshot, pods: readonly PodSnapshot[]): number {
  const healthy = pods.filter((p) => p.namespace === pdb.namespace && p.ready && Object.entries(pdb.selector).every(([k, v]) => p.labels[k] === v)).length;
  if (typeof pdb.minAvailable === 'number') return healthy - pdb.minAvailable;
  if (typeof pdb.maxUnavailable === 'number') return pdb.maxUnavailable;
  throw new Error(`percentage budgets are not used by the built-in clusters (${pdb.name})`);
}

/** The cluster after draining `name`: its pods replaced elsewhere, DaemonSet and mirror pods staying. */
function drained(cluster: ClusterSnapshot, name: string): PodSnapshot[] {
  const nodes = cluster.nodes.map((n) => (n.name === name ? { ...n, cordoned: true } : n));
  const stays = (p: PodSnapshot) => p.node !== name || p.mirror || p.owner?.kind === 'DaemonSet';
  return placePods({ nodes, workloads: cluster.workloads, pods: cluster.pods.filter(stays), etcd: cluster.etcd });
}

describe('the built-in clusters', () => {
  const cases: [string, string, number, number][] = [
    ['demo', 'v1.32', 9, 4 * 3 + 2 + 9 + 9 + 4 + 3 + 2 + 3],
    ['classic', 'v1.11', 4, 4 + 2 + 4 + 3 + 2],
  ];
  for (const [name, minor, nodes, pods] of cases) {
    it(`loads ${name}: ${nodes} nodes at ${minor}, all ${pods} pods running`, async () => {
      const cluster = await readCluster(name);
      assert.equal(cluster.name, name);
      assert.equal(cluster.nodes.length, nodes);
      assert.ok(cluster.nodes.every((n) => `v1.${n.kubelet.minor}` === minor));
      assert.equal(cluster.pods.length, pods);
      assert.deepEqual(cluster.pods.filter((p) => p.phase !== 'Running' || !p.ready).map((p) => p.name), []);
    });

    it(`can drain any one node of ${name} with every pod finding room elsewhere and every PDB allowing it`, async () => {
      const cluster = await readCluster(name);
      for (const node of cluster.nodes) {
        const after = drained(cluster, node.name);
        assert.deepEqual(after.filter((p) => p.node === undefined).map((p) => p.name), [], `draining ${node.name} leaves pods Pending`);
        assert.equal(after.length, cluster.pods.length, `draining ${node.name} loses pods`);
        for (const pdb of cluster.pdbs) {
          const onNode = cluster.pods.filter((p) => p.node === node.name && Object.entries(pdb.selector).every(([k, v]) => p.labels[k] === v));
          assert.ok(onNode.length <= disruptionsAllowed(pdb, cluster.pods), `draining ${node.name} must wait on PDB ${pdb.name}`);
        }
      }
    });
  }

  it('gives demo the versions and sizes it promises', async () => {
    const cluster = await readCluster('demo');
    const cp1 = cluster.nodes[0];
    assert.deepEqual(cp1?.controlPlane, {
      apiserver: { major: 1, minor: 32, patch: 9 }, controllerManager: { major: 1, minor: 32, patch: 9 },
      scheduler: { major: 1, minor: 32, patch: 9 }, etcd: '3.5.16-0',
    });
    assert.deepEqual(cluster.addons, { coreDNS: 'v1.11.3', kubeProxy: { major: 1, minor: 32, patch: 9 } });
    assert.deepEqual(cp1?.allocatable, { cpuMillis: 2000, memoryBytes: 8 * 2 ** 30, pods: 110 });
    assert.deepEqual(cluster.nodes[3]?.allocatable, { cpuMillis: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 });
    assert.deepEqual(cp1?.repository, { era: 'pkgs', minor: 32 });
    assert.equal(cp1?.os.image, 'Ubuntu 24.04 LTS');
  });

  it('gives classic the legacy repository, etcd 3.2.18 and CoreDNS 1.1.3', async () => {
    const cluster = await readCluster('classic');
    assert.deepEqual(cluster.nodes.map((n) => n.name), ['controlplane', 'node-1', 'node-2', 'node-3']);
    assert.deepEqual(cluster.nodes[0]?.repository, { era: 'legacy' });
    assert.equal(cluster.nodes[0]?.controlPlane?.etcd, '3.2.18');
    assert.equal(cluster.nodes[0]?.os.image, 'Ubuntu 16.04.4 LTS');
    assert.equal(cluster.addons.coreDNS, '1.1.3');
  });
});
