import type { KubeHttp } from './kube-http.js';
import type { KubeRequest } from './kube-request.js';

// Whether etcd answers, as the API server sees it: its own etcd check, one path of /readyz
// (v1.16 on) or /healthz (older servers). 200 "ok" is healthy; a failing check answers 500
// ("internal server error: error getting data from etcd: context deadline exceeded" on v1.20).
// Both paths are non-resource URLs that need their own RBAC rule (docs/rbac.yaml); without it,
// or on any other answer, health stays unobserved and the reason is a problem sentence.

export interface EtcdHealth {
  /** Absent: not observed (see problems). */
  readonly healthy?: boolean;
  /** What could not be checked, one sentence each. */
  readonly problems: string[];
}

export const ETCD_CHECK_PATHS = ['/readyz/etcd', '/healthz/etcd'] as const;
const ACTION = 'check etcd health';
// The server's own etcd check gives up after about 2 s; leave room for a slow link.
const TIMEOUT_MS = 10_000;

function problem(error: unknown): string {
  const message = (error as Error).message;
  return message.startsWith(`failed to ${ACTION}`) ? message : `failed to ${ACTION}: ${message}`;
}

export async function readEtcdHealth(http: KubeHttp): Promise<EtcdHealth> {
  for (const path of ETCD_CHECK_PATHS) {
    const request: KubeRequest = { method: 'GET', path, action: ACTION, rbac: { verb: 'get', resource: path }, timeoutMs: TIMEOUT_MS };
    let response;
    try {
      response = await http.send(request);
    } catch (error) {
      return { problems: [problem(error)] };
    }
    if (response.status === 200) return { healthy: true, problems: [] };
    // The check ran and failed: its handler answers in plain text. A Status object is some other failure.
    if (response.status === 500 && !response.text.trimStart().startsWith('{')) return { healthy: false, problems: [] };
    // Servers before v1.16 have no /readyz: ask /healthz.
    if (response.status === 404) continue;
    return { problems: [problem(http.statusError(request, response))] };
  }
  return { problems: [`failed to ${ACTION}: the API server serves neither ${ETCD_CHECK_PATHS.join(' nor ')}`] };
}
