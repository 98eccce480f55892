import { gunzipSync, gzipSync } from 'node:zlib';
import { ClusterApiError, ConfigError } from '../../core/errors.js';
import type { Journal, JournalRecord } from '../../ports/index.js';
import { validateJournalRecord } from '../shared/validate-journal-record.js';
import type { KubeHttp } from './kube-http.js';
import type { KubeConfigMap } from './kube-objects.js';

// The journal kept in the cluster: a ConfigMap in kube-system, JSON under one key, so a run
// started from another machine finds it. Writes carry the resourceVersion this run last saw: a
// write over someone else's is refused (409) instead of silently replacing their record. A large
// journal (thousands of nodes) is stored gzipped, since a ConfigMap holds at most 1 MiB.

export interface KubeConfigMapJournalOptions {
  readonly namespace?: string;
  readonly name?: string;
}

export const JOURNAL_NAME = 'kubehop-journal';
const KEY = 'journal.json';
const GZIP_KEY = 'journal.json.gz';
/** Above this the record is stored gzipped (ConfigMaps are limited to 1 MiB in all). */
const PLAIN_LIMIT = 256 * 1024;
const PLAN_KEY = 'plan.json.gz';
/** What a ConfigMap's binaryData can hold, with room for its metadata. */
const PLAN_LIMIT = 1000 * 1024;

interface StoredConfigMap extends KubeConfigMap {
  readonly binaryData?: Readonly<Record<string, string>>;
}

/** The journal's JSON as a ConfigMap keeps it (gzipped in binaryData, or plain in data); undefined when it has neither key. */
export function journalTextOf(map: { readonly data?: Readonly<Record<string, string>>; readonly binaryData?: Readonly<Record<string, string>> }): string | undefined {
  const gz = map.binaryData?.[GZIP_KEY];
  return gz !== undefined ? gunzipSync(Buffer.from(gz, 'base64')).toString('utf8') : map.data?.[KEY];
}

export class KubeConfigMapJournal implements Journal {
  readonly namespace: string;
  readonly name: string;
  /** undefined: not read yet; null: read and absent; else the resourceVersion last seen. */
  private version: string | null | undefined;

  constructor(
    private readonly http: KubeHttp,
    options: KubeConfigMapJournalOptions = {},
  ) {
    this.namespace = options.namespace ?? 'kube-system';
    this.name = options.name ?? JOURNAL_NAME;
  }

  private get where(): string {
    return `configmap ${this.namespace}/${this.name}`;
  }

  private get path(): string {
    return `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/configmaps`;
  }

  async read(): Promise<JournalRecord | undefined> {
    const map = await this.fetch();
    if (!map) return undefined;
    const text = journalTextOf(map);
    if (text === undefined) throw new ConfigError(`invalid journal ${this.where}: it has no ${KEY} key; pass --start-over to ignore it`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`invalid journal ${this.where}: it is not JSON (${(error as Error).message}); pass --start-over to ignore it`, { cause: error });
    }
    const result = validateJournalRecord(parsed);
    if (!result.ok) throw new ConfigError(`invalid journal ${this.where}: ${result.errors.join('; ')}; pass --start-over to ignore it`);
    return result.value;
  }

  async write(record: JournalRecord): Promise<void> {
    // A writer that never read learns the current version first, so it updates rather than fails.
    if (this.version === undefined) await this.fetch();
    const json = JSON.stringify(record);
    const content = json.length > PLAIN_LIMIT ? { binaryData: { [GZIP_KEY]: gzipSync(json).toString('base64') } } : { data: { [KEY]: json } };
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'kubehop' },
        ...(this.version ? { resourceVersion: this.version } : {}),
      },
      ...content,
    };
    try {
      const written = await this.http.request<KubeConfigMap>(
        this.version
          ? { method: 'PUT', path: `${this.path}/${encodeURIComponent(this.name)}`, body, action: `write the journal (${this.where})`, rbac: { verb: 'update', resource: 'configmaps', namespace: this.namespace } }
          : { method: 'POST', path: this.path, body, action: `write the journal (${this.where})`, rbac: { verb: 'create', resource: 'configmaps', namespace: this.namespace } },
      );
      this.version = written.metadata.resourceVersion ?? null;
    } catch (error) {
      if (!(error instanceof ClusterApiError && (error.isConflict() || (error.isNotFound() && this.version)))) throw error;
      this.version = undefined;
      throw new ClusterApiError(
        `failed to write the journal (${this.where}): another kubehop run changed it since this run read it; make sure only one run upgrades the cluster`,
        409,
        { cause: error },
      );
    }
  }

  /** The plan is kept gzipped in its own ConfigMap, NAME-plan: written once, not with every step. */
  get planName(): string {
    return `${this.name}-plan`;
  }

  async keepPlan(document: string): Promise<void> {
    const gz = gzipSync(document).toString('base64');
    const where = `configmap ${this.namespace}/${this.planName}`;
    if (gz.length > PLAN_LIMIT) throw new ConfigError(`the plan is too large to keep in ${where} (${Math.round(gz.length / 1024)} KiB gzipped, a ConfigMap holds 1 MiB)`);
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: this.planName, namespace: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'kubehop' } },
      binaryData: { [PLAN_KEY]: gz },
    };
    // Replaced whole, without a resourceVersion: the lock, not this object, keeps runs apart.
    try {
      await this.http.request<KubeConfigMap>({ method: 'PUT', path: `${this.path}/${encodeURIComponent(this.planName)}`, body, action: `keep the plan (${where})`, rbac: { verb: 'update', resource: 'configmaps', namespace: this.namespace } });
    } catch (error) {
      if (!(error instanceof ClusterApiError && error.isNotFound())) throw error;
      await this.http.request<KubeConfigMap>({ method: 'POST', path: this.path, body, action: `keep the plan (${where})`, rbac: { verb: 'create', resource: 'configmaps', namespace: this.namespace } });
    }
  }

  async keptPlan(): Promise<string | undefined> {
    const where = `configmap ${this.namespace}/${this.planName}`;
    let map: StoredConfigMap;
    try {
      map = await this.http.request<StoredConfigMap>({ method: 'GET', path: `${this.path}/${encodeURIComponent(this.planName)}`, action: `read the kept plan (${where})`, rbac: { verb: 'get', resource: 'configmaps', namespace: this.namespace } });
    } catch (error) {
      if (error instanceof ClusterApiError && error.isNotFound()) return undefined;
      throw error;
    }
    const gz = map.binaryData?.[PLAN_KEY];
    if (gz === undefined) throw new ConfigError(`invalid kept plan ${where}: it has no ${PLAN_KEY} key; resume with the plan file (--plan FILE), or pass --start-over`);
    try {
      return gunzipSync(Buffer.from(gz, 'base64')).toString('utf8');
    } catch (error) {
      throw new ConfigError(`invalid kept plan ${where}: ${(error as Error).message}; resume with the plan file (--plan FILE), or pass --start-over`, { cause: error });
    }
  }

  private async fetch(): Promise<StoredConfigMap | undefined> {
    try {
      const map = await this.http.request<StoredConfigMap>({
        method: 'GET',
        path: `${this.path}/${encodeURIComponent(this.name)}`,
        action: `read the journal (${this.where})`,
        rbac: { verb: 'get', resource: 'configmaps', namespace: this.namespace },
      });
      this.version = map.metadata.resourceVersion ?? null;
      return map;
    } catch (error) {
      if (!(error instanceof ClusterApiError && error.isNotFound())) throw error;
      this.version = null;
      return undefined;
    }
  }
}
