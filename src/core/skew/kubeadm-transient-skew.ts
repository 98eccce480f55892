import type { KubeVersion } from '../version/index.js';

/**
 * kubeadm before v1.28 upgrades the kube-proxy DaemonSet during `upgrade apply` on the first
 * control-plane node, before the others: for that while kube-proxy is one minor newer than their
 * kube-apiserver. No plan can avoid it (kubeadm v1.28 changed it), so it is accepted, and noted.
 */
export function isKubeadmTransientProxySkew(
  code: string,
  versions: { kubeProxy: KubeVersion | undefined; oldestApiserver: KubeVersion | undefined; newestApiserver: KubeVersion | undefined },
): boolean {
  const { kubeProxy, oldestApiserver, newestApiserver } = versions;
  return code === 'KUBE_PROXY_NEWER_THAN_APISERVER' && kubeProxy !== undefined && oldestApiserver !== undefined && newestApiserver !== undefined
    && kubeProxy.minor < 28 && kubeProxy.minor === newestApiserver.minor && newestApiserver.minor === oldestApiserver.minor + 1;
}
