import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { openKubeCluster } from '../../src/adapters/kube/index.js';
import { readLiveCluster } from '../../src/app/live-target.js';
import { e2eClusterSkipReason, startE2eCluster, type E2eCluster } from './e2e-cluster.js';
import { runCliCaptured, sshFlags } from './run-cli.js';

// What preflight reads of a live cluster besides its objects: etcd's health through the real
// v1.20.2 API server (/readyz/etcd), and over real SSH whether each node reaches the package
// repository of the next minor (its curl, answered by the node's shim: the nodes have no
// internet). The nodes run v1.30.2 from pkgs.k8s.io, so the probe is of the v1.31 repository;
// worker-2 cannot resolve pkgs.k8s.io.

const run = promisify(execFile);
const skip = e2eClusterSkipReason();
const RBAC_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'rbac.yaml');
const PROBLEM_WORDS = /failed to check etcd health|failed to probe|failed to check that node|failed to list (validating|mutating)webhookconfigurations|failed to read endpoints/;

interface PreflightReport {
  readonly findings: readonly { readonly code: string; readonly severity: string; readonly subject: string; readonly message: string }[];
}

describe('preflight reads etcd health and repository reachability of a live cluster', { skip, timeout: 300_000 }, () => {
  let cluster: E2eCluster;
  let kc: string[];
  let ssh: string[];

  before(async () => {
    cluster = await startE2eCluster({ controlPlanes: 1, workers: 2, version: 'v1.30.2' });
    cluster.changeNode('worker-2', (node) => (node.unreachableHosts = ['pkgs.k8s.io']));
    kc = ['--kubeconfig', cluster.kubeconfig];
    ssh = sshFlags(cluster);
  });
  after(async () => cluster?.stop(), { timeout: 60_000 });

  test('the live snapshot has etcd healthy and, per node, whether the v1.31 repository answered', async () => {
    const first = Object.values(cluster.sshHosts)[0];
    assert.ok(first);
    const live = await readLiveCluster({
      kubeconfig: cluster.kubeconfig,
      env: {},
      ssh: {
        hosts: Object.entries(cluster.sshHosts).map(([node, h]) => ({ node, host: h.host, port: h.port })),
        user: first.user,
        identityFiles: [first.keyFile],
        knownHostsFile: first.knownHostsFile,
        agentSocket: null,
        sshConfigFile: null,
      },
    });
    try {
      assert.deepEqual(live.factProblems.filter((p) => PROBLEM_WORDS.test(p)), []);
      assert.equal(live.cluster.etcdHealthy, true);
      assert.deepEqual(
        live.cluster.nodes.map((n) => [n.name, n.repository.era, n.repository.minor, n.facts?.repositoryReachable]),
        [['cp-1', 'pkgs', 30, true], ['worker-1', 'pkgs', 30, true], ['worker-2', 'pkgs', 30, false]],
      );
    } finally {
      live.close();
    }
  });

  test('preflight over kubeconfig and SSH blocks on the node that cannot reach it, and finds etcd healthy', async () => {
    const result = await runCliCaptured(['preflight', ...kc, ...ssh, '--to', '1.31', '-o', 'json']);
    assert.equal(result.code, 3, `${result.stderr}\n${result.stdout}`);
    assert.doesNotMatch(result.stderr, PROBLEM_WORDS);
    const report = JSON.parse(result.stdout) as PreflightReport;
    assert.deepEqual(report.findings.filter((f) => f.code === 'ETCD_UNHEALTHY'), []);
    const unreachable = report.findings.filter((f) => f.code === 'REPOSITORY_UNREACHABLE');
    assert.deepEqual(unreachable.map((f) => [f.subject, f.severity]), [['node/worker-2', 'blocking']]);
    assert.match(unreachable[0]?.message ?? '', /v1\.31/);
  });

  test('exactly docs/rbac.yaml lets its ServiceAccount read etcd health and the webhooks', async () => {
    const kubectl = cluster.env.KUBEHOP_CP_KUBECTL as string;
    await run(kubectl, ['--kubeconfig', cluster.kubeconfig, 'apply', '-f', RBAC_FILE]);
    // The admin (system:masters) acts as the ServiceAccount, as kubectl --as does.
    const config = parse(readFileSync(cluster.kubeconfig, 'utf8')) as { users: { user: Record<string, unknown> }[] };
    for (const entry of config.users) entry.user.as = 'system:serviceaccount:kube-system:kubehop';
    const asKubehop = join(cluster.dir, 'as-kubehop.kubeconfig');
    writeFileSync(asKubehop, stringify(config), { mode: 0o600 });

    const kube = openKubeCluster({ kubeconfig: asKubehop });
    try {
      assert.deepEqual(await kube.api.readEtcdHealth(), { healthy: true, problems: [] });
      assert.deepEqual((await kube.api.readAdmissionWebhooks()).problems, []);
    } finally {
      kube.close();
    }
    const result = await runCliCaptured(['preflight', '--kubeconfig', asKubehop, ...ssh, '--to', '1.31', '-o', 'json']);
    assert.equal(result.code, 3, `${result.stderr}\n${result.stdout}`);
    assert.doesNotMatch(result.stderr, PROBLEM_WORDS);
  });

  test('a user without the permission gets a warning instead of a guess', async () => {
    const kube = openKubeCluster({ kubeconfig: cluster.env.KUBEHOP_CP_LIMITED_KUBECONFIG as string });
    try {
      assert.deepEqual(await kube.api.readEtcdHealth(), {
        problems: ['failed to check etcd health: user limited may not get the URL /readyz/etcd: grant kubehop the permissions in docs/rbac.yaml'],
      });
    } finally {
      kube.close();
    }
  });

  test('an etcd that does not answer is unhealthy', async () => {
    const pid = Number(cluster.env.KUBEHOP_CP_ETCD_PID);
    assert.ok(pid > 0, 'the control plane names its etcd pid');
    const kube = openKubeCluster({ kubeconfig: cluster.kubeconfig });
    process.kill(pid, 'SIGSTOP');
    try {
      assert.deepEqual(await kube.api.readEtcdHealth(), { healthy: false, problems: [] });
    } finally {
      process.kill(pid, 'SIGCONT');
      kube.close();
    }
  });
});
