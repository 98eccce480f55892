import { hostname } from 'node:os';
import { ClusterApiError, LockedError } from '../../core/errors.js';
import type { Lock, LockHandle } from '../../ports/index.js';
import { lockedError } from '../shared/locked-error.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeLease } from './kube-objects.js';

// One upgrade at a time per cluster, kept in the cluster itself: a coordination.k8s.io/v1 Lease
// in kube-system, so operators on different machines see each other. Creating it is the
// acquire (409 AlreadyExists: someone holds it); renewals and takeovers are updates guarded by
// resourceVersion, so of two runs racing only one wins; release deletes it only while it is ours.

export interface KubeLeaseLockOptions {
  readonly namespace?: string;
  readonly name?: string;
  /** A lease not renewed for this long counts as stale (default 1800 s, as the file lock). */
  readonly leaseDurationSeconds?: number;
  readonly now?: () => number;
  readonly pid?: number;
  readonly host?: string;
  /** Whether a process of this host is alive; a dead holder on this host is stale at once. */
  readonly isProcessAlive?: (pid: number) => boolean;
}

export const LEASE_NAME = 'kubehop-upgrade';
const PID = 'kubehop.io/pid';
const HOST = 'kubehop.io/host';

/** The holder as a lease records it. */
interface Holder {
  readonly holder: string;
  readonly pid: number;
  readonly host: string;
  readonly acquiredAt: string;
}

/** RFC 3339 with microseconds, the MicroTime the API server parses. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function holderOf(lease: KubeLease): Holder {
  const annotations = lease.metadata.annotations ?? {};
  return {
    holder: lease.spec?.holderIdentity ?? '',
    pid: Number(annotations[PID] ?? 0),
    host: annotations[HOST] ?? 'unknown host',
    acquiredAt: lease.spec?.acquireTime ?? 'an unknown time',
  };
}

function same(a: Holder, b: Holder): boolean {
  return a.holder === b.holder && a.pid === b.pid && a.host === b.host && Date.parse(a.acquiredAt) === Date.parse(b.acquiredAt);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class KubeLeaseLock implements Lock {
  readonly namespace: string;
  readonly name: string;
  private readonly duration: number;
  private readonly now: () => number;
  private readonly pid: number;
  private readonly host: string;
  private readonly isProcessAlive: (pid: number) => boolean;

  constructor(
    private readonly http: KubeHttp,
    options: KubeLeaseLockOptions = {},
  ) {
    this.namespace = options.namespace ?? 'kube-system';
    this.name = options.name ?? LEASE_NAME;
    this.duration = options.leaseDurationSeconds ?? 1800;
    this.now = options.now ?? Date.now;
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? hostname();
    this.isProcessAlive = options.isProcessAlive ?? processAlive;
  }

  private get where(): string {
    return `lease ${this.namespace}/${this.name}`;
  }

  private get collection(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
  }

  async acquire(holder: string, options: { takeOverStale?: boolean } = {}): Promise<LockHandle> {
    const at = microTime(this.now());
    const mine: Holder = { holder, pid: this.pid, host: this.host, acquiredAt: at };
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await this.http.request<KubeLease>({
          method: 'POST',
          path: this.collection,
          body: this.leaseBody(mine, at, 0),
          action: `create the upgrade lock (${this.where})`,
          rbac: { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: this.namespace },
        });
        return this.handle(mine, created);
      } catch (error) {
        if (!(error instanceof ClusterApiError && error.isConflict())) throw error;
      }
      const current = await this.read();
      // Released between our create and our read: try again.
      if (!current) {
        if (attempt < 3) continue;
        throw new LockedError(`failed to take the upgrade lock (${this.where}): it keeps appearing and disappearing; is another kubehop run starting?`, 'unknown');
      }
      const theirs = holderOf(current);
      // A holder on this host whose process has ended is provably gone: taken over without asking.
      if (theirs.holder !== '' && !options.takeOverStale && !this.isGone(theirs)) throw lockedError(theirs);
      if (theirs.holder !== '' && !this.isStale(current, theirs)) {
        const age = Math.round((this.now() - Date.parse(current.spec?.renewTime ?? theirs.acquiredAt)) / 1000);
        throw lockedError(theirs, `it renewed the lock ${age}s ago, so it looks alive; stop it before taking the lock over`);
      }
      try {
        const taken = await this.update(current, mine, at, (current.spec?.leaseTransitions ?? 0) + 1, 'take over the upgrade lock');
        return this.handle(mine, taken);
      } catch (error) {
        if (!(error instanceof ClusterApiError && error.isConflict())) throw error;
        const winner = await this.read();
        throw lockedError(winner ? holderOf(winner) : theirs, 'it took the stale lock over at the same moment as this run');
      }
    }
  }

  private isGone(holder: Holder): boolean {
    return holder.host === this.host && holder.pid > 0 && !this.isProcessAlive(holder.pid);
  }

  private isStale(lease: KubeLease, holder: Holder): boolean {
    if (this.isGone(holder)) return true;
    const renewed = Date.parse(lease.spec?.renewTime ?? lease.spec?.acquireTime ?? '');
    const duration = (lease.spec?.leaseDurationSeconds ?? this.duration) * 1000;
    return !Number.isFinite(renewed) || renewed + duration < this.now();
  }

  private leaseBody(holder: Holder, renewTime: string, transitions: number, resourceVersion?: string): KubeLease {
    return {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        ...(resourceVersion ? { resourceVersion } : {}),
        labels: { 'app.kubernetes.io/managed-by': 'kubehop' },
        annotations: { [PID]: String(holder.pid), [HOST]: holder.host },
      },
      spec: { holderIdentity: holder.holder, leaseDurationSeconds: this.duration, acquireTime: holder.acquiredAt, renewTime, leaseTransitions: transitions },
    };
  }

  private update(current: KubeLease, holder: Holder, renewTime: string, transitions: number, what: string): Promise<KubeLease> {
    return this.http.request<KubeLease>({
      method: 'PUT',
      path: `${this.collection}/${encodeURIComponent(this.name)}`,
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...this.leaseBody(holder, renewTime, transitions, current.metadata.resourceVersion) },
      action: `${what} (${this.where})`,
      rbac: { verb: 'update', resource: 'leases', group: 'coordination.k8s.io', namespace: this.namespace },
    });
  }

  private async read(): Promise<KubeLease | undefined> {
    try {
      return await this.http.request<KubeLease>({
        method: 'GET',
        path: `${this.collection}/${encodeURIComponent(this.name)}`,
        action: `read the upgrade lock (${this.where})`,
        rbac: { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace: this.namespace },
      });
    } catch (error) {
      if (error instanceof ClusterApiError && error.isNotFound()) return undefined;
      throw error;
    }
  }

  private handle(mine: Holder, lease: KubeLease): LockHandle {
    let last = lease;
    const lost = (current: KubeLease | undefined, why: string) => lockedError(current ? holderOf(current) : mine, why);
    return {
      holder: mine.holder,
      renew: async () => {
        try {
          last = await this.update(last, mine, microTime(this.now()), last.spec?.leaseTransitions ?? 0, 'renew the upgrade lock');
          return;
        } catch (error) {
          if (!(error instanceof ClusterApiError && (error.isConflict() || error.isNotFound()))) throw error;
        }
        // Someone wrote the lease since our last write: still ours (an edit by hand) or taken over?
        const current = await this.read();
        if (!current || !same(holderOf(current), mine)) {
          throw lost(current, current ? 'another run took the lock over; stop this run and check who is upgrading the cluster' : `this run lost the upgrade lock (${this.where} was deleted); stop it and check who is upgrading the cluster`);
        }
        last = await this.update(current, mine, microTime(this.now()), current.spec?.leaseTransitions ?? 0, 'renew the upgrade lock');
      },
      release: async () => {
        const current = await this.read();
        if (!current || !same(holderOf(current), mine)) return;
        try {
          await this.http.request({
            method: 'DELETE',
            path: `${this.collection}/${encodeURIComponent(this.name)}`,
            // Only this very lease: not one another run created or took over meanwhile.
            body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion } },
            action: `release the upgrade lock (${this.where})`,
            rbac: { verb: 'delete', resource: 'leases', group: 'coordination.k8s.io', namespace: this.namespace },
          });
        } catch (error) {
          if (!(error instanceof ClusterApiError && (error.isConflict() || error.isNotFound()))) throw error;
        }
      },
    };
  }
}
