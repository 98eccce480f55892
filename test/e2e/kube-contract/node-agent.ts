import { ClusterApiError } from '../../../src/core/errors.js';
import type { KubeHttp } from '../../../src/adapters/kube/kube-http.js';
import type { KubePod } from '../../../src/adapters/kube/kube-objects.js';

// The kubelets' part, played for every node of the test cluster: pods bound to a node become
// Running and Ready, pods being deleted are finalised (a kubelet confirms with a DELETE of grace
// 0), and each node's Lease in kube-node-lease is renewed so the node lifecycle controller keeps
// the nodes Ready. A tiny stand-in; the fuller node agent (heartbeats over SSH, kubelet versions
// that change with packages) is a separate piece.

type Admin = Pick<KubeHttp, 'request'>;

export interface NodeAgent {
  stop(): Promise<void>;
}

const TICK_MS = 150;
/** Pods with this label are left alone, for tests that look at a deletion in progress. */
export const NO_AGENT = 'kubehop.io/no-agent';
const LEASE_EVERY_MS = 5_000;

function ready(pod: KubePod): boolean {
  return pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

async function quietly(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    // The pod or lease went away meanwhile; the next tick sees the new state.
    if (!(error instanceof ClusterApiError && (error.isNotFound() || error.isConflict()))) throw error;
  }
}

async function tick(admin: Admin, renewLeases: boolean): Promise<void> {
  const pods = await admin.request<{ items: KubePod[] }>({ method: 'GET', path: '/api/v1/pods', action: 'list pods', rbac: { verb: 'list', resource: 'pods' } });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await Promise.all(pods.items.map((pod) => {
    const { name, namespace = 'default' } = pod.metadata;
    if (pod.metadata.labels?.[NO_AGENT] !== undefined) return undefined;
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    if (pod.metadata.deletionTimestamp) {
      return quietly(admin.request({ method: 'DELETE', path, query: { gracePeriodSeconds: 0 }, action: `finalise pod ${name}`, rbac: { verb: 'delete', resource: 'pods' } }));
    }
    if (!pod.spec?.nodeName || ready(pod) || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined;
    const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    return quietly(admin.request({
      method: 'PATCH',
      path: `${path}/status`,
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          phase: 'Running',
          startTime: now,
          conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
          containerStatuses: (pod.spec.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
        },
      },
      action: `mark pod ${name} ready`,
      rbac: { verb: 'patch', resource: 'pods/status' },
    }));
  }));
  if (!renewLeases) return;
  const leases = await admin.request<{ items: { metadata: { name: string } }[] }>({ method: 'GET', path: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', action: 'list node leases', rbac: { verb: 'list', resource: 'leases' } });
  const renewTime = new Date().toISOString().replace('Z', '000Z');
  await Promise.all(leases.items.map((lease) => quietly(admin.request({
    method: 'PATCH',
    path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${lease.metadata.name}`,
    contentType: 'application/merge-patch+json',
    body: { spec: { renewTime } },
    action: `renew node lease ${lease.metadata.name}`,
    rbac: { verb: 'patch', resource: 'leases' },
  }))));
}

export function startNodeAgent(admin: Admin): NodeAgent {
  let running = true;
  let lastLeases = 0;
  const loop = (async () => {
    while (running) {
      const renew = Date.now() - lastLeases >= LEASE_EVERY_MS;
      try {
        await tick(admin, renew);
        if (renew) lastLeases = Date.now();
      } catch {
        // A tick that failed (the API restarting) is retried on the next one.
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
