import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import type { ObservedObject } from '../../core/cluster/index.js';
import { ClusterApiError } from '../../core/errors.js';
import type { RemovedApiTable } from '../../core/preflight/index.js';
import type { KubeHttp } from './kube-http.js';
import { listAll } from './list-all.js';

// Objects whose recorded apiVersion a coming Kubernetes release no longer serves, found three
// ways, as kubent and pluto do: a live object only served in an old version, the apiVersion in
// kubectl's last-applied-configuration, and the manifests of deployed Helm releases.

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs?: readonly string[];
}

interface MetaObject {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Record<string, string>; readonly labels?: Record<string, string> };
}

interface HelmSecret extends MetaObject {
  readonly data?: { readonly release?: string };
}

export interface ObservedObjects {
  readonly objects: ObservedObject[];
  /** What could not be read (a group not served, no permission to read Helm secrets), one sentence each. */
  readonly problems: string[];
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

async function resourcesOf(http: KubeHttp, apiVersion: string): Promise<ApiResource[] | undefined> {
  const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  try {
    const list = await http.request<{ resources?: ApiResource[] }>({ method: 'GET', path, action: `discover ${apiVersion}`, rbac: { verb: 'get', resource: path } });
    // Subresources and kinds that cannot be listed (TokenReview, SubjectAccessReview) hold no objects to scan.
    return (list.resources ?? []).filter((r) => !r.name.includes('/') && (r.verbs === undefined || r.verbs.includes('list')));
  } catch (error) {
    if (error instanceof ClusterApiError && error.isNotFound()) return undefined;
    throw error;
  }
}

/** Lists a kind through the first of `versions` the server serves; undefined when none is. */
async function listKind(http: KubeHttp, kind: string, versions: readonly string[]): Promise<{ apiVersion: string; items: MetaObject[] } | undefined> {
  for (const apiVersion of versions) {
    const resource = (await resourcesOf(http, apiVersion))?.find((r) => r.kind === kind);
    if (!resource) continue;
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const { items } = await listAll<MetaObject>(http, { method: 'GET', path: `${base}/${resource.name}`, action: `list ${resource.name}`, rbac: { verb: 'list', resource: resource.name, ...(group ? { group } : {}), ...(resource.namespaced ? { namespace: '*' } : {}) } });
    return { apiVersion, items };
  }
  return undefined;
}

function lastApplied(item: MetaObject): { apiVersion?: string; kind?: string } | undefined {
  const text = item.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as { apiVersion?: string; kind?: string };
  } catch {
    return undefined;
  }
}

/** Helm 3 stores a release as base64(gzip(JSON)), inside the Secret's own base64. */
export function decodeHelmRelease(data: string): { name: string; version: number; namespace?: string; manifest: string } {
  const inner = Buffer.from(data, 'base64').toString('utf8');
  const gz = Buffer.from(inner, 'base64');
  return JSON.parse(gunzipSync(gz).toString('utf8')) as { name: string; version: number; namespace?: string; manifest: string };
}

export function objectsOfManifest(manifest: string, release: { name: string; version: number; namespace?: string }): ObservedObject[] {
  const found: ObservedObject[] = [];
  for (const doc of parseAllDocuments(manifest)) {
    const value = doc.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
    if (!value || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || typeof value.metadata?.name !== 'string') continue;
    const namespace = typeof value.metadata.namespace === 'string' ? value.metadata.namespace : release.namespace;
    found.push({ apiVersion: value.apiVersion, kind: value.kind, name: value.metadata.name, ...(namespace ? { namespace } : {}), source: { from: 'helm', release: release.name, revision: release.version } });
  }
  return found;
}

/** Every object whose live, last-applied or Helm apiVersion is one the table lists as removed. */
export async function readObservedObjects(http: KubeHttp, table: RemovedApiTable): Promise<ObservedObjects> {
  const removed = new Set(table.removals.map((r) => `${r.apiVersion} ${r.kind}`));
  const objects: ObservedObject[] = [];
  const problems: string[] = [];
  const byKind = new Map<string, string[]>();
  for (const r of table.removals) {
    const versions = byKind.get(r.kind) ?? [];
    // Newest first: the replacement, then the removed versions, so a live object is listed once.
    if (r.replacement && !versions.includes(r.replacement)) versions.unshift(r.replacement);
    if (!versions.includes(r.apiVersion)) versions.push(r.apiVersion);
    byKind.set(r.kind, versions);
  }
  for (const [kind, versions] of byKind) {
    let listed: Awaited<ReturnType<typeof listKind>>;
    try {
      listed = await listKind(http, kind, versions);
    } catch (error) {
      problems.push(`failed to list ${kind} objects: ${(error as Error).message}`);
      continue;
    }
    if (!listed) continue;
    for (const item of listed.items) {
      const identity = { kind, name: item.metadata.name, ...(item.metadata.namespace ? { namespace: item.metadata.namespace } : {}) };
      if (removed.has(`${listed.apiVersion} ${kind}`)) objects.push({ ...identity, apiVersion: listed.apiVersion, source: { from: 'live' } });
      const applied = lastApplied(item);
      if (applied?.apiVersion && removed.has(`${applied.apiVersion} ${applied.kind ?? kind}`)) {
        objects.push({ ...identity, apiVersion: applied.apiVersion, source: { from: 'last-applied' } });
      }
    }
  }
  try {
    const { items } = await listAll<HelmSecret>(http, {
      method: 'GET',
      path: '/api/v1/secrets',
      query: { fieldSelector: 'type=helm.sh/release.v1', labelSelector: 'owner=helm,status=deployed' },
      action: 'list Helm release secrets',
      rbac: { verb: 'list', resource: 'secrets', namespace: '*' },
    });
    for (const secret of items) {
      if (!secret.data?.release) continue;
      try {
        const release = decodeHelmRelease(secret.data.release);
        for (const o of objectsOfManifest(release.manifest, { ...release, namespace: release.namespace ?? secret.metadata.namespace ?? 'default' })) {
          if (removed.has(`${o.apiVersion} ${o.kind}`)) objects.push(o);
        }
      } catch (error) {
        problems.push(`failed to read Helm release ${secret.metadata.namespace}/${secret.metadata.name}: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    problems.push(`Helm releases were not scanned: ${(error as Error).message}`);
  }
  return { objects, problems };
}
