import { KubeClusterApi } from './kube-cluster-api.js';
import { KubeConfigMapJournal, type KubeConfigMapJournalOptions } from './kube-config-map-journal.js';
import { KubeHttp } from './kube-http.js';
import { KubeLeaseLock, type KubeLeaseLockOptions } from './kube-lease-lock.js';
import { loadKubeConfig, type KubeConfigOptions } from './load-kube-config.js';

// The ports of a real cluster from --kubeconfig/--context: the API, the upgrade lock (a Lease)
// and the journal (a ConfigMap), sharing one connection. Nothing is sent until the first call.

export interface KubeClusterOptions extends KubeConfigOptions {
  /** Per request, except watches. Default 30 s. */
  readonly requestTimeoutMs?: number;
  readonly lock?: KubeLeaseLockOptions;
  readonly journal?: KubeConfigMapJournalOptions;
}

export interface KubeCluster {
  readonly api: KubeClusterApi;
  readonly lock: KubeLeaseLock;
  readonly journal: KubeConfigMapJournal;
  readonly server: string;
  readonly context: string;
  readonly user: string;
  /** The kubeconfig files read, or "in-cluster". */
  readonly source: readonly string[];
  /** Closes idle connections. */
  close(): void;
}

/** Throws ConfigError when no kubeconfig or context can be found. */
export function openKubeCluster(options: KubeClusterOptions = {}): KubeCluster {
  const loaded = loadKubeConfig(options);
  const http = new KubeHttp(loaded.config, { server: loaded.server, context: loaded.context, user: loaded.user }, options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {});
  return {
    api: new KubeClusterApi(http, loaded.clusterName),
    lock: new KubeLeaseLock(http, options.lock),
    journal: new KubeConfigMapJournal(http, options.journal),
    server: loaded.server,
    context: loaded.context,
    user: loaded.user,
    source: loaded.source,
    close: () => http.close(),
  };
}
