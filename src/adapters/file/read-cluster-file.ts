import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ClusterSnapshot } from '../../core/cluster/index.js';
import { ConfigError } from '../../core/errors.js';
import { bundledData } from './bundled-data.js';

// Reads a cluster file (docs/cluster-file.md) into a ClusterSnapshot, or one of the built-in clusters.

export const BUILT_IN_CLUSTERS = ['demo', 'classic', 'shop'] as const;
type BuiltInCluster = (typeof BUILT_IN_CLUSTERS)[number];

export async function readClusterFile(path: string): Promise<ClusterSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = code === 'ENOENT' ? 'no such file; check the path' : code === 'EISDIR' ? 'it is a directory; give a YAML file' : String((error as Error).message);
    throw new ConfigError(`failed to read cluster file ${path}: ${cause}`, { cause: error });
  }
  // Loaded only for a file: the YAML parser is the largest module a command would load.
  const { parseClusterFile } = await import('./parse-cluster-file.js');
  return parseClusterFile(text, path);
}

/** Where a built-in cluster's file is, from src/ under tsx as from the compiled dist/. */
export function builtInClusterPath(name: BuiltInCluster): string {
  return fileURLToPath(new URL(`../../../data/clusters/${name}.yaml`, import.meta.url));
}

/** A built-in cluster: the snapshot the bundle carries, else (from the sources) read from its file. */
async function readBuiltInCluster(name: BuiltInCluster): Promise<ClusterSnapshot> {
  return bundledData(`cluster/${name}`) ?? readClusterFile(builtInClusterPath(name));
}

/** "demo", "classic" and "shop" are the bundled clusters; anything else is the path of a cluster file. */
export async function readCluster(nameOrPath: string): Promise<ClusterSnapshot> {
  const builtIn = BUILT_IN_CLUSTERS.find((name) => name === nameOrPath);
  if (builtIn) return readBuiltInCluster(builtIn);
  const looksLikePath = /[/\\]/.test(nameOrPath) || /\.(ya?ml|json)$/i.test(nameOrPath);
  try {
    return await readClusterFile(nameOrPath);
  } catch (error) {
    const missing = error instanceof ConfigError && (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    if (missing && !looksLikePath) {
      throw new ConfigError(`unknown cluster "${nameOrPath}": give demo, classic, shop or the path of a cluster file`, { cause: error });
    }
    throw error;
  }
}
