import type { WatchTarget } from '../../ports/index.js';

// Where a watch on one object may start without listing it first: the newest resourceVersion the
// adapter has seen of that pod or budget (a read of it, the budget list, an event of an earlier
// watch). A drain reads a pod and then watches it, and watches a budget after every refused
// eviction: the list before each watch was a request per wait for a version already in hand.
// Watching from an object's own version wakes on any change after that read, which is what the
// caller re-reads for. A version the server no longer keeps (410 Gone), an ERROR event or a
// broken watch forget it: the next wait lists again.

export type ResumableTarget = Extract<WatchTarget, { kind: 'pod' | 'pdb' }>;

export function isResumable(target: WatchTarget): target is ResumableTarget {
  return target.kind === 'pod' || target.kind === 'pdb';
}

const keyOf = (kind: ResumableTarget['kind'], namespace: string, name: string) => `${kind}/${namespace}/${name}`;

export class WatchResume {
  private readonly versions = new Map<string, string>();

  /** The newest version seen of the object, or that it is gone (undefined). */
  note(kind: ResumableTarget['kind'], namespace: string, name: string, resourceVersion: string | undefined): void {
    const key = keyOf(kind, namespace, name);
    if (resourceVersion) this.versions.set(key, resourceVersion);
    else this.versions.delete(key);
  }

  from(target: ResumableTarget): string | undefined {
    return this.versions.get(keyOf(target.kind, target.namespace, target.name));
  }

  forget(target: ResumableTarget): void {
    this.versions.delete(keyOf(target.kind, target.namespace, target.name));
  }
}
