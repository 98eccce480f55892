import { parse } from 'yaml';
import { ClusterApiError } from '../../core/errors.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeConfigMap } from './kube-objects.js';

// kube-system/kubeadm-config: the ClusterConfiguration kubeadm init stored and every upgrade
// rewrites. kubehop takes the cluster's name and whether etcd is external from it. A cluster
// kubeadm did not set up has none.

export interface KubeadmClusterConfig {
  readonly clusterName?: string;
  readonly kubernetesVersion?: string;
  readonly etcd?: 'local' | 'external';
}

interface ClusterConfiguration {
  readonly clusterName?: unknown;
  readonly kubernetesVersion?: unknown;
  readonly etcd?: { readonly external?: unknown; readonly local?: unknown };
}

export async function readKubeadmConfig(http: KubeHttp): Promise<KubeadmClusterConfig | undefined> {
  let map: KubeConfigMap;
  try {
    map = await http.request<KubeConfigMap>({
      method: 'GET',
      path: '/api/v1/namespaces/kube-system/configmaps/kubeadm-config',
      action: 'read configmap kube-system/kubeadm-config',
      rbac: { verb: 'get', resource: 'configmaps', namespace: 'kube-system' },
    });
  } catch (error) {
    if (error instanceof ClusterApiError && error.isNotFound()) return undefined;
    throw error;
  }
  const text = map.data?.ClusterConfiguration;
  if (!text) return {};
  let config: ClusterConfiguration;
  try {
    config = (parse(text) ?? {}) as ClusterConfiguration;
  } catch (error) {
    throw new ClusterApiError(`failed to read configmap kube-system/kubeadm-config: its ClusterConfiguration is not YAML (${(error as Error).message})`, undefined, { cause: error });
  }
  const etcd = config.etcd?.external ? 'external' : config.etcd?.local ? 'local' : undefined;
  return {
    ...(typeof config.clusterName === 'string' && config.clusterName ? { clusterName: config.clusterName } : {}),
    ...(typeof config.kubernetesVersion === 'string' ? { kubernetesVersion: config.kubernetesVersion } : {}),
    ...(etcd ? { etcd } : {}),
  };
}
