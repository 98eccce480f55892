import { parseCpuQuantity, parseMemoryQuantity, type ControlPlaneComponents, type NodeSnapshot, type Taint } from '../../core/cluster/index.js';
import { cordonMarkOf } from './cordon-mark-annotations.js';
import { ClusterApiError } from '../../core/errors.js';
import { defaultEraFor, type KubeVersion } from '../../core/version/index.js';
import type { KubeNode } from './kube-objects.js';
import { imageTagOf, kubeVersionOf } from './kube-version-of.js';
import type { NodeComponentImages } from './node-components-of.js';
import { nodeOsOf } from './node-os-of.js';

// A Node object, with the images of the static pods and kube-proxy on it, as the snapshot has it.
// What only the node itself knows (kubeadm and kubectl packages, the package repository) is not in
// the API: the repository is inferred from the kubelet version and marked guessed.

const ROLE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const EFFECTS = new Set<string>(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const ADDRESS_ORDER = ['InternalIP', 'ExternalIP', 'Hostname'];

function quantity(parse: typeof parseCpuQuantity, value: string | number | undefined): number {
  const result = parse(value ?? 0);
  return result.ok ? result.value : 0;
}

function taintsOf(node: KubeNode): Taint[] {
  return (node.spec?.taints ?? [])
    .filter((t) => t.key !== undefined && EFFECTS.has(t.effect ?? ''))
    .map((t) => ({ key: t.key ?? '', ...(t.value ? { value: t.value } : {}), effect: t.effect as Taint['effect'] }));
}

function addressOf(node: KubeNode): string | undefined {
  const addresses = node.status?.addresses ?? [];
  for (const type of ADDRESS_ORDER) {
    const found = addresses.find((a) => a.type === type);
    if (found) return found.address;
  }
  return undefined;
}

/**
 * The control plane of a node from its static pods' images. A component whose pod is missing
 * (a restart in progress, a non-kubeadm setup) falls back to the version /version reports.
 */
function controlPlaneOf(images: NodeComponentImages, apiServerVersion: KubeVersion | undefined, name: string): ControlPlaneComponents {
  const version = (image: string | undefined, component: string): KubeVersion => {
    const found = kubeVersionOf(imageTagOf(image)) ?? apiServerVersion;
    if (!found) throw new ClusterApiError(`failed to read the control plane of node ${name}: no ${component} mirror pod in kube-system names a version`, undefined);
    return found;
  };
  const etcd = imageTagOf(images.etcd);
  return {
    apiserver: version(images.apiserver, 'kube-apiserver'),
    controllerManager: version(images.controllerManager, 'kube-controller-manager'),
    scheduler: version(images.scheduler, 'kube-scheduler'),
    ...(etcd ? { etcd } : {}),
  };
}

/** A control-plane node: kubeadm's role label (either spelling), or an API server mirror pod on it. */
export function isControlPlane(node: KubeNode, images: NodeComponentImages): boolean {
  const labels = node.metadata.labels ?? {};
  return ROLE_LABELS.some((l) => l in labels) || images.apiserver !== undefined;
}

export function nodeSnapshotOf(node: KubeNode, images: NodeComponentImages, apiServerVersion: KubeVersion | undefined): NodeSnapshot {
  const name = node.metadata.name;
  const labels = { ...node.metadata.labels };
  const kubeletText = node.status?.nodeInfo?.kubeletVersion;
  const kubelet = kubeVersionOf(kubeletText);
  if (!kubelet) throw new ClusterApiError(`failed to read node ${name}: its kubelet version "${kubeletText ?? ''}" is not a Kubernetes version`, undefined);
  const controlPlane = isControlPlane(node, images);
  const kubeProxy = kubeVersionOf(imageTagOf(images.kubeProxy)) ?? kubeVersionOf(node.status?.nodeInfo?.kubeProxyVersion);
  const era = defaultEraFor(kubelet);
  const allocatable = node.status?.allocatable;
  const address = addressOf(node);
  const runtime = node.status?.nodeInfo?.containerRuntimeVersion;
  const cordonMark = cordonMarkOf(node.metadata.annotations);
  return {
    name,
    role: controlPlane ? 'control-plane' : 'worker',
    kubelet,
    ...(kubeProxy ? { kubeProxy } : {}),
    os: nodeOsOf(node.status?.nodeInfo?.osImage),
    repository: { era, ...(era === 'pkgs' ? { minor: kubelet.minor } : {}), guessed: true },
    ready: node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    cordoned: node.spec?.unschedulable === true,
    ...(controlPlane ? { controlPlane: controlPlaneOf(images, apiServerVersion, name) } : {}),
    allocatable: {
      cpuMillis: quantity(parseCpuQuantity, allocatable?.cpu),
      memoryBytes: quantity(parseMemoryQuantity, allocatable?.memory),
      pods: Number(allocatable?.pods ?? 0) || 0,
    },
    labels,
    taints: taintsOf(node),
    ...(address ? { address } : {}),
    ...(runtime ? { facts: { containerRuntimeVersion: runtime } } : {}),
    ...(cordonMark ? { cordonMark } : {}),
  };
}
