import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { captureCli } from '../../../test/builders/captured-cli.js';

const run = (...argv: string[]) => captureCli(argv);

interface Reported {
  readonly severity: string;
  readonly code: string;
  readonly subject: string;
  readonly message: string;
}

async function preflightJson(cluster: string): Promise<{ code: number; findings: Reported[] }> {
  const r = await run('preflight', '--cluster', cluster, '--to', '1.37', '-o', 'json');
  assert.equal(r.stderr.replace(/kubehop: warning: the release catalog.*\n/, ''), '');
  const report = JSON.parse(r.stdout) as { findings: (Reported & { check: string })[] };
  return { code: r.code, findings: report.findings.map(({ severity, code, subject, message }) => ({ severity, code, subject, message })) };
}

const BREAKING_CHANGE_CODES = new Set(['ADMISSION_PLUGIN_REMOVED', 'CGROUP_V1_REFUSED', 'KUBELET_FLAG_REMOVED', 'STATIC_POD_REFERENCES_API_OBJECTS', 'CONTAINERD_UNSUPPORTED', 'KUBEADM_CONFIG_API_RETIRED', 'KUBEADM_CONFIG_SHAPE_CHANGES']);

/** The fixes docs/preflight.md lists for the shop cluster, as edits of its file. */
const SHOP_FIXES: readonly (readonly [string, string])[] = [
  ['apiVersion: policy/v1beta1, kind: PodDisruptionBudget', 'apiVersion: policy/v1, kind: PodDisruptionBudget'],
  ['apiVersion: autoscaling/v2beta2, kind: HorizontalPodAutoscaler', 'apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler'],
  ['apiVersion: batch/v1beta1, kind: CronJob', 'apiVersion: batch/v1, kind: CronJob'],
  ['selector: { matchLabels: { app: storefront } }\n    minAvailable: 3', 'selector: { matchLabels: { app: storefront } }\n    minAvailable: 2'],
  ['    allocatable: { cpu: 8, memory: 32Gi }\n', '    allocatable: { cpu: 8, memory: 32Gi }\n  - name: worker-5\n    kubelet: v1.24.17\n    allocatable: { cpu: 12, memory: 48Gi }\n'],
  ['    name: kyverno\n    replicas: 0', '    name: kyverno\n    replicas: 1'],
  ['serviceReady: false', 'serviceReady: true'],
  ['facts: { swapOn: true }', 'facts: { swapOn: false }'],
  ['facts: { repositoryReachable: false }', 'facts: { repositoryReachable: true }'],
  ['kubeletFlags: --container-runtime=remote --container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.7', 'kubeletFlags: --container-runtime-endpoint=unix:///run/containerd/containerd.sock'],
  ['containerRuntime: containerd://1.6.12', 'containerRuntime: containerd://1.7.28'],
  ['facts: { cgroup: v1 }', 'facts: { cgroup: v2 }'],
  ['references: [ServiceAccount kube-vip]', 'references: []'],
  ['enable-admission-plugins: "NodeRestriction,PodSecurityPolicy"', 'enable-admission-plugins: "NodeRestriction"'],
];

describe('kubehop preflight', () => {
  it('finds nothing in the healthy demo cluster and exits 0', async () => {
    assert.deepEqual(await preflightJson('demo'), { code: 0, findings: [] });
  });

  it('reports every problem planted in the shop cluster and exits 3', async () => {
    const { code, findings } = await preflightJson('shop');
    assert.equal(code, 3);
    // The breaking-change findings' messages are checked in src/core/preflight/check-breaking-changes.test.ts.
    const breaking = findings.filter((f) => BREAKING_CHANGE_CODES.has(f.code));
    assert.deepEqual(breaking.map((f) => `${f.severity} ${f.code} ${f.subject}`), [
      'blocking ADMISSION_PLUGIN_REMOVED kube-apiserver',
      'blocking CGROUP_V1_REFUSED node/worker-1',
      ...['cp-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4'].flatMap((n) => [`blocking KUBELET_FLAG_REMOVED node/${n}`, `blocking KUBELET_FLAG_REMOVED node/${n}`]),
      'blocking STATIC_POD_REFERENCES_API_OBJECTS node/cp-1',
      ...['cp-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4'].map((n) => `overridable CONTAINERD_UNSUPPORTED node/${n}`),
      'info KUBEADM_CONFIG_API_RETIRED kubeadm-config',
      'info KUBEADM_CONFIG_SHAPE_CHANGES kubeadm-config',
    ]);
    assert.deepEqual(breaking.filter((f) => f.subject === 'node/worker-2' && f.code === 'KUBELET_FLAG_REMOVED').map((f) => f.message.split(':')[0] + ' ' + f.message.split(' sets ')[1]?.split(',')[0]), [
      '/var/lib/kubelet/kubeadm-flags.env --container-runtime=remote',
      '/var/lib/kubelet/kubeadm-flags.env --pod-infra-container-image=registry.k8s.io/pause:3.7',
    ]);
    assert.deepEqual(findings.filter((f) => !BREAKING_CHANGE_CODES.has(f.code)), [
      {
        severity: 'blocking',
        code: 'API_REMOVED',
        subject: 'CronJob shop/nightly-report',
        message: 'CronJob shop/nightly-report uses batch/v1beta1 in its kubectl.kubernetes.io/last-applied-configuration, which v1.25 no longer serves: hop 1 to v1.25.16 leaves it unreadable and unmanageable — apply it again with apiVersion batch/v1 (served since v1.21)',
      },
      {
        severity: 'blocking',
        code: 'API_REMOVED',
        subject: 'HorizontalPodAutoscaler shop/storefront',
        message: 'HorizontalPodAutoscaler shop/storefront uses autoscaling/v2beta2 in Helm release storefront revision 7, which v1.26 no longer serves: hop 2 to v1.26.15 leaves it unreadable and unmanageable — upgrade the release to a chart that uses autoscaling/v2 (served since v1.23), or rewrite its stored manifest with helm-mapkubeapis',
      },
      {
        severity: 'blocking',
        code: 'API_REMOVED',
        subject: 'PodDisruptionBudget shop/storefront',
        message: 'PodDisruptionBudget shop/storefront uses policy/v1beta1 in Helm release storefront revision 7, which v1.25 no longer serves: hop 1 to v1.25.16 leaves it unreadable and unmanageable — upgrade the release to a chart that uses policy/v1 (served since v1.21), or rewrite its stored manifest with helm-mapkubeapis (in policy/v1 an empty selector matches every pod of the namespace, where policy/v1beta1 matched none)',
      },
      {
        severity: 'blocking',
        code: 'DRAIN_LEAVES_PODS_PENDING',
        subject: 'drain of worker-4',
        message: 'draining worker-4 (v1.25/workers/batch-4, v1.26/workers/batch-4, v1.27/workers/batch-4 and 4 more) leaves 2 pods Pending until it is back: 2 of Deployment shop/reports (no room on the other schedulable nodes); PodDisruptionBudget shop/reports (allows 1 now) then refuses the remaining evictions, so the drain never finishes — add capacity, lower the requests, or drain fewer nodes at once',
      },
      {
        severity: 'blocking',
        code: 'PDB_NEVER_ALLOWS_EVICTION',
        subject: 'PodDisruptionBudget shop/storefront',
        message: 'PodDisruptionBudget shop/storefront (minAvailable 3) never allows an eviction: it wants 3 of its 3 pods healthy, so draining worker-2, worker-3, worker-4 waits forever — lower minAvailable to 2 or less, or run more than 3 replicas',
      },
      {
        severity: 'blocking',
        code: 'REPOSITORY_UNREACHABLE',
        subject: 'node/worker-3',
        message: 'worker-3 cannot reach its pkgs.k8s.io repository for v1.25: the plan cannot install kubeadm and kubelet there — check its proxy, DNS and firewall, or point it at a mirror',
      },
      {
        severity: 'blocking',
        code: 'WEBHOOK_UNAVAILABLE',
        subject: 'ValidatingWebhookConfiguration kyverno-resource-validating-webhook-cfg',
        message: 'webhook validate.kyverno.svc-fail of ValidatingWebhookConfiguration kyverno-resource-validating-webhook-cfg calls service kyverno/kyverno-svc, which has no ready endpoint, and fails closed (failurePolicy: Fail): the API server refuses its requests on pods, which keeps drained pods from being recreated and fails kubeadm\'s upgrade health check, whose Job cannot start its pod — bring kyverno/kyverno-svc back, or set failurePolicy: Ignore until the upgrade is over',
      },
      {
        severity: 'overridable',
        code: 'SWAP_ON',
        subject: 'node/worker-2',
        message: 'swap is on on worker-2: a kubelet with failSwapOn (the default) does not start with swap on, so worker-2 would not come back after its kubelet restart — run swapoff -a and remove swap from /etc/fstab, or make sure its kubelet is configured for swap',
      },
      {
        severity: 'info',
        code: 'PACKAGES_HELD',
        subject: '5 nodes',
        message: 'kubeadm, kubelet, kubectl are held on cp-1, worker-1, worker-2, worker-3, worker-4 (apt-mark hold): the plan lifts the hold around each install and sets it again',
      },
    ]);
  });

  it('exits 0 once the shop cluster file has the fixes docs/preflight.md lists', async () => {
    let text = await readFile(new URL('../../../data/clusters/shop.yaml', import.meta.url), 'utf8');
    for (const [broken, fixed] of SHOP_FIXES) {
      assert.ok(text.includes(broken), `shop.yaml no longer contains ${JSON.stringify(broken)}: update the fixes here and in docs/preflight.md`);
      text = text.replace(broken, fixed);
    }
    const path = join(await mkdtemp(join(tmpdir(), 'kubehop-shop-')), 'shop-fixed.yaml');
    await writeFile(path, text);
    const { code, findings } = await preflightJson(path);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
    assert.equal(code, 0);
  });

  it('leaves a NotReady worker out with --exclude-node, and refuses what cannot be left out with exit 2', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'kubehop-exclude-')), 'lab.yaml');
    await writeFile(path, 'kind: Cluster\napiVersion: kubehop/v1\nname: lab\nnodes:\n  - { name: cp-1, role: control-plane, kubelet: v1.33.5 }\n  - { name: worker-1, kubelet: v1.33.5 }\n  - { name: worker-2, kubelet: v1.33.5, ready: false }\n');
    const blocked = await run('preflight', '--cluster', path, '--to', '1.34', '-o', 'json');
    assert.equal(blocked.code, 3);
    assert.deepEqual((JSON.parse(blocked.stdout) as { findings: Reported[] }).findings.map((f) => f.code), ['WORKER_NOT_READY']);
    const left = await run('preflight', '--cluster', path, '--to', '1.34', '--exclude-node', 'worker-2', '-o', 'json');
    assert.equal(left.code, 0);
    const cases: [string[], string][] = [
      [['--exclude-node', 'cp-1'], 'kubehop preflight: invalid --exclude-node cp-1: it is a control-plane node, which every hop upgrades; bring it back, or remove it from the cluster (kubeadm reset, kubectl delete node cp-1)\n'],
      [['--exclude-node', 'worker-9'], 'kubehop preflight: invalid --exclude-node worker-9: cluster "lab" has no such node (nodes: cp-1, worker-1, worker-2)\n'],
      [['--to', '1.37', '--exclude-node', 'worker-2'], 'kubehop preflight: invalid --exclude-node worker-2: its kubelet v1.33.5 would be 4 minors behind at the hop to v1.37.1, more than the 3 the skew policy and kubeadm allow there; bring the node back and upgrade it, remove it from the cluster, or plan to an earlier target\n'],
      [['--fix', 'DOCKERSHIM_REMOVED'], 'kubehop preflight: invalid --fix DOCKERSHIM_REMOVED: kubehop plans fixes only for KUBELET_FLAG_REMOVED; fix the others by hand as the preflight findings say\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await run('preflight', '--cluster', path, '--to', '1.34', ...args);
      assert.deepEqual([r.code, r.stderr.replace(/kubehop preflight: warning: the release catalog.*\n/, '')], [2, stderr]);
    }
  });

  it('turns removed kubelet flags into steps of the plan with --fix KUBELET_FLAG_REMOVED', async () => {
    const r = await run('preflight', '--cluster', 'shop', '--to', '1.37', '--fix', 'KUBELET_FLAG_REMOVED', '-o', 'json');
    const flags = (JSON.parse(r.stdout) as { findings: Reported[] }).findings.filter((f) => f.code === 'KUBELET_FLAG_REMOVED');
    assert.equal(flags.length, 10);
    assert.ok(flags.every((f) => f.severity === 'info' && f.message.includes('the plan removes it at step')));
  });

  it('still exits 3 when only some of the fixes are made', async () => {
    let text = await readFile(new URL('../../../data/clusters/shop.yaml', import.meta.url), 'utf8');
    for (const [broken, fixed] of SHOP_FIXES.slice(0, 4)) text = text.replace(broken, fixed);
    const path = join(await mkdtemp(join(tmpdir(), 'kubehop-shop-')), 'shop-half.yaml');
    await writeFile(path, text);
    const { code, findings } = await preflightJson(path);
    assert.equal(code, 3);
    assert.deepEqual([...new Set(findings.filter((f) => f.severity === 'blocking').map((f) => f.code))], ['ADMISSION_PLUGIN_REMOVED', 'CGROUP_V1_REFUSED', 'DRAIN_LEAVES_PODS_PENDING', 'KUBELET_FLAG_REMOVED', 'REPOSITORY_UNREACHABLE', 'STATIC_POD_REFERENCES_API_OBJECTS', 'WEBHOOK_UNAVAILABLE']);
  });
});
