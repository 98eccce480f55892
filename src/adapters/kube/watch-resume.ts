import type { WatchTarget } from '../../ports/index.js';

// Where a watch on one object may start without listing it first: the newest resourceVersion the
// adapter has seen of that pod or budget (a read of it, the list of a node's pods, the budget
// list, an event of an earlier watch). A drain reads a pod and then watches it, and watches a
// budget after every refused eviction: the list before each watch was a request per wait for a
// version already in hand. Watching from an object's own version wakes on any change after that
// read, which is what the caller re-reads for. A version the server no longer keeps (410 Gone),
// an ERROR event or a broken watch forget it: the next wait lists again.
//
// With the version it keeps what a narrowed wait asks about: the pod's uid, and whether the
// budget allowed a disruption. A budget seen allowing one is not resumed for a wait until it
// allows one (nothing may change after that version, and the wait would sleep on through a
// budget that allows): it is listed, unless an eviction in its namespace went through or was
// refused since, which changes the budget it counts against after the version in hand.

export type ResumableTarget = Extract<WatchTarget, { kind: 'pod' | 'pdb' }>;

export function isResumable(target: WatchTarget): target is ResumableTarget {
  return target.kind === 'pod' || target.kind === 'pdb';
}

/** What was seen of the object at `version`. */
export interface SeenObject {
  readonly version: string;
  readonly uid?: string;
  /** A budget's status.disruptionsAllowed; absent once an eviction in its namespace may have changed it. */
  readonly disruptionsAllowed?: number;
}

const keyOf = (kind: ResumableTarget['kind'], namespace: string, name: string) => `${kind}/${namespace}/${name}`;

type Raw = { metadata?: { resourceVersion?: unknown; uid?: unknown }; status?: { disruptionsAllowed?: unknown } } | undefined;
const raw = (object: unknown): Raw => (typeof object === 'object' && object !== null ? (object as Raw) : undefined);

export function uidOf(object: unknown): string | undefined {
  const uid = raw(object)?.metadata?.uid;
  return typeof uid === 'string' ? uid : undefined;
}

export function disruptionsAllowedOf(object: unknown): number | undefined {
  const allowed = raw(object)?.status?.disruptionsAllowed;
  return typeof allowed === 'number' ? allowed : undefined;
}

/** The version, uid and allowed disruptions of a pod or budget as the API server sent it. */
function seenOf(object: unknown): SeenObject | undefined {
  const version = raw(object)?.metadata?.resourceVersion;
  if (typeof version !== 'string' || version === '') return undefined;
  const uid = uidOf(object);
  const disruptionsAllowed = disruptionsAllowedOf(object);
  return { version, ...(uid !== undefined ? { uid } : {}), ...(disruptionsAllowed !== undefined ? { disruptionsAllowed } : {}) };
}

export class WatchResume {
  private readonly seen = new Map<string, SeenObject>();

  /** The newest object seen, or that it is gone (undefined). */
  note(kind: ResumableTarget['kind'], namespace: string, name: string, object: unknown): void {
    const key = keyOf(kind, namespace, name);
    const seen = seenOf(object);
    if (seen) this.seen.set(key, seen);
    else this.seen.delete(key);
  }

  from(target: ResumableTarget): SeenObject | undefined {
    return this.seen.get(keyOf(target.kind, target.namespace, target.name));
  }

  forget(target: ResumableTarget): void {
    this.seen.delete(keyOf(target.kind, target.namespace, target.name));
  }

  /** An eviction in `namespace` went through or was refused: its budgets changed after the versions held. */
  evicted(namespace: string): void {
    const prefix = keyOf('pdb', namespace, '');
    for (const [key, seen] of this.seen) {
      if (key.startsWith(prefix) && seen.disruptionsAllowed !== undefined) this.seen.set(key, { version: seen.version, ...(seen.uid ? { uid: seen.uid } : {}) });
    }
  }
}
