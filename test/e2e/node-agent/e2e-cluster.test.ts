import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { e2eClusterSkipReason, startE2eCluster, type E2eCluster, type SshHost } from '../e2e-cluster.js';
import { eventually as pollUntil } from '../eventually.js';

// The emulated cluster end to end: a real v1.20.2 control plane, nodes kept by the node agent,
// and node commands over real SSH whose effects show in the API. One cluster for the file.

const skip = e2eClusterSkipReason();

function ssh(host: SshHost, command: string): Promise<{ code: number; out: string; err: string }> {
  const args = ['-i', host.keyFile, '-o', `UserKnownHostsFile=${host.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-p', String(host.port), `${host.user}@${host.host}`, command];
  return new Promise((resolve) => {
    execFile('ssh', args, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

/** Waits as long as a step of this suite may take. */
const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) => pollUntil(what, probe, timeoutMs);

const isReady = (pod: V1Pod) => pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

describe('the emulated e2e cluster', { skip }, () => {
  let cluster: E2eCluster;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  before(async () => {
    cluster = await startE2eCluster({ controlPlanes: 1, workers: 2, version: 'v1.20.2' });
    const config = new KubeConfig();
    config.loadFromFile(cluster.kubeconfig);
    core = config.makeApiClient(CoreV1Api);
    apps = config.makeApiClient(AppsV1Api);
  });

  after(async () => {
    await cluster?.stop();
  });

  test('comes up with every node Ready at v1.20.2, the control-plane node labelled and its mirror pods running', async () => {
    const nodes = (await core.listNode()).items;
    const seen = nodes.map((n) => ({
      name: n.metadata?.name,
      ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status,
      kubelet: n.status?.nodeInfo?.kubeletVersion,
      controlPlane: n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined,
      address: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
      pods: n.status?.allocatable?.pods,
    }));
    assert.deepEqual(seen, [
      { name: 'cp-1', ready: 'True', kubelet: 'v1.20.2', controlPlane: true, address: '127.0.0.1', pods: '110' },
      { name: 'worker-1', ready: 'True', kubelet: 'v1.20.2', controlPlane: false, address: '127.0.0.1', pods: '110' },
      { name: 'worker-2', ready: 'True', kubelet: 'v1.20.2', controlPlane: false, address: '127.0.0.1', pods: '110' },
    ]);
    const mirrors = (await core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'tier=control-plane' })).items;
    assert.deepEqual(
      mirrors.map((p) => [p.metadata?.name, p.spec?.containers[0]?.image, isReady(p), p.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined]).sort(),
      [
        ['etcd-cp-1', 'k8s.gcr.io/etcd:3.4.13-0', true, true],
        ['kube-apiserver-cp-1', 'k8s.gcr.io/kube-apiserver:v1.20.2', true, true],
        ['kube-controller-manager-cp-1', 'k8s.gcr.io/kube-controller-manager:v1.20.2', true, true],
        ['kube-scheduler-cp-1', 'k8s.gcr.io/kube-scheduler:v1.20.2', true, true],
      ],
    );
  });

  test("runs a Deployment's pods Running and Ready on the workers", async () => {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { automountServiceAccountToken: false, containers: [{ name: 'web', image: 'nginx:1.25' }] } },
        },
      },
    });
    const pods = await eventually('3 web pods Ready', async () => {
      const items = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items;
      return items.length === 3 && items.every(isReady) ? items : undefined;
    });
    assert.ok(pods.every((p) => p.spec?.nodeName?.startsWith('worker-')), 'the control-plane taint keeps them off cp-1');
    await eventually('the Deployment available', async () => ((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).status?.availableReplicas === 3 ? true : undefined));
  });

  test('installs kubeadm over SSH, and kubeadm then answers with the new version', async () => {
    const host = cluster.sshHosts['cp-1'] as SshHost;
    const install = await ssh(host, 'apt-mark unhold kubeadm && apt-get update && apt-get install -y kubeadm=1.21.14-00 && apt-mark hold kubeadm');
    assert.equal(install.code, 0, install.err);
    assert.deepEqual(await ssh(host, 'kubeadm version -o short'), { code: 0, out: 'v1.21.14\n', err: '' });
    assert.deepEqual(await ssh(cluster.sshHosts['worker-1'] as SshHost, 'kubeadm version -o short'), { code: 0, out: 'v1.20.2\n', err: '' }, 'other nodes are untouched');
  });

  test('kubeadm upgrade apply over SSH changes what the cluster reports: mirror pods, kubeadm-config, kube-proxy', async () => {
    const applied = await ssh(cluster.sshHosts['cp-1'] as SshHost, 'kubeadm upgrade apply v1.21.14 --yes');
    assert.equal(applied.code, 0, applied.err);
    // kubeadm waited for the agent, so the API shows the change when the command returns; the
    // wait only covers a mirror pod that someone deleted since and the agent puts back.
    const images = await eventually('four mirror pods', async () => {
      const mirrors = (await core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'tier=control-plane' })).items;
      return mirrors.length === 4 ? mirrors.map((p) => p.spec?.containers[0]?.image).sort() : undefined;
    }, 10_000);
    assert.deepEqual(images, [
      'k8s.gcr.io/etcd:3.4.13-0',
      'k8s.gcr.io/kube-apiserver:v1.21.14',
      'k8s.gcr.io/kube-controller-manager:v1.21.14',
      'k8s.gcr.io/kube-scheduler:v1.21.14',
    ]);
    const config = await core.readNamespacedConfigMap({ name: 'kubeadm-config', namespace: 'kube-system' });
    assert.match(config.data?.ClusterConfiguration ?? '', /^kubernetesVersion: v1\.21\.14$/m);
    const proxy = await apps.readNamespacedDaemonSet({ name: 'kube-proxy', namespace: 'kube-system' });
    assert.equal(proxy.spec?.template.spec?.containers[0]?.image, 'k8s.gcr.io/kube-proxy:v1.21.14');
    await eventually('kube-proxy rolled out at v1.21.14 on every node', async () => {
      const pods = (await core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy' })).items;
      return pods.length === 3 && pods.every((p) => isReady(p) && p.spec?.containers[0]?.image?.endsWith(':v1.21.14') && !p.metadata?.deletionTimestamp) ? true : undefined;
    }, 60_000);
  });

  test("a kubelet restart after its install changes the Node's kubeletVersion, through a short NotReady", async () => {
    const host = cluster.sshHosts['worker-1'] as SshHost;
    const install = await ssh(host, 'apt-mark unhold kubelet && apt-get install -y kubelet=1.21.14-00 && apt-mark hold kubelet');
    assert.equal(install.code, 0, install.err);
    const before = await core.readNode({ name: 'worker-1' });
    assert.equal(before.status?.nodeInfo?.kubeletVersion, 'v1.20.2', 'an installed kubelet runs only after a restart');
    assert.equal((await ssh(host, 'systemctl daemon-reload && systemctl restart kubelet')).code, 0);
    await eventually('worker-1 NotReady while the kubelet restarts', async () => {
      const node = await core.readNode({ name: 'worker-1' });
      return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False' ? true : undefined;
    }, 10_000);
    const after = await eventually('worker-1 Ready at v1.21.14', async () => {
      const node = await core.readNode({ name: 'worker-1' });
      return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && node.status.nodeInfo?.kubeletVersion === 'v1.21.14' ? node : undefined;
    });
    assert.equal(after.status?.nodeInfo?.kubeProxyVersion, 'v1.21.14');
  });

  test("an evicted pod goes away and the ReplicaSet's replacement becomes Ready on another node", async () => {
    const pods = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items;
    const victim = pods.find((p) => p.spec?.nodeName === 'worker-1') ?? (pods[0] as V1Pod);
    const from = victim.spec?.nodeName as string;
    const name = victim.metadata?.name as string;
    await core.patchNode({ name: from, body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.createNamespacedPodEviction({ name, namespace: 'default', body: { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name, namespace: 'default' } } });
    await eventually(`pod ${name} gone`, async () => {
      try {
        await core.readNamespacedPod({ name, namespace: 'default' });
        return undefined;
      } catch (error) {
        return (error as { code?: number }).code === 404 ? true : undefined;
      }
    }, 20_000);
    const replaced = await eventually('3 web pods Ready again', async () => {
      const items = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items;
      return items.length === 3 && items.every(isReady) ? items : undefined;
    });
    const fresh = replaced.filter((p) => !pods.some((old) => old.metadata?.uid === p.metadata?.uid));
    assert.equal(fresh.length, 1);
    assert.notEqual(fresh[0]?.spec?.nodeName, from, 'the replacement avoids the cordoned node');
  });
});
