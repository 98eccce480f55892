import { createHash } from 'node:crypto';
import type { V1ConfigMap, V1DaemonSet, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { tryParseVersion } from '../../../src/core/version/index.js';
import type { ClusterState, NodeState, StaticPods } from './node-state.js';

// What kubeadm puts into a cluster, built from the emulated state: the mirror pods of a
// control-plane node's static pods, the kubeadm-config ConfigMap, the kube-proxy DaemonSet and
// the CoreDNS Deployment. Images name the versions the state holds, which is all kubehop reads.

export const NO_AGENT_LABEL = 'kubehop.io/no-agent';

/** kubeadm's default registry: k8s.gcr.io until v1.24, registry.k8s.io from v1.25. */
export function imageRepositoryFor(version: string): string {
  return (tryParseVersion(version)?.minor ?? 0) >= 25 ? 'registry.k8s.io' : 'k8s.gcr.io';
}

export const STATIC_COMPONENTS: readonly { readonly key: keyof StaticPods; readonly component: string }[] = [
  { key: 'etcd', component: 'etcd' },
  { key: 'apiserver', component: 'kube-apiserver' },
  { key: 'controllerManager', component: 'kube-controller-manager' },
  { key: 'scheduler', component: 'kube-scheduler' },
];

export function mirrorPodName(component: string, node: string): string {
  return `${component}-${node}`;
}

/** The image of a static pod; etcd follows the cluster's registry, as kubeadm's manifests do. */
export function staticPodImage(pods: StaticPods, key: keyof StaticPods): string {
  const component = STATIC_COMPONENTS.find((c) => c.key === key)?.component ?? key;
  return `${imageRepositoryFor(pods.apiserver)}/${component}:${pods[key]}`;
}

/** The mirror pods the kubelet of a control-plane node keeps in kube-system. */
export function mirrorPodsOf(state: NodeState, nodeUid: string | undefined): V1Pod[] {
  const pods = state.staticPods;
  if (!pods) return [];
  return STATIC_COMPONENTS.map(({ key, component }) => {
    const image = staticPodImage(pods, key);
    const hash = createHash('sha256').update(`${state.name}/${component}/${image}`).digest('hex').slice(0, 32);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: mirrorPodName(component, state.name),
        namespace: 'kube-system',
        labels: { component, tier: 'control-plane' },
        annotations: {
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.source': 'file',
        },
        ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: state.name, uid: nodeUid, controller: true }] } : {}),
      },
      spec: {
        nodeName: state.name,
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
        containers: [{ name: component, image, command: [component], imagePullPolicy: 'IfNotPresent' }],
      },
    };
  });
}

export function kubeadmConfigMapOf(cluster: ClusterState, controlPlanes: readonly string[]): V1ConfigMap {
  const repo = imageRepositoryFor(cluster.kubernetesVersion);
  const clusterConfiguration = [
    'apiServer:',
    '  extraArgs:',
    '    authorization-mode: Node,RBAC',
    '  timeoutForControlPlane: 4m0s',
    'apiVersion: kubeadm.k8s.io/v1beta2',
    'certificatesDir: /etc/kubernetes/pki',
    `clusterName: ${cluster.clusterName}`,
    'controllerManager: {}',
    'dns:',
    '  type: CoreDNS',
    'etcd:',
    '  local:',
    '    dataDir: /var/lib/etcd',
    `imageRepository: ${repo}`,
    'kind: ClusterConfiguration',
    `kubernetesVersion: ${cluster.kubernetesVersion}`,
    'networking:',
    '  dnsDomain: cluster.local',
    '  serviceSubnet: 10.96.0.0/12',
    'scheduler: {}',
    '',
  ].join('\n');
  const endpoints = controlPlanes.map((n) => `  ${n}:\n    advertiseAddress: 127.0.0.1\n    bindPort: 6443`).join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
    data: {
      ClusterConfiguration: clusterConfiguration,
      ClusterStatus: `apiEndpoints:\n${endpoints}\napiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterStatus\n`,
    },
  };
}

export function kubeProxyDaemonSetOf(cluster: ClusterState): V1DaemonSet {
  const labels = { 'k8s-app': 'kube-proxy' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          automountServiceAccountToken: false,
          tolerations: [{ operator: 'Exists' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [{ name: 'kube-proxy', image: `${imageRepositoryFor(cluster.kubeProxy)}/kube-proxy:${cluster.kubeProxy}`, command: ['/usr/local/bin/kube-proxy'] }],
        },
      },
    },
  };
}

/** CoreDNS moved to coredns/coredns with v-prefixed tags in kubeadm v1.21. */
export function coreDnsImageOf(cluster: ClusterState): string {
  const repo = imageRepositoryFor(cluster.kubernetesVersion);
  return cluster.coreDNS.startsWith('v') ? `${repo}/coredns/coredns:${cluster.coreDNS}` : `${repo}/coredns:${cluster.coreDNS}`;
}

export function coreDnsDeploymentOf(cluster: ClusterState): V1Deployment {
  const labels = { 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          automountServiceAccountToken: false,
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [{ name: 'coredns', image: coreDnsImageOf(cluster), args: ['-conf', '/etc/coredns/Corefile'], resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } } }],
        },
      },
    },
  };
}
