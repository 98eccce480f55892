import type { PodSnapshot } from '../cluster/index.js';

/** What a drain does with one pod on the node. */
export type Disposition = 'evict' | 'delete-finished' | 'skip-daemonset' | 'skip-mirror' | 'blocked';

export interface PodDisposition {
  readonly pod: PodSnapshot;
  readonly disposition: Disposition;
  /** Why, in kubectl's words where kubectl has some ("deleting Pods with local storage"). */
  readonly reason: string;
}

/** The kubectl drain flags that change which pods may go. DaemonSet pods are always left alone. */
export interface ClassifyOptions {
  /** --delete-emptydir-data: pods with emptyDir volumes may go (their local data is lost). */
  readonly deleteEmptyDirData: boolean;
  /** --force: pods that declare no controller may go (nothing recreates them). */
  readonly force: boolean;
  readonly ignoreDaemonSets: true;
}

export interface ClassifiedPods {
  readonly pods: readonly PodDisposition[];
  /** Grouped like kubectl: "cannot delete <why>: ns/a, ns/b". Any error blocks the node's drain. */
  readonly errors: readonly string[];
  /** Grouped like kubectl: "<what>: ns/a, ns/b". */
  readonly warnings: readonly string[];
}

export function podKey(pod: Pick<PodSnapshot, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

export function isFinished(pod: PodSnapshot): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}
