import { KubeHttp } from '../../../src/adapters/kube/kube-http.js';
import { loadKubeConfig } from '../../../src/adapters/kube/load-kube-config.js';

/** A raw client for the fixture's own calls (seeding, resetting, checking), as the given kubeconfig. */
export function adminHttp(kubeconfig: string): KubeHttp {
  const loaded = loadKubeConfig({ kubeconfig });
  return new KubeHttp(loaded.config, { server: loaded.server, context: loaded.context, user: loaded.user });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
