import { ClusterApiError } from '../../core/errors.js';
import type { WaitOutcome, WatchTarget } from '../../ports/index.js';
import type { ApiOutageMonitor } from './api-outage-monitor.js';
import type { KubeDiscovery } from './kube-discovery.js';
import type { KubeHttp, WatchEvent } from './kube-http.js';
import type { RbacTuple } from './kube-request.js';
import { listAll } from './list-all.js';
import { disruptionsAllowedOf, isResumable, uidOf, type WatchResume } from './watch-resume.js';

// waitForChange over real watches: list the target (one item) for a resourceVersion, then watch
// from it, so only changes after the call count and the initial ADDED events do not. The first
// event of any watch resolves 'changed'; so does a watch the server ends early or breaks (410
// Gone, an ERROR event, a reset connection), because the caller re-reads anyway. What cannot be
// opened at all (the server is down, the watch verb is not granted) throws, so the caller pauses
// instead of spinning. An API server going down mid-wait also resolves 'changed' (the monitor).
// A pod or budget whose resourceVersion the adapter already holds is watched from it, unlisted
// (watch-resume.ts); each event's version is kept for the next wait. A target that asks for one
// kind of change (a pod gone, a budget allowing a disruption) reads the other events from the
// same watch and waits on: each of them would cost the caller a read, a retry and a new watch.
// When it had to list, a list that already shows what it waits for ends the wait at once; when
// it resumes, the watch replays every change since the version in hand, so none is missed.

interface WatchSpec {
  readonly path: string;
  readonly fieldSelector?: string;
  readonly rbac: RbacTuple;
  readonly what: string;
}

async function specsOf(target: WatchTarget, discovery: KubeDiscovery): Promise<WatchSpec[]> {
  switch (target.kind) {
    case 'pod':
      return [{
        path: `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`,
        fieldSelector: `metadata.name=${target.name}`,
        rbac: { verb: 'watch', resource: 'pods', namespace: target.namespace },
        what: `pod ${target.namespace}/${target.name}`,
      }];
    case 'pdb':
      return [{
        path: `/apis/${await discovery.pdbVersion()}/namespaces/${encodeURIComponent(target.namespace)}/poddisruptionbudgets`,
        fieldSelector: `metadata.name=${target.name}`,
        rbac: { verb: 'watch', resource: 'poddisruptionbudgets', group: 'policy', namespace: target.namespace },
        what: `poddisruptionbudget ${target.namespace}/${target.name}`,
      }];
    case 'node':
      // A node's state includes its pods: the static pods' images are its control plane.
      return [
        { path: '/api/v1/nodes', fieldSelector: `metadata.name=${target.name}`, rbac: { verb: 'watch', resource: 'nodes' }, what: `node ${target.name}` },
        { path: '/api/v1/pods', fieldSelector: `spec.nodeName=${target.name}`, rbac: { verb: 'watch', resource: 'pods', namespace: '*' }, what: `the pods on node ${target.name}` },
      ];
    case 'any':
      return [
        { path: '/api/v1/nodes', rbac: { verb: 'watch', resource: 'nodes' }, what: 'nodes' },
        { path: '/api/v1/pods', rbac: { verb: 'watch', resource: 'pods', namespace: '*' }, what: 'pods' },
        { path: `/apis/${await discovery.pdbVersion()}/poddisruptionbudgets`, rbac: { verb: 'watch', resource: 'poddisruptionbudgets', group: 'policy', namespace: '*' }, what: 'poddisruptionbudgets' },
      ];
  }
}

async function listFor(http: KubeHttp, spec: WatchSpec): Promise<{ readonly resourceVersion: string | undefined; readonly items: readonly unknown[] }> {
  return listAll<unknown>(http, {
    method: 'GET',
    path: spec.path,
    query: { fieldSelector: spec.fieldSelector },
    action: `watch ${spec.what}`,
    rbac: { ...spec.rbac, verb: 'list' },
  }, 1);
}

export async function waitForKubeChange(http: KubeHttp, discovery: KubeDiscovery, outages: ApiOutageMonitor, target: WatchTarget, timeoutMs: number, resume?: WatchResume): Promise<WaitOutcome> {
  const specs = await specsOf(target, discovery);
  const resumable = resume && isResumable(target) ? target : undefined;
  const held = resumable && resume?.from(resumable);
  // A pod's name seen with another uid: the pod waited on is gone, whatever happened since.
  if (held && target.kind === 'pod' && target.untilGoneUid !== undefined && held.uid !== undefined && held.uid !== target.untilGoneUid) return 'reached';
  // A budget last seen allowing a disruption, with no eviction since: list to know whether it still does.
  const stillAllowing = target.kind === 'pdb' && target.untilDisruptionAllowed === true && (held?.disruptionsAllowed ?? 0) > 0;
  const known = held && !stillAllowing ? held.version : undefined;
  const listed = await Promise.allSettled(specs.map((spec) => (known ? Promise.resolve({ resourceVersion: known, items: undefined }) : listFor(http, spec))));
  // The first failure in the order above, whichever answered first: the same message every time.
  const failed = listed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    // A collection that is gone (policy/v1beta1 after an upgrade to v1.25): discover again next time.
    if (failed.reason instanceof ClusterApiError && failed.reason.isNotFound()) discovery.forget();
    throw failed.reason;
  }
  const lists = listed.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  // Listed rather than resumed: what a narrowed target waits for may hold already.
  const items = lists[0]?.items;
  if (items && resumable && resume) resume.note(resumable.kind, resumable.namespace, resumable.name, items[0]);
  if (items && alreadyHolds(target, items)) return 'reached';
  const versions = lists.map((l) => l?.resourceVersion);
  const controller = new AbortController();
  const serverTimeout = Math.ceil(timeoutMs / 1000) + 5;
  return new Promise<WaitOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: WaitOutcome | ClusterApiError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      controller.abort();
      if (outcome instanceof ClusterApiError) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), Math.max(0, timeoutMs));
    const unsubscribe = outages.subscribe(() => finish('changed'));
    specs.forEach((spec, i) => {
      http
        .watch(
          {
            method: 'GET',
            path: spec.path,
            query: { watch: 1, fieldSelector: spec.fieldSelector, resourceVersion: versions[i], timeoutSeconds: serverTimeout },
            action: `watch ${spec.what}`,
            rbac: spec.rbac,
          },
          (event) => {
            if (settled) return;
            if (resumable && resume) {
              if (event.type === 'ERROR') resume.forget(resumable);
              else resume.note(resumable.kind, resumable.namespace, resumable.name, event.type === 'DELETED' ? undefined : event.object);
            }
            if (!awaited(target, event)) return;
            finish(event.type !== 'ERROR' && narrowed(target) ? 'reached' : 'changed');
          },
          controller.signal,
        )
        .then(() => finish('changed'))
        .catch((error: unknown) => {
          if (resumable && !settled) resume?.forget(resumable);
          const denied = error instanceof ClusterApiError && (error.isForbidden() || error.status === 401);
          finish(denied ? error : 'changed');
        });
    });
  });
}

/** Whether the event may be the change the target waits for (any event, for a plain target). */
function awaited(target: WatchTarget, event: WatchEvent): boolean {
  if (event.type === 'ERROR' || event.type === 'DELETED') return true;
  if (target.kind === 'pod' && target.untilGoneUid !== undefined) return uidOf(event.object) !== target.untilGoneUid;
  // A budget whose status still allows no disruption would only refuse the next eviction too.
  if (target.kind === 'pdb' && target.untilDisruptionAllowed === true) return disruptionsAllowedOf(event.object) !== 0;
  return true;
}

function narrowed(target: WatchTarget): boolean {
  return (target.kind === 'pod' && target.untilGoneUid !== undefined) || (target.kind === 'pdb' && target.untilDisruptionAllowed === true);
}

/** Whether the listed objects (the target's name, at most one) already are what a narrowed target waits for. */
function alreadyHolds(target: WatchTarget, items: readonly unknown[]): boolean {
  if (target.kind === 'pod' && target.untilGoneUid !== undefined) return !items.some((item) => uidOf(item) === target.untilGoneUid);
  if (target.kind === 'pdb' && target.untilDisruptionAllowed === true) return items.every((item) => disruptionsAllowedOf(item) !== 0);
  return false;
}
