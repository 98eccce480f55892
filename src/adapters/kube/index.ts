export { openKubeCluster, type KubeCluster, type KubeClusterOptions } from './open-kube-cluster.js';
export { loadKubeConfig, type KubeConfigOptions, type LoadedKubeConfig } from './load-kube-config.js';
export { KubeClusterApi } from './kube-cluster-api.js';
export { KubeHttp, type KubeHttpOptions } from './kube-http.js';
export { KubeLeaseLock, LEASE_NAME, type KubeLeaseLockOptions } from './kube-lease-lock.js';
export { KubeConfigMapJournal, JOURNAL_NAME, type KubeConfigMapJournalOptions } from './kube-config-map-journal.js';
