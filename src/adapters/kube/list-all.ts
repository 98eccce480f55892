import { ClusterApiError } from '../../core/errors.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeRequest } from './kube-request.js';

// Lists a collection in pages (limit/continue, as kubectl's --chunk-size does), so 5,000 nodes
// or 150,000 pods come in bounded answers. A continue token that expired (410) starts the list
// over once, from a fresh snapshot.

export const PAGE_SIZE = 500;

interface ListPage<T> {
  readonly items?: readonly T[];
  readonly metadata?: { readonly continue?: string; readonly resourceVersion?: string };
}

export interface ListResult<T> {
  readonly items: T[];
  /** The resourceVersion of the (first) page: a watch may start from it. */
  readonly resourceVersion: string | undefined;
}

export async function listAll<T>(http: KubeHttp, request: KubeRequest, pageSize = PAGE_SIZE): Promise<ListResult<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await listPages<T>(http, request, pageSize);
    } catch (error) {
      const expired = error instanceof ClusterApiError && error.status === 410;
      if (!expired || attempt >= 2) throw error;
    }
  }
}

async function listPages<T>(http: KubeHttp, request: KubeRequest, pageSize: number): Promise<ListResult<T>> {
  const items: T[] = [];
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const page = await http.request<ListPage<T>>({ ...request, query: { ...request.query, limit: pageSize, continue: token } });
    items.push(...(page.items ?? []));
    resourceVersion ??= page.metadata?.resourceVersion;
    token = page.metadata?.continue || undefined;
  } while (token);
  return { items, resourceVersion };
}
