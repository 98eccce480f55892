import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryEventSink, MemoryJournal, MemoryLock } from '../../src/adapters/memory/index.js';
import { createSimulation, formatEventLog, type Simulation } from '../../src/adapters/sim/index.js';
import type { AdmissionWebhook, ClusterSnapshot, NodeSnapshot } from '../../src/core/cluster/index.js';
import { etcdBackupCommands, etcdBackupPath, planUpgrade, type UpgradePlan } from '../../src/core/planning/index.js';
import { planFixes } from '../../src/core/preflight/index.js';
import { formatVersion, parseVersion } from '../../src/core/version/index.js';
import { runUpgrade, type RunResult, type RunUpgradeOptions } from '../../src/engine/index.js';
import { builtInBreakingChanges } from '../builders/breaking-changes.js';
import { aCluster, type ClusterBuilder } from '../builders/cluster-builder.js';
import { latestPatch } from '../builders/release-patches.js';

// What the problems preflight looks for do to an upgrade on the simulator: the real engine runs
// a real plan against a cluster whose snapshot carries the observation, and fails where a real
// cluster would, with the tools' own words.

const ROCKY = { image: 'Rocky Linux 9.4', family: 'rhel', packageManager: 'dnf' } as const;

function lab(change: (builder: ClusterBuilder) => ClusterBuilder = (b) => b, cp = 'v1.33.5', workers = 'v1.33.5'): ClusterSnapshot {
  return change(
    aCluster()
      .withName('lab')
      .withControlPlane(cp)
      .withWorkers(workers, 3)
      .withRepository({ era: 'pkgs', minor: 33 })
      .withWorkload({ kind: 'Deployment', name: 'web', replicas: 3 })
      .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 }),
  ).build();
}

interface Run {
  readonly sim: Simulation;
  readonly plan: UpgradePlan;
  readonly result: RunResult;
  readonly log: string;
  readonly commands: string;
}

async function upgrade(cluster: ClusterSnapshot, to: string, options: Partial<RunUpgradeOptions> = {}, before?: (sim: Simulation) => Promise<void>): Promise<Run> {
  const plan = planUpgrade(cluster, { target: parseVersion(to), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  const sim = createSimulation(cluster, { seed: 5, breakingChanges: builtInBreakingChanges() });
  await before?.(sim);
  const ports = { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events: new MemoryEventSink(), provisioner: sim.provisioner };
  const result = await runUpgrade(plan, ports, { holder: 'scenario', gateTimeoutMs: 120_000, ...options });
  return {
    sim,
    plan,
    result,
    log: formatEventLog(sim.eventLog()),
    commands: sim.commandLog().map((c) => `${c.node} ${c.argv.join(' ')} -> ${c.exitCode}`).join('\n'),
  };
}

function node(sim: Simulation, name: string): NodeSnapshot {
  const found = sim.snapshot({ pods: false }).nodes.find((n) => n.name === name);
  assert.ok(found, name);
  return found;
}

const apiserverOf = (sim: Simulation, name: string) => formatVersion(node(sim, name).controlPlane?.apiserver ?? parseVersion('v0.0.0'));

function down(service: { namespace: string; name: string }, resources?: string[]): AdmissionWebhook {
  return {
    kind: 'ValidatingWebhookConfiguration',
    configuration: 'kyverno-resource-validating-webhook-cfg',
    name: 'validate.kyverno.svc-fail',
    failurePolicy: 'Fail',
    service,
    serviceReady: false,
    ...(resources ? { resources } : {}),
  };
}

const KYVERNO = { namespace: 'kyverno', name: 'kyverno-svc' };
const REFUSAL = 'Internal error occurred: failed calling webhook "validate.kyverno.svc-fail": failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/?timeout=10s": no endpoints available for service "kyverno-svc"';

describe('a node with swap on', () => {
  it('stays NotReady after its kubelet restarts, so the health gate on it fails', async () => {
    const run = await upgrade(lab((b) => b.withNode('worker-2', { facts: { swapOn: true } })), 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    // The kubelet's crash loop is seen at the first look after the restart, not after the gate's 2 minutes.
    assert.equal(
      run.result.error?.message,
      'failed to wait for node worker-2 to be Ready with kubelet v1.34.11: its kubelet exits at every start (systemd: activating/auto-restart, 3 restarts); the kubelet\'s last error: E0000 00:00:00.000000 1 server.go:292] "failed to run Kubelet: running with swap on is not supported, please disable swap or set --fail-swap-on flag to false". Fix the node, then run kubehop apply --resume',
    );
    assert.match(run.log, /kubelet-failed worker-2 failed to run Kubelet: running with swap on is not supported, please disable swap or set --fail-swap-on flag to false/);
    const active = await run.sim.shell.run('worker-2', ['systemctl', 'is-active', 'kubelet'], { privileged: false, timeoutMs: 10_000 });
    assert.deepEqual([active.exitCode, active.stdout], [3, 'activating\n']);
    assert.equal(node(run.sim, 'worker-1').ready, true, 'the node before it came back');
  });

  it('changes nothing where swap is off', async () => {
    const run = await upgrade(lab((b) => b.withNode('worker-2', { facts: { swapOn: false } })), 'v1.34.11');
    assert.equal(run.result.status, 'completed', run.result.error?.message);
  });
});

describe('a node whose kubelet flags the new kubelet refuses', () => {
  const flags = { kubeletFlags: '--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10' };

  it('stays NotReady after its kubelet restarts at the minor that removed the flag', async () => {
    const run = await upgrade(lab((b) => b.withNode('worker-2', { facts: flags }), 'v1.34.11', 'v1.34.11'), 'v1.35.9');
    assert.equal(run.result.status, 'failed');
    assert.equal(run.result.error?.message, 'failed to wait for node worker-2 to be Ready with kubelet v1.35.9 within 2m0s: it is NotReady with kubelet v1.34.11');
    assert.match(run.log, /kubelet-failed worker-2 failed to parse kubelet flag: unknown flag: --pod-infra-container-image/);
  });

  it('comes back once the flag is gone from kubeadm-flags.env', async () => {
    const drop = async (sim: Simulation) => {
      const edit = await sim.shell.run('worker-2', ['sed', '-i', 's/ --pod-infra-container-image=[^ "]*//', '/var/lib/kubelet/kubeadm-flags.env'], { privileged: true, timeoutMs: 10_000 });
      assert.equal(edit.exitCode, 0, edit.stderr);
    };
    const run = await upgrade(lab((b) => b.withNode('worker-2', { facts: flags }), 'v1.34.11', 'v1.34.11'), 'v1.35.9', {}, drop);
    assert.equal(run.result.status, 'completed', run.result.error?.message);
  });

  it('comes back when the plan carries the fix (--fix KUBELET_FLAG_REMOVED), and a resumed run does not repeat it', async () => {
    const cluster = lab((b) => b.withNode('worker-2', { facts: flags }), 'v1.34.11', 'v1.34.11');
    const plan = planFixes(planUpgrade(cluster, { target: parseVersion('v1.35.9'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch }), cluster, builtInBreakingChanges(), ['KUBELET_FLAG_REMOVED']);
    const sim = createSimulation(cluster, { seed: 5, breakingChanges: builtInBreakingChanges() });
    const ports = { api: sim.api, shell: sim.shell, clock: sim.clock, journal: new MemoryJournal(), lock: new MemoryLock(() => sim.clock.now()), events: new MemoryEventSink(), provisioner: sim.provisioner };
    const result = await runUpgrade(plan, ports, { holder: 'scenario', gateTimeoutMs: 120_000 });
    assert.equal(result.status, 'completed', result.error?.message);
    const file = await sim.shell.run('worker-2', ['cat', '/var/lib/kubelet/kubeadm-flags.env'], { privileged: true, timeoutMs: 10_000 });
    assert.equal(file.stdout, 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock"\n');
    const again = await runUpgrade(plan, { ...ports, lock: new MemoryLock(() => sim.clock.now()) }, { holder: 'scenario', gateTimeoutMs: 120_000 });
    assert.equal(again.status, 'completed', again.error?.message);
    assert.equal(sim.commandLog().filter((c) => c.argv[0] === 'sed' && c.node === 'worker-2' && c.argv.at(-1) === '/var/lib/kubelet/kubeadm-flags.env').length, 1);
  });

  it('stays NotReady on Docker past the dockershim removal', async () => {
    const run = await upgrade(lab((b) => b.withNode('worker-1', { facts: { containerRuntime: 'docker://20.10.24' } }), 'v1.23.17', 'v1.23.17'), 'v1.24.17');
    assert.equal(run.result.status, 'failed');
    assert.match(run.log, /kubelet-failed worker-1 failed to run Kubelet: validate service connection/);
  });
});

describe('a cluster on the retired Google package repositories', () => {
  for (const os of [undefined, ROCKY]) {
    it(`moves each node to pkgs.k8s.io before its first v1.24 install${os ? ' (dnf)' : ' (apt)'}, and installs pkgs.k8s.io versions`, async () => {
      const cluster = aCluster().withName('old').withControlPlane('v1.23.17').withWorkers('v1.23.17', 2).withRepository({ era: 'legacy' });
      const run = await upgrade((os ? cluster.withOs(os) : cluster).build(), 'v1.24.17');
      assert.equal(run.result.status, 'completed', run.result.error?.message);
      assert.deepEqual(run.sim.snapshot({ pods: false }).nodes.map((n) => [n.name, n.repository.era, n.repository.minor]), [['cp-1', 'pkgs', 24], ['worker-1', 'pkgs', 24], ['worker-2', 'pkgs', 24]]);
      const moves = run.plan.steps.filter((s) => s.action === 'switch-repository').map((s) => s.id);
      assert.deepEqual(moves, ['v1.24/control-plane/cp-1/switch-repository', 'v1.24/workers/worker-1/switch-repository', 'v1.24/workers/worker-2/switch-repository']);
      assert.ok(run.plan.steps.filter((s) => s.action === 'upgrade-kubeadm').every((s) => s.commands.flat().some((a) => a.includes('1.24.17-*'))), 'pkgs.k8s.io revisions, not -00');
    });
  }

  it('stays on its repository for installs before v1.24, which pkgs.k8s.io does not have', () => {
    const cluster = aCluster().withControlPlane('v1.20.15').withWorkers('v1.20.15', 1).withRepository({ era: 'legacy' }).build();
    const plan = planUpgrade(cluster, { target: parseVersion('v1.21.14'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    assert.deepEqual(plan.steps.filter((s) => s.action === 'switch-repository'), []);
    assert.ok(plan.steps.some((s) => s.commands.flat().includes('kubeadm=1.21.14-00')));
  });
});

describe('a node that cannot reach its package repository', () => {
  it('on apt: apt-get update only warns, then the install finds no version of the new minor', async () => {
    const run = await upgrade(lab((b) => b.withNode('cp-1', { facts: { repositoryReachable: false } })), 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(run.result.error?.message, `failed to run "apt-get install -y 'kubeadm=1.34.11-*'" on cp-1: exit code 100: E: Version '1.34.11-*' for 'kubeadm' was not found`);
    // The failed install is followed by the hold it lifted, set again.
    assert.match(run.commands, /cp-1 apt-get update -> 0\ncp-1 apt-get install -y kubeadm=1\.34\.11-\* -> 100\ncp-1 apt-mark hold kubeadm -> 0$/);
    const update = await run.sim.shell.run('cp-1', ['apt-get', 'update'], { privileged: true, timeoutMs: 60_000 });
    assert.equal(update.exitCode, 0);
    assert.equal(update.stderr, [
      "W: Failed to fetch https://pkgs.k8s.io/core:/stable:/v1.34/deb/InRelease  Temporary failure resolving 'pkgs.k8s.io'",
      'W: Some index files failed to download. They have been ignored, or old ones used instead.',
      '',
    ].join('\n'));
    assert.equal(apiserverOf(run.sim, 'cp-1'), 'v1.33.5', 'nothing was upgraded');
  });

  it('on apt with the lists already fetched: the download fails naming the host', async () => {
    const sim = createSimulation(lab((b) => b.withNode('worker-1', { facts: { repositoryReachable: false } })), { seed: 5 });
    const root = { privileged: true, timeoutMs: 600_000 };
    await sim.shell.run('worker-1', ['apt-mark', 'unhold', 'kubeadm'], root);
    const result = await sim.shell.run('worker-1', ['apt-get', 'install', '-y', 'kubeadm=1.33.2-*'], root);
    assert.equal(result.exitCode, 100);
    assert.equal(result.stderr, [
      "E: Failed to fetch https://pkgs.k8s.io/core:/stable:/v1.33/deb/amd64/kubeadm_1.33.2-1.1_amd64.deb  Temporary failure resolving 'pkgs.k8s.io'",
      'E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?',
      '',
    ].join('\n'));
  });

  it('on dnf: the install cannot download the repository metadata', async () => {
    const run = await upgrade(lab((b) => b.withOs(ROCKY).withNode('worker-3', { facts: { repositoryReachable: false } })), 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(
      run.result.error?.message,
      `failed to run "dnf install -y 'kubeadm-1.34.11-*' --disableexcludes=kubernetes" on worker-3: exit code 1: Errors during downloading metadata for repository 'kubernetes':\n` +
        '  - Curl error (6): Couldn\'t resolve host name for https://pkgs.k8s.io/core:/stable:/v1.34/rpm/repodata/repomd.xml [Could not resolve host: pkgs.k8s.io]\n' +
        "Error: Failed to download metadata for repo 'kubernetes': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried",
    );
    // Workers are prepared (kubeadm installed) ahead of their drains: the failure comes before any worker is drained.
    assert.deepEqual(['worker-1', 'worker-2', 'worker-3'].map((n) => `${n} v1.${node(run.sim, n).kubelet.minor}${node(run.sim, n).cordoned ? ' cordoned' : ''}`), ['worker-1 v1.33', 'worker-2 v1.33', 'worker-3 v1.33']);
  });
});

describe('a node short of disk', () => {
  it('fails the package install below 300 MiB free (apt)', async () => {
    const run = await upgrade(lab((b) => b.withNode('worker-1', { facts: { freeDisk: '200Mi' } })), 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(run.result.error?.message, `failed to run "apt-get install -y 'kubeadm=1.34.11-*'" on worker-1: exit code 100: E: You don't have enough free space in /var/cache/apt/archives/.`);
  });

  it('fails the package install below 300 MiB free (dnf), naming what is missing', async () => {
    const cluster = lab((b) => b.withOs(ROCKY).withNode('worker-1', { facts: { freeDisk: '200Mi' } }));
    const run = await upgrade(cluster, 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(
      run.result.error?.message,
      `failed to run "dnf install -y 'kubeadm-1.34.11-*' --disableexcludes=kubernetes" on worker-1: exit code 1: \nError Summary\n-------------\nDisk Requirements:\n   At least 100MB more space needed on the / filesystem.`,
    );
    const sim = createSimulation(cluster, { seed: 5 });
    const install = await sim.shell.run('worker-1', ['dnf', 'install', '-y', 'kubelet-1.33.9-*', '--disableexcludes=kubernetes'], { privileged: true, timeoutMs: 600_000 });
    assert.match(install.stderr, /^Error: Transaction test error:\n {2}installing package kubelet-1\.33\.9-150500\.1\.1\.x86_64 needs 100MB more space on the \/ filesystem\n/);
  });

  it('lets a control-plane node with 500 MiB install kubeadm, then fails kubeadm upgrade apply pulling images before changing anything', async () => {
    const run = await upgrade(lab((b) => b.withNode('cp-1', { facts: { freeDisk: '500Mi' } })), 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(
      run.result.error?.message,
      'failed to run "kubeadm upgrade apply v1.34.11 --yes" on cp-1: exit code 1: [preflight] Some fatal errors occurred:\n' +
        '\t[ERROR ImagePull]: failed to pull image registry.k8s.io/kube-apiserver:v1.34.11: failed to pull and unpack image "registry.k8s.io/kube-apiserver:v1.34.11": failed to extract layer: write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/41/fs/usr/local/bin/kube-apiserver: no space left on device\n' +
        '[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`',
    );
    assert.equal(formatVersion(node(run.sim, 'cp-1').kubeadm ?? parseVersion('v0.0.0')), 'v1.34.11');
    assert.equal(apiserverOf(run.sim, 'cp-1'), 'v1.33.5');
  });
});

describe('an unhealthy etcd', () => {
  it('stops kubeadm upgrade apply before it changes anything', async () => {
    const run = await upgrade({ ...lab(), etcdHealthy: false }, 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(run.result.error?.message, `failed to run "kubeadm upgrade apply v1.34.11 --yes" on cp-1: exit code 1: [upgrade/apply] FATAL: couldn't complete the static pod upgrade: etcd cluster is not healthy: context deadline exceeded`);
    assert.equal(apiserverOf(run.sim, 'cp-1'), 'v1.33.5');
    assert.deepEqual(run.sim.metrics().apiOutages, [], 'no component was restarted');
    assert.doesNotMatch(run.log, /component-stopped/);
  });

  it('stops kubeadm upgrade node on the next control-plane node the same way', async () => {
    const sim = createSimulation({ ...lab((b) => b.withControlPlane('v1.33.5', 3)), etcdHealthy: false }, { seed: 5 });
    const result = await sim.shell.run('cp-2', ['kubeadm', 'upgrade', 'node'], { privileged: true, timeoutMs: 600_000 });
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr, "error execution phase control-plane: couldn't complete the static pod upgrade: etcd cluster is not healthy: context deadline exceeded\n");
  });

  it('does not stop it with external etcd, which kubeadm leaves alone', async () => {
    const run = await upgrade({ ...lab((b) => b.withExternalEtcd()), etcdHealthy: false }, 'v1.34.11');
    assert.equal(run.result.status, 'completed', run.result.error?.message);
  });
});

describe('a fail-closed webhook whose service has no ready endpoint', () => {
  it('on pods: evicted pods are never replaced, so the next drain waits on the budget until it times out', async () => {
    const cluster = { ...lab((b) => b, 'v1.34.11', 'v1.33.5'), webhooks: [down(KYVERNO, ['pods'])] };
    const run = await upgrade(cluster, 'v1.34.11', { drain: { timeoutMs: 180_000 } });
    assert.equal(run.result.status, 'failed');
    assert.match(run.result.error?.message ?? '', /^failed to drain node worker-2 within 3m0s: pod default\/web-\S+ is blocked by PodDisruptionBudget default\/web: needs 2 healthy pods, has 2, allows 0 disruptions;/);
    assert.ok(run.log.includes(`pod-create-refused default/web Error creating: ${REFUSAL}`), run.log);
    const web = run.sim.snapshot().pods.filter((p) => p.owner?.name === 'web');
    assert.equal(web.length, 2, 'the pod evicted from worker-1 was not replaced');
  });

  for (const resources of [['pods'], ['*'], undefined]) {
    it(`on ${resources ? resources.join(', ') : 'everything (rules not observed)'}: kubeadm upgrade plan fails its health-check Job`, async () => {
      const run = await upgrade({ ...lab(), webhooks: [down(KYVERNO, resources)] }, 'v1.34.11');
      assert.equal(run.result.status, 'failed');
      assert.equal(
        run.result.error?.message,
        'failed to run "kubeadm upgrade plan v1.34.11" on cp-1: exit code 1: [upgrade/health] FATAL: [preflight] Some fatal errors occurred:\n' +
          '\t[ERROR CreateJob]: Job "upgrade-health-check" in the namespace "kube-system" did not complete in 15s: no condition of type Complete\n' +
          '[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`',
      );
    });
  }

  it('on configmaps: kubeadm upgrade apply fails when it uploads the ClusterConfiguration, after the control plane moved', async () => {
    const run = await upgrade({ ...lab(), webhooks: [down(KYVERNO, ['configmaps'])] }, 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.equal(
      run.result.error?.message,
      `failed to run "kubeadm upgrade apply v1.34.11 --yes" on cp-1: exit code 1: [upgrade/postupgrade] FATAL: error uploading the kubeadm ClusterConfiguration: unable to create ConfigMap: ${REFUSAL}`,
    );
    assert.equal(apiserverOf(run.sim, 'cp-1'), 'v1.34.11', 'the static pods were upgraded first');
    assert.equal(formatVersion(run.sim.snapshot({ pods: false }).addons.kubeProxy ?? parseVersion('v0.0.0')), 'v1.33.5', 'the addon phase never ran');
  });

  it('on pods/eviction: the drain fails on the first eviction', async () => {
    const run = await upgrade({ ...lab((b) => b, 'v1.34.11', 'v1.33.5'), webhooks: [down(KYVERNO, ['pods/eviction'])] }, 'v1.34.11');
    assert.equal(run.result.status, 'failed');
    assert.ok(run.result.error?.message.includes(REFUSAL), run.result.error?.message);
  });

  it('changes nothing when the webhook ignores failures, its service is ready, or its rules miss what the upgrade writes', async () => {
    const hooks: AdmissionWebhook[] = [
      { ...down(KYVERNO), failurePolicy: 'Ignore' },
      { ...down(KYVERNO), serviceReady: true },
      down(KYVERNO, ['ingresses', 'pods/exec']),
    ];
    const run = await upgrade({ ...lab(), webhooks: hooks }, 'v1.34.11');
    assert.equal(run.result.status, 'completed', run.result.error?.message);
  });
});

describe('objects at API versions the target removes', () => {
  it('change nothing in the upgrade: the API server converts what it stores', async () => {
    const objects = [{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', namespace: 'default', name: 'web', source: { from: 'helm', release: 'web', revision: 3 } }] as const;
    const [plain, observed] = await Promise.all([upgrade(lab(), 'v1.34.11'), upgrade({ ...lab(), objects }, 'v1.34.11')]);
    assert.equal(observed.result.status, 'completed', observed.result.error?.message);
    assert.equal(observed.commands, plain.commands);
    assert.equal(observed.log, plain.log);
  });
});

describe('a worker whose kubeadm is more than one minor behind its kubelet', () => {
  it('steps kubeadm through each minor on the worker after the control plane moves, and the run completes', async () => {
    // kubeadm v1.31 beside kubelet v1.33: `kubeadm upgrade node` takes one minor at a time, so the
    // worker needs kubeadm v1.32 and v1.33 before v1.34, even though its kubelet already passed them.
    const run = await upgrade(lab((b) => b.withNode('worker-2', { kubeadm: 'v1.31.5', repository: { era: 'pkgs', minor: 31 } })), 'v1.34.11');
    assert.equal(run.result.status, 'completed', run.result.error?.message);
    const steps = run.plan.steps.filter((s) => s.node === 'worker-2' && s.action === 'kubeadm-upgrade-node').map((s) => s.version);
    assert.deepEqual(steps, ['v1.32.13', 'v1.33.13', 'v1.34.11']);
    const ran = run.sim.commandLog().filter((c) => c.node === 'worker-2' && c.argv.join(' ') === 'kubeadm upgrade node').length;
    assert.equal(ran, 3, run.commands);
    assert.equal(formatVersion(node(run.sim, 'worker-2').kubelet), 'v1.34.11');
  });
});

describe('an etcd snapshot left on the node by an earlier attempt', () => {
  it('is not taken as this run\'s backup: the run snapshots etcd again before the control plane changes', async () => {
    const path = etcdBackupPath(parseVersion('v1.33.5'));
    let before = 0;
    const run = await upgrade(lab(), 'v1.34.11', {}, async (sim) => {
      for (const argv of etcdBackupCommands('cp-1', path, '3.5.21-0')) assert.equal((await sim.shell.run('cp-1', argv, { privileged: true, timeoutMs: 60_000 })).exitCode, 0);
      assert.equal((await sim.shell.run('cp-1', ['test', '-s', path], { privileged: true, timeoutMs: 60_000 })).exitCode, 0);
      before = sim.commandLog().length;
    });
    assert.equal(run.result.status, 'completed', run.result.error?.message);
    const saves = run.sim.commandLog().slice(before).filter((c) => c.node === 'cp-1' && c.argv.includes('snapshot') && c.argv.includes('save'));
    assert.equal(saves.length, 1, run.commands);
    const save = run.sim.commandLog().slice(before).findIndex((c) => c.argv.includes('save'));
    const apply = run.sim.commandLog().slice(before).findIndex((c) => c.argv.join(' ').startsWith('kubeadm upgrade apply'));
    assert.ok(save >= 0 && save < apply, 'the snapshot is taken before the control plane changes');
  });
});
