import type { KubePod } from './kube-objects.js';

// The images of kubeadm's static pods and of kube-proxy on each node. kubeadm labels its mirror
// pods in kube-system with component=kube-apiserver etc.; kube-proxy's pods carry
// k8s-app=kube-proxy. The version is the image tag, as `kubeadm upgrade plan` reads it.

export interface NodeComponentImages {
  apiserver?: string;
  controllerManager?: string;
  scheduler?: string;
  etcd?: string;
  kubeProxy?: string;
}

const BY_COMPONENT: Readonly<Record<string, keyof NodeComponentImages>> = {
  'kube-apiserver': 'apiserver',
  'kube-controller-manager': 'controllerManager',
  'kube-scheduler': 'scheduler',
  etcd: 'etcd',
};

function imageOf(pod: KubePod, container: string): string | undefined {
  const containers = pod.spec?.containers ?? [];
  return (containers.find((c) => c.name === container) ?? containers[0])?.image;
}

/** Component images by node name, from the pods of kube-system. */
export function nodeComponentsOf(pods: readonly KubePod[]): Map<string, NodeComponentImages> {
  const byNode = new Map<string, NodeComponentImages>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node || pod.metadata.namespace !== 'kube-system' || pod.metadata.deletionTimestamp) continue;
    const labels = pod.metadata.labels ?? {};
    const component = labels.component;
    const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
    // Only kubeadm's static pods (mirror pods) speak for the control plane of their node.
    const key = component !== undefined && mirror ? BY_COMPONENT[component] : labels['k8s-app'] === 'kube-proxy' ? 'kubeProxy' : undefined;
    if (!key) continue;
    const image = imageOf(pod, key === 'kubeProxy' ? 'kube-proxy' : (component ?? ''));
    if (!image) continue;
    const entry = byNode.get(node) ?? {};
    entry[key] = image;
    byNode.set(node, entry);
  }
  return byNode;
}
