import { ClusterApiError } from '../../core/errors.js';
import type { KubeRequest, RbacTuple } from './kube-request.js';

// Turns what went wrong on the wire into a ClusterApiError that says what to fix: an unreachable
// server names the URL and the flags that choose it, a 401 names the credentials, a 403 names the
// exact permission and points at docs/rbac.yaml, a 429 carries the budget's cause and Retry-After.

/** Who is calling whom, for messages. */
export interface KubeIdentity {
  readonly server: string;
  readonly context: string;
  /** The kubeconfig user, until a 403 tells the name the server knows. */
  readonly user: string;
}

/** The parts of a metav1.Status the messages use. */
export interface KubeStatus {
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: {
    readonly retryAfterSeconds?: number;
    readonly causes?: readonly { readonly reason?: string; readonly message?: string }[];
  };
}

export type KubeFailure =
  | { readonly kind: 'network'; readonly error: Error & { code?: string } }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number; readonly body: KubeStatus | undefined; readonly retryAfterHeader?: string | undefined };

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_SSL|ERR_TLS/;

function reachMessage(identity: KubeIdentity, code: string): string {
  if (TLS_CODES.test(code)) {
    return `failed to reach the API server at ${identity.server}: ${code}; check certificate-authority (or tls-server-name) of context ${identity.context} in the kubeconfig`;
  }
  return `failed to reach the API server at ${identity.server}: ${code}; check the cluster is up and --kubeconfig/--context point at it`;
}

/** "pods/eviction in default", "nodes at the cluster scope", "pods in all namespaces". */
export function describePermission(rbac: RbacTuple): string {
  if (rbac.resource.startsWith('/')) return `the URL ${rbac.resource}`;
  const resource = rbac.group ? `${rbac.resource}.${rbac.group}` : rbac.resource;
  if (rbac.namespace === undefined) return `${resource} at the cluster scope`;
  if (rbac.namespace === '*') return `${resource} in all namespaces`;
  return `${resource} in ${rbac.namespace}`;
}

/** The user the server named in a Forbidden message: `User "system:serviceaccount:x:y" cannot ...`. */
function userOf(status: KubeStatus | undefined, fallback: string): string {
  const m = /User "([^"]*)"/.exec(status?.message ?? '');
  return m?.[1] ?? fallback;
}

function retryAfterOf(status: KubeStatus | undefined, header: string | undefined): number | undefined {
  const fromBody = status?.details?.retryAfterSeconds;
  if (typeof fromBody === 'number' && fromBody > 0) return fromBody;
  const fromHeader = header === undefined ? NaN : Number(header);
  return Number.isFinite(fromHeader) && fromHeader > 0 ? fromHeader : undefined;
}

/** The server's message with the causes' messages after it, as kubectl prints a PDB refusal. */
function statusText(status: KubeStatus | undefined, code: number): string {
  const message = status?.message?.trim() || `the API server answered HTTP ${code}`;
  const causes = (status?.details?.causes ?? []).map((c) => c.message?.trim()).filter((m): m is string => !!m && !message.includes(m));
  return [message, ...causes].join(' ');
}

export function kubeApiErrorOf(request: KubeRequest, failure: KubeFailure, identity: KubeIdentity): ClusterApiError {
  switch (failure.kind) {
    case 'network': {
      const code = failure.error.code ?? failure.error.message;
      return new ClusterApiError(reachMessage(identity, code), undefined, { cause: failure.error });
    }
    case 'timeout':
      return new ClusterApiError(
        `failed to ${request.action}: the API server at ${identity.server} did not answer within ${failure.ms >= 1000 ? `${Math.round(failure.ms / 1000)}s` : `${failure.ms}ms`}; check the cluster is up and --kubeconfig/--context point at it`,
        undefined,
      );
    case 'status': {
      const { status, body } = failure;
      if (status === 401) {
        return new ClusterApiError(
          `failed to ${request.action}: the API server at ${identity.server} did not accept the credentials of user ${identity.user} (401 Unauthorized); renew the token or certificate of context ${identity.context} in the kubeconfig`,
          401,
        );
      }
      if (status === 403 && /User "[^"]*" cannot /.test(body?.message ?? '')) {
        return new ClusterApiError(
          `failed to ${request.action}: user ${userOf(body, identity.user)} may not ${request.rbac.verb} ${describePermission(request.rbac)}: grant kubehop the permissions in docs/rbac.yaml`,
          403,
          { cause: new Error(body?.message) },
        );
      }
      const retryAfterSeconds = retryAfterOf(body, failure.retryAfterHeader);
      return new ClusterApiError(`failed to ${request.action}: ${statusText(body, status)}`, status, {
        ...(body?.message ? { cause: new Error(body.message) } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
    }
  }
}
