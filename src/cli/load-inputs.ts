import { readCluster } from '../adapters/file/read-cluster-file.js';
import { readReleaseCatalog } from '../adapters/file/read-release-catalog.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
import type { ReleaseCatalog } from '../core/releases/index.js';

export async function loadCluster(command: string, value: string | undefined): Promise<ClusterSnapshot> {
  if (value === undefined) {
    throw new ConfigError(
      `"kubehop ${command}" needs --cluster: reading a live cluster through a kubeconfig is not available in this version — pass --cluster demo, --cluster classic, or the path of a cluster file (see docs/cluster-file.md)`,
    );
  }
  return readCluster(value);
}

export async function loadCatalog(paths: readonly string[] | undefined): Promise<ReleaseCatalog> {
  return readReleaseCatalog(paths && paths.length > 0 ? paths : undefined);
}
