import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInBreakingChanges } from '../../../test/builders/breaking-changes.js';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import { parseFlags, type ClusterSnapshot, type ComponentFlagSetting, type KubeadmConfigFacts, type NodeFacts } from '../cluster/index.js';
import { planUpgrade } from '../planning/index.js';
import { formatVersion } from '../version/index.js';
import { checkBreakingChanges, compareDotted } from './check-breaking-changes.js';

const CATALOG = builtInBreakingChanges();
const FLAGS_FILE = '/var/lib/kubelet/kubeadm-flags.env';
/** What kubeadm v1.20 writes on a Docker node, as the real kubeadm fixture has it. */
const KUBEADM_120_DOCKER = 'KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=registry.rk:5000/pause:3.2"\n';

function version(minor: number): string {
  const v = latestPatch(minor);
  if (!v) throw new Error(`no release v1.${minor} in the test catalog`);
  return formatVersion(v);
}

/** One control-plane node and one worker at v1.(minor), every node with `facts`. */
function clusterAt(minor: number, facts: NodeFacts = {}, extra: Partial<ClusterSnapshot> = {}, etcd?: string): ClusterSnapshot {
  const builder = aCluster().withControlPlane(version(minor), 1).withWorkers(version(minor), 1);
  const built = (etcd ? builder.withNode('cp-1', { role: 'control-plane', kubelet: version(minor), controlPlane: { etcd } }) : builder).build();
  return { ...built, ...extra, nodes: built.nodes.map((n) => ({ ...n, facts })) };
}

function check(cluster: ClusterSnapshot, toMinor: number) {
  const plan = planUpgrade(cluster, { target: latestPatch(toMinor)!, strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  return checkBreakingChanges(cluster, plan, CATALOG);
}

const codes = (findings: readonly { code: string; subject: string }[]) => findings.map((f) => `${f.code} ${f.subject}`);

function kubeadmConfig(extraArgs: readonly Omit<ComponentFlagSetting, 'file' | 'field'>[], more: Partial<KubeadmConfigFacts> = {}): Pick<ClusterSnapshot, 'kubeadmConfig'> {
  const field = { 'kube-apiserver': 'apiServer', 'kube-controller-manager': 'controllerManager', 'kube-scheduler': 'scheduler' } as const;
  return {
    kubeadmConfig: {
      apiVersion: 'kubeadm.k8s.io/v1beta3',
      extraArgs: extraArgs.map((a) => ({ ...a, file: 'configmap kube-system/kubeadm-config', field: `ClusterConfiguration.${field[a.component]}.extraArgs` })),
      ...more,
    },
  };
}

describe('checkBreakingChanges on a kubeadm v1.20 node running Docker', () => {
  const facts: NodeFacts = { containerRuntimeVersion: 'docker://20.10.24', kubeletFlags: parseFlags(KUBEADM_120_DOCKER, FLAGS_FILE) };
  const cluster = clusterAt(20, facts, { kubeadmConfig: { apiVersion: 'kubeadm.k8s.io/v1beta2', extraArgs: [], imageRepository: 'registry.rk:5000' } });

  it('names the dockershim and the removed --network-plugin on every node for v1.24, with the fix', () => {
    const findings = check(cluster, 24);
    assert.deepEqual(codes(findings), ['KUBELET_FLAG_REMOVED node/cp-1', 'DOCKERSHIM_REMOVED node/cp-1', 'KUBELET_FLAG_REMOVED node/worker-1', 'DOCKERSHIM_REMOVED node/worker-1']);
    assert.ok(findings.every((f) => f.severity === 'blocking'));
    assert.equal(
      findings[2]?.message,
      '/var/lib/kubelet/kubeadm-flags.env:1 on worker-1 sets --network-plugin=cni, which the kubelet no longer accepts from v1.24: after its kubelet upgrade to v1.24.17 (step v1.24/workers/worker-1/upgrade-kubelet) the kubelet exits with "unknown flag: --network-plugin" and worker-1 stays NotReady — remove --network-plugin=cni from /var/lib/kubelet/kubeadm-flags.env on worker-1 before that step (the CNI configuration now belongs to the container runtime (containerd reads /etc/cni/net.d and /opt/cni/bin itself))',
    );
    assert.match(findings[3]?.message ?? '', /^worker-1 runs its containers with Docker \(docker:\/\/20\.10\.24\) through the dockershim, which the kubelet no longer has from v1\.24: after its kubelet upgrade to v1\.24\.17 .* install containerd \(or cri-dockerd to keep Docker\)/);
  });

  it('finds nothing for v1.21, which still has the dockershim and the flag', () => {
    assert.deepEqual(check(cluster, 21), []);
  });

  it('accepts Docker behind cri-dockerd', () => {
    const behind = clusterAt(23, { containerRuntimeVersion: 'docker://24.0.7', kubeletFlags: parseFlags('KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/cri-dockerd.sock"', FLAGS_FILE) });
    assert.deepEqual(check(behind, 24), []);
  });
});

describe('every entry of the breaking-change catalog', () => {
  for (const entry of CATALOG.kubeletFlags) {
    for (const flag of entry.flags) {
      it(`blocks kubelet ${flag} at v1.${entry.removedIn}, and not without it`, () => {
        const flags = parseFlags(`KUBELET_EXTRA_ARGS="--v=2 ${flag}=x"`, '/etc/default/kubelet');
        assert.deepEqual(codes(check(clusterAt(entry.removedIn - 1, { kubeletFlags: flags }), entry.removedIn)), ['KUBELET_FLAG_REMOVED node/cp-1', 'KUBELET_FLAG_REMOVED node/worker-1']);
        assert.deepEqual(check(clusterAt(entry.removedIn - 1, { kubeletFlags: parseFlags('KUBELET_EXTRA_ARGS="--v=2"', '/etc/default/kubelet') }), entry.removedIn), []);
      });
    }
  }

  for (const entry of CATALOG.controlPlaneFlags) {
    for (const flag of entry.flags) {
      it(`blocks ${entry.component} ${flag} in kubeadm-config at v1.${entry.removedIn}, and not a hop earlier`, () => {
        const cluster = clusterAt(entry.removedIn - 1, {}, kubeadmConfig([{ component: entry.component, flag, value: '1' }]));
        const findings = check(cluster, entry.removedIn).filter((f) => f.code === 'CONTROL_PLANE_FLAG_REMOVED');
        assert.deepEqual(codes(findings), [`CONTROL_PLANE_FLAG_REMOVED ${entry.component}`]);
        assert.match(findings[0]?.message ?? '', new RegExp(`^configmap kube-system/kubeadm-config, ClusterConfiguration\\.\\w+\\.extraArgs gives ${entry.component} ${flag}=1, which it no longer accepts from v1\\.${entry.removedIn}`));
        assert.deepEqual(check(clusterAt(entry.removedIn - 2, {}, kubeadmConfig([{ component: entry.component, flag, value: '1' }])), entry.removedIn - 1).filter((f) => f.code === 'CONTROL_PLANE_FLAG_REMOVED'), []);
      });
    }
  }

  for (const entry of CATALOG.featureGates) {
    for (const gate of entry.gates) {
      it(`blocks the feature gate ${gate} at v1.${entry.removedIn} in the control plane and the kubelet, and not other gates`, () => {
        const cluster = clusterAt(entry.removedIn - 1, { kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: { [`featureGates.${gate}`]: 'true' } } }, kubeadmConfig([{ component: 'kube-scheduler', flag: '--feature-gates', value: `SomeOtherGate=true,${gate}=false` }]));
        assert.deepEqual(codes(check(cluster, entry.removedIn).filter((f) => f.code === 'FEATURE_GATE_REMOVED')), ['FEATURE_GATE_REMOVED node/cp-1', 'FEATURE_GATE_REMOVED node/worker-1', 'FEATURE_GATE_REMOVED kube-scheduler']);
        const other = clusterAt(entry.removedIn - 1, { kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: { 'featureGates.SomeOtherGate': 'true' } } }, kubeadmConfig([{ component: 'kube-scheduler', flag: '--feature-gates', value: 'SomeOtherGate=true' }]));
        assert.deepEqual(check(other, entry.removedIn).filter((f) => f.code === 'FEATURE_GATE_REMOVED'), []);
      });
    }
  }

  for (const entry of CATALOG.admissionPlugins) {
    it(`blocks the admission plugin ${entry.plugin} at v1.${entry.removedIn}, and not when it is off`, () => {
      const on = clusterAt(entry.removedIn - 1, {}, kubeadmConfig([{ component: 'kube-apiserver', flag: '--enable-admission-plugins', value: `NodeRestriction,${entry.plugin}` }]));
      assert.deepEqual(codes(check(on, entry.removedIn)), ['ADMISSION_PLUGIN_REMOVED kube-apiserver']);
      const off = clusterAt(entry.removedIn - 1, {}, kubeadmConfig([{ component: 'kube-apiserver', flag: '--enable-admission-plugins', value: 'NodeRestriction' }]));
      assert.deepEqual(check(off, entry.removedIn), []);
    });
  }

  for (const entry of CATALOG.kubeadmConfigApis) {
    it(`blocks a kubeadm-config stored as ${entry.apiVersion} at the hop to v1.${entry.removedIn}, and mentions it when a later hop drops it`, () => {
      const stored = clusterAt(entry.removedIn - 1, {}, kubeadmConfig([], { apiVersion: entry.apiVersion }));
      assert.deepEqual(codes(check(stored, entry.removedIn).filter((f) => f.code.startsWith('KUBEADM_CONFIG_API'))), ['KUBEADM_CONFIG_API_UNREADABLE kubeadm-config']);
      const earlier = clusterAt(entry.removedIn - 2, {}, kubeadmConfig([], { apiVersion: entry.apiVersion }));
      assert.deepEqual(check(earlier, entry.removedIn).filter((f) => f.code.startsWith('KUBEADM_CONFIG_API')).map((f) => `${f.code} ${f.severity}`), ['KUBEADM_CONFIG_API_RETIRED info']);
      assert.deepEqual(check(earlier, entry.removedIn - 1).filter((f) => f.code.startsWith('KUBEADM_CONFIG_API')), []);
    });
  }

  for (const shape of CATALOG.kubeadmConfigShapes) {
    it(`mentions that kubeadm stores ${shape.apiVersion} from v1.${shape.storedFrom}, only on plans that reach it`, () => {
      const cluster = clusterAt(shape.storedFrom - 1, {}, kubeadmConfig([]));
      assert.deepEqual(codes(check(cluster, shape.storedFrom)), ['KUBEADM_CONFIG_SHAPE_CHANGES kubeadm-config']);
      assert.deepEqual(check(clusterAt(shape.storedFrom - 2, {}, kubeadmConfig([])), shape.storedFrom - 1), []);
    });
  }

  for (const entry of CATALOG.kubeletConfigFields) {
    it(`judges ${entry.field}: ${entry.value} ${entry.severity} at v1.${entry.changedIn}, and not another value`, () => {
      const config = (value: string) => ({ kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: { [entry.field]: value } } });
      const findings = check(clusterAt(entry.changedIn - 1, config(entry.value)), entry.changedIn);
      assert.deepEqual(findings.map((f) => `${f.code} ${f.severity} ${f.subject}`), [`KUBELET_CONFIG_CHANGED ${entry.severity} node/cp-1`, `KUBELET_CONFIG_CHANGED ${entry.severity} node/worker-1`]);
      assert.deepEqual(check(clusterAt(entry.changedIn - 1, config(`${entry.value}1`)), entry.changedIn), []);
    });
  }

  const rt = CATALOG.runtime;
  it(`blocks Docker through the dockershim at v1.${rt.dockershimRemovedIn}, and not containerd`, () => {
    assert.deepEqual(codes(check(clusterAt(rt.dockershimRemovedIn - 1, { containerRuntimeVersion: 'docker://20.10.24' }), rt.dockershimRemovedIn)), ['DOCKERSHIM_REMOVED node/cp-1', 'DOCKERSHIM_REMOVED node/worker-1']);
    assert.deepEqual(check(clusterAt(rt.dockershimRemovedIn - 1, { containerRuntimeVersion: 'containerd://1.6.20' }), rt.dockershimRemovedIn), []);
  });

  it(`blocks a containerd without CRI v1 at v1.${rt.criV1OnlyFrom}, and not ${rt.criV1Containerd}`, () => {
    assert.deepEqual(codes(check(clusterAt(rt.criV1OnlyFrom - 1, { containerRuntimeVersion: 'containerd://1.5.11' }), rt.criV1OnlyFrom)), ['CONTAINERD_WITHOUT_CRI_V1 node/cp-1', 'CONTAINERD_WITHOUT_CRI_V1 node/worker-1']);
    assert.deepEqual(codes(check(clusterAt(rt.criV1OnlyFrom - 1, { containerRuntimeVersion: `containerd://${rt.criV1Containerd}` }), rt.criV1OnlyFrom)).filter((c) => c.startsWith('CONTAINERD_WITHOUT')), []);
  });

  for (const row of rt.containerdSupport) {
    const oldest = [...row.minimums].sort(compareDotted)[0]!;
    const [major, minor, patch] = oldest.split('.').map(Number) as [number, number, number];
    const below = patch > 0 ? `${major}.${minor}.${patch - 1}` : `${major}.${minor - 1}.99`;
    it(`warns of containerd ${below} with v1.${row.minor}, and not of ${oldest}`, () => {
      const findings = check(clusterAt(row.minor - 1, { containerRuntimeVersion: `containerd://${below}` }), row.minor);
      assert.deepEqual(findings.filter((f) => f.code === 'CONTAINERD_UNSUPPORTED').map((f) => `${f.severity} ${f.subject}`), ['overridable node/cp-1', 'overridable node/worker-1']);
      assert.deepEqual(check(clusterAt(row.minor - 1, { containerRuntimeVersion: `containerd://${oldest}` }), row.minor), []);
    });
  }

  it(`blocks cgroup v1 at v1.${rt.cgroupV1RefusedFrom} unless failCgroupV1 is false, and not cgroup v2`, () => {
    assert.deepEqual(codes(check(clusterAt(rt.cgroupV1RefusedFrom - 1, { cgroupVersion: 1 }), rt.cgroupV1RefusedFrom)), ['CGROUP_V1_REFUSED node/cp-1', 'CGROUP_V1_REFUSED node/worker-1']);
    const optedOut = clusterAt(rt.cgroupV1RefusedFrom - 1, { cgroupVersion: 1 }, { kubeletConfig: { file: 'configmap kube-system/kubelet-config', fields: { failCgroupV1: 'false' } } });
    assert.deepEqual(check(optedOut, rt.cgroupV1RefusedFrom), []);
    assert.deepEqual(check(clusterAt(rt.cgroupV1RefusedFrom - 1, { cgroupVersion: 2 }), rt.cgroupV1RefusedFrom), []);
  });

  it(`blocks an empty cgroupDriver that kubeadm turns into ${rt.cgroupDriverDefault.driver} at v1.${rt.cgroupDriverDefault.changedIn} against a cgroupfs containerd, and not a set one`, () => {
    const runtime = { containerRuntimeVersion: 'containerd://1.4.13', containerdSystemdCgroup: false };
    const empty = clusterAt(rt.cgroupDriverDefault.changedIn - 1, { ...runtime, kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: {} } });
    assert.deepEqual(codes(check(empty, rt.cgroupDriverDefault.changedIn)), ['CGROUP_DRIVER_MISMATCH node/cp-1', 'CGROUP_DRIVER_MISMATCH node/worker-1']);
    const set = clusterAt(rt.cgroupDriverDefault.changedIn - 1, { ...runtime, kubeletConfig: { file: '/var/lib/kubelet/config.yaml', fields: { cgroupDriver: 'cgroupfs' } } });
    assert.deepEqual(check(set, rt.cgroupDriverDefault.changedIn), []);
    // Nobody read the kubelet's configuration: nothing to compare.
    assert.deepEqual(check(clusterAt(rt.cgroupDriverDefault.changedIn - 1, runtime), rt.cgroupDriverDefault.changedIn), []);
  });

  it(`blocks static pods that need API objects at v1.${CATALOG.staticPodApiReferencesDeniedFrom}, and not self-contained ones`, () => {
    const pod = (apiReferences: string[]) => ({ staticPods: [{ file: '/etc/kubernetes/manifests/kube-vip.yaml', name: 'kube-vip', apiReferences }] });
    const findings = check(clusterAt(CATALOG.staticPodApiReferencesDeniedFrom - 1, pod(['ServiceAccount kube-vip'])), CATALOG.staticPodApiReferencesDeniedFrom);
    assert.deepEqual(codes(findings), ['STATIC_POD_REFERENCES_API_OBJECTS node/cp-1', 'STATIC_POD_REFERENCES_API_OBJECTS node/worker-1']);
    assert.deepEqual(check(clusterAt(CATALOG.staticPodApiReferencesDeniedFrom - 1, pod([])), CATALOG.staticPodApiReferencesDeniedFrom), []);
  });

  for (const floor of CATALOG.etcd) {
    const [major, minor, patch] = floor.minimum.split('.').map(Number) as [number, number, number];
    const below = patch > 0 ? `${major}.${minor}.${patch - 1}-0` : `${major}.${minor - 1}.99-0`;
    it(`blocks etcd ${below} before the hop to v1.${floor.into}, and not ${floor.minimum}`, () => {
      assert.deepEqual(codes(check(clusterAt(floor.into - 1, {}, {}, below), floor.into)), ['ETCD_TOO_OLD_FOR_HOP node/cp-1 etcd']);
      assert.deepEqual(check(clusterAt(floor.into - 1, {}, {}, `${floor.minimum}-0`), floor.into), []);
    });
  }

  it('warns that kubeadm re-installs a kube-proxy a CNI replaced, and not where kube-proxy runs', () => {
    assert.deepEqual(codes(check(clusterAt(30, {}, kubeadmConfig([], { kubeProxyRemoved: true })), 31).filter((f) => f.code.startsWith('KUBE_PROXY'))), ['KUBE_PROXY_REINSTALLED kube-proxy']);
    assert.deepEqual(check(clusterAt(29, {}, kubeadmConfig([], { kubeProxyRemoved: false })), 30), []);
  });

  for (const move of CATALOG.imageRegistries) {
    it(`warns of control-plane images pulled from ${move.from} before v1.${move.kubeadmRewritesFrom}, and not from ${move.to} or once kubeadm rewrites it`, () => {
      const findings = check(clusterAt(23, {}, kubeadmConfig([], { imageRepository: move.from })), 24);
      assert.deepEqual(codes(findings), ['IMAGE_REGISTRY_FROZEN kubeadm-config']);
      assert.match(findings[0]?.message ?? '', new RegExp(`set imageRepository: ${move.to.replace('.', '\\.')} in configmap kube-system/kubeadm-config before the first hop$`));
      assert.deepEqual(check(clusterAt(23, {}, kubeadmConfig([], { imageRepository: move.to })), 24), []);
      assert.deepEqual(check(clusterAt(move.kubeadmRewritesFrom - 1, {}, kubeadmConfig([], { imageRepository: move.from })), move.kubeadmRewritesFrom), []);
    });
  }
});

describe('every CNI plugin of the breaking-change catalog', () => {
  for (const cni of CATALOG.cniPlugins) {
    for (const daemonSet of cni.daemonSets) {
      it(`says ${cni.name} (DaemonSet ${daemonSet}) must be checked against each minor the plan enters, with its pages, and not where it does not run`, () => {
        const withCni = aCluster().withControlPlane(version(33), 1).withWorkers(version(33), 1).withWorkload({ kind: 'DaemonSet', namespace: 'kube-system', name: daemonSet }).build();
        const findings = check(withCni, 35).filter((f) => f.code === 'CNI_PLUGIN_UPGRADE');
        assert.deepEqual(codes(findings), [`CNI_PLUGIN_UPGRADE DaemonSet kube-system/${daemonSet}`]);
        assert.equal(findings[0]?.severity, 'info');
        assert.equal(
          findings[0]?.message,
          `${cni.name} runs the pod network (DaemonSet kube-system/${daemonSet}) and kubeadm does not upgrade it: ${cni.requirement} — check v1.34, v1.35 against ${cni.compatibility} before the hops; to upgrade it, ${cni.upgrade}`,
        );
        const without = aCluster().withControlPlane(version(33), 1).withWorkers(version(33), 1).withWorkload({ kind: 'DaemonSet', namespace: 'kube-system', name: 'node-exporter' }).build();
        assert.deepEqual(codes(check(without, 35).filter((f) => f.code === 'CNI_PLUGIN_UPGRADE')), []);
      });
    }
  }

  it('says nothing of the CNI plugin for a patch-only upgrade, which enters no new minor', () => {
    const cluster = aCluster().withControlPlane('v1.33.5', 1).withWorkers('v1.33.5', 1).withWorkload({ kind: 'DaemonSet', namespace: 'kube-system', name: 'calico-node' }).build();
    const plan = planUpgrade(cluster, { target: latestPatch(33)!, strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
    assert.deepEqual(codes(checkBreakingChanges(cluster, plan, CATALOG).filter((f) => f.code === 'CNI_PLUGIN_UPGRADE')), []);
  });
});

describe('checkBreakingChanges', () => {
  it('says when the plan goes past the release the catalog was checked through', () => {
    const findings = checkBreakingChanges(clusterAt(32), planUpgrade(clusterAt(32), { target: latestPatch(33)!, strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch }), { ...CATALOG, checkedThrough: 32 });
    assert.deepEqual(findings.map((f) => `${f.code} ${f.severity}`), ['BREAKING_CHANGES_NOT_COVERED overridable']);
  });

  it('judges a node only at the kubelet step that brings it past the removal', () => {
    // Workers skip hops: from v1.29 to v1.32 the worker's kubelet goes straight to v1.32.
    const cluster = clusterAt(29, { kubeletFlags: parseFlags('KUBELET_KUBEADM_ARGS="--keep-terminated-pod-volumes"', FLAGS_FILE) });
    const messages = check(cluster, 32).map((f) => f.message);
    assert.equal(messages.length, 2);
    assert.match(messages[1] ?? '', /on worker-1 sets --keep-terminated-pod-volumes, which the kubelet no longer accepts from v1\.31: after its kubelet upgrade to v1\.32\.13 \(step v1\.32\/workers\/worker-1\/upgrade-kubelet\)/);
  });

  it('says nothing of nodes whose kubelet the plan does not move past a removal', () => {
    assert.deepEqual(check(clusterAt(24, { containerRuntimeVersion: 'docker://20.10.24' }), 25), []);
  });
});
