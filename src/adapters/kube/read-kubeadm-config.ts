import { parse } from 'yaml';
import { flattenFields, type ComponentFlagSetting, type ControlPlaneComponentName, type KubeadmConfigFacts, type KubeletConfigFacts } from '../../core/cluster/index.js';
import { isRecord } from '../../core/describe-value.js';
import { ClusterApiError } from '../../core/errors.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeConfigMap } from './kube-objects.js';

// kube-system/kubeadm-config: the ClusterConfiguration kubeadm init stored and every upgrade
// rewrites. kubehop takes the cluster's name and whether etcd is external from it, and for the
// breaking-change checks its apiVersion, imageRepository and the control-plane extraArgs — a
// map up to v1beta3, a list of {name, value} from v1beta4. A cluster kubeadm did not set up has none.

export interface KubeadmClusterConfig {
  readonly clusterName?: string;
  readonly kubernetesVersion?: string;
  readonly etcd?: 'local' | 'external';
  readonly facts?: Omit<KubeadmConfigFacts, 'kubeProxyRemoved'>;
}

const OBJECT = 'configmap kube-system/kubeadm-config';
const SECTIONS: readonly [string, ControlPlaneComponentName][] = [['apiServer', 'kube-apiserver'], ['controllerManager', 'kube-controller-manager'], ['scheduler', 'kube-scheduler']];

/** extraArgs of every control-plane section, in either shape, as flags. */
export function extraArgsOf(config: Record<string, unknown>): ComponentFlagSetting[] {
  const found: ComponentFlagSetting[] = [];
  for (const [section, component] of SECTIONS) {
    const part = config[section];
    const args = isRecord(part) ? part.extraArgs : undefined;
    const field = `ClusterConfiguration.${section}.extraArgs`;
    const add = (name: unknown, value: unknown) => {
      if (typeof name === 'string' && name !== '') found.push({ component, flag: `--${name.replace(/^-+/, '')}`, ...(value !== undefined && value !== null ? { value: String(value) } : {}), file: OBJECT, field });
    };
    if (Array.isArray(args)) for (const arg of args) if (isRecord(arg)) add(arg.name, arg.value);
    if (isRecord(args)) for (const [name, value] of Object.entries(args)) add(name, value);
  }
  return found;
}

/** Absent (404) is undefined; with `forbiddenIsUnknown`, so is a refusal (403): the observation is then simply not made. */
async function readConfigMap(http: KubeHttp, name: string, forbiddenIsUnknown = false): Promise<KubeConfigMap | undefined> {
  try {
    return await http.request<KubeConfigMap>({
      method: 'GET',
      path: `/api/v1/namespaces/kube-system/configmaps/${encodeURIComponent(name)}`,
      action: `read configmap kube-system/${name}`,
      rbac: { verb: 'get', resource: 'configmaps', namespace: 'kube-system' },
    });
  } catch (error) {
    if (error instanceof ClusterApiError && (error.isNotFound() || (forbiddenIsUnknown && error.isForbidden()))) return undefined;
    throw error;
  }
}

function parseYaml(text: string, what: string): unknown {
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new ClusterApiError(`failed to read ${what}: it is not YAML (${(error as Error).message})`, undefined, { cause: error });
  }
}

export async function readKubeadmConfig(http: KubeHttp): Promise<KubeadmClusterConfig | undefined> {
  const map = await readConfigMap(http, 'kubeadm-config');
  if (!map) return undefined;
  const text = map.data?.ClusterConfiguration;
  if (!text) return {};
  const parsed = parseYaml(text, `${OBJECT}: its ClusterConfiguration`);
  const config = isRecord(parsed) ? parsed : {};
  const etcdPart = isRecord(config.etcd) ? config.etcd : {};
  const etcd = etcdPart.external ? 'external' : etcdPart.local ? 'local' : undefined;
  const apiVersion = typeof config.apiVersion === 'string' ? config.apiVersion : undefined;
  return {
    ...(typeof config.clusterName === 'string' && config.clusterName ? { clusterName: config.clusterName } : {}),
    ...(typeof config.kubernetesVersion === 'string' ? { kubernetesVersion: config.kubernetesVersion } : {}),
    ...(etcd ? { etcd } : {}),
    ...(apiVersion ? { facts: { apiVersion, ...(typeof config.imageRepository === 'string' ? { imageRepository: config.imageRepository } : {}), extraArgs: extraArgsOf(config) } } : {}),
  };
}

/**
 * The KubeletConfiguration kubeadm hands every node: kube-system/kubelet-config, or before v1.24
 * kubelet-config-1.<minor> of the control plane's minor.
 */
export async function readKubeletConfigMap(http: KubeHttp, minor: number | undefined): Promise<KubeletConfigFacts | undefined> {
  const names = ['kubelet-config', ...(minor !== undefined ? [`kubelet-config-1.${minor}`] : [])];
  for (const name of names) {
    const map = await readConfigMap(http, name, true);
    const text = map?.data?.kubelet;
    if (text) return { file: `configmap kube-system/${name}`, fields: flattenFields(parseYaml(text, `configmap kube-system/${name}`)) };
  }
  return undefined;
}

/** Whether kube-system/kube-proxy, the ConfigMap kubeadm re-installs kube-proxy from, exists; undefined when kubehop may not read it. */
export async function hasKubeProxyConfigMap(http: KubeHttp): Promise<boolean | undefined> {
  try {
    return (await readConfigMap(http, 'kube-proxy')) !== undefined;
  } catch (error) {
    if (error instanceof ClusterApiError && error.isForbidden()) return undefined;
    throw error;
  }
}
