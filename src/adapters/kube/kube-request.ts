// What one call to the API server is, in terms an error message can use: what kubehop was
// doing ("evict pod default/web-1") and the RBAC tuple it needed ("create pods/eviction in
// default"), so a 403 can name the missing permission.

export type QueryValue = string | number | boolean | undefined;

/** The permission a request needs, as RBAC spells it. */
export interface RbacTuple {
  readonly verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  /** Plural resource, with a subresource after a slash: "pods", "pods/eviction". A non-resource URL starts with "/". */
  readonly resource: string;
  /** API group; "" (the core group) when absent. */
  readonly group?: string;
  /** Absent: cluster-scoped. '*': every namespace. */
  readonly namespace?: string;
}

export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path on the server: "/api/v1/nodes/cp-1". */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** Content-Type of the body; JSON by default. */
  readonly contentType?: string;
  /** For messages: "cordon node cp-1". */
  readonly action: string;
  readonly rbac: RbacTuple;
  /** Overrides the client's request timeout. */
  readonly timeoutMs?: number;
}

/** "/api/v1/nodes?limit=500": the query in a stable order, undefined values left out. */
export function pathWithQuery(path: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}
