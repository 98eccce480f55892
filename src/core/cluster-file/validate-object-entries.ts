import type { ObjectSource, ObservedObject } from '../cluster/cluster-snapshot.js';
import type { DocumentChecker, FieldPath, Fields } from './document-checker.js';

// The objects[] section: objects and the apiVersion one source gives each (the live object, its
// last-applied configuration, a Helm release's stored manifest), for the removed-API check.

type FileSource = Exclude<ObjectSource['from'], 'file'>;

const OBJECT_FIELDS = ['apiVersion', 'kind', 'namespace', 'name', 'from', 'release', 'revision'];
const SOURCES: readonly FileSource[] = ['live', 'last-applied', 'helm'];
/** group/version or a core version: v1, apps/v1, networking.k8s.io/v1beta1. */
const API_VERSION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[1-9]\d*((alpha|beta)[1-9]\d*)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HELM_RELEASE_MAX = 53;

/** How a cluster file writes one. */
export interface ObservedObjectEntry {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Default live. */
  readonly from?: FileSource;
  /** Exactly with from: helm. */
  readonly release?: string;
  readonly revision?: number;
}

function readApiVersion(check: DocumentChecker, fields: Fields, path: FieldPath): string | undefined {
  const apiVersion = check.string(fields, 'apiVersion', path, 'missing apiVersion; give the one this source uses, e.g. apiVersion: networking.k8s.io/v1beta1');
  if (apiVersion === undefined || API_VERSION.test(apiVersion)) return apiVersion;
  return check.fail([...path, 'apiVersion'], `invalid apiVersion "${apiVersion}": write group/version such as apps/v1 or networking.k8s.io/v1beta1, or a core version such as v1`);
}

function readKind(check: DocumentChecker, fields: Fields, path: FieldPath): string | undefined {
  const kind = check.string(fields, 'kind', path, 'missing kind; give the object’s kind, e.g. kind: Ingress');
  if (kind === undefined || KIND.test(kind)) return kind;
  return check.fail([...path, 'kind'], `invalid kind "${kind}": a kind is written in CamelCase, e.g. Ingress or CustomResourceDefinition`);
}

function readName(check: DocumentChecker, fields: Fields, path: FieldPath): { namespace?: string; name?: string } {
  const namespace = check.string(fields, 'namespace', path);
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) {
    check.fail([...path, 'namespace'], `invalid namespace "${namespace}": use lowercase letters, digits and "-" (at most 63)`);
  }
  const name = check.string(fields, 'name', path, 'missing name; every object needs one');
  // Object names are only bound by the API path; RBAC names such as system:node hold colons.
  if (name !== undefined && (/[/%]/.test(name) || name === '.' || name === '..')) {
    check.fail([...path, 'name'], `invalid object name "${name}": a name cannot contain "/" or "%", nor be "." or ".."`);
    return { ...(namespace !== undefined ? { namespace } : {}) };
  }
  return { ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) };
}

function readSource(check: DocumentChecker, fields: Fields, path: FieldPath): ObjectSource | undefined {
  const from = check.oneOf(fields, 'from', path, SOURCES) ?? 'live';
  const given = (key: string) => fields[key] !== undefined && fields[key] !== null;
  if (from !== 'helm') {
    for (const key of ['release', 'revision'].filter(given)) {
      check.fail([...path, key], `${key} names a Helm release revision; remove it or set from: helm`);
    }
    return { from };
  }
  const release = check.string(fields, 'release', path, 'missing release; from: helm needs the release name and its revision, e.g. release: ingress, revision: 3');
  const releaseOk = release !== undefined && DNS_NAME.test(release) && release.length <= HELM_RELEASE_MAX;
  if (release !== undefined && !releaseOk) {
    check.fail([...path, 'release'], `invalid Helm release name "${release}": use lowercase letters, digits, "-" and "." (at most ${HELM_RELEASE_MAX})`);
  }
  const revision = check.integer(fields, 'revision', path, 1);
  if (!given('revision')) check.fail([...path, 'revision'], 'missing revision; from: helm needs the revision whose manifest holds the object, e.g. revision: 3');
  return releaseOk && revision !== undefined ? { from, release, revision } : undefined;
}

function sourceKey(source: ObjectSource): string {
  return source.from === 'helm' ? `helm release ${source.release} revision ${source.revision}` : source.from;
}

/** Every object the list describes, in file order, one entry per source. */
export function validateObjectEntries(check: DocumentChecker, entries: readonly unknown[]): ObservedObject[] {
  const objects: ObservedObject[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = ['objects', index];
    const fields = check.mapping(entry, path, OBJECT_FIELDS);
    if (!fields) return;
    const apiVersion = readApiVersion(check, fields, path);
    const kind = readKind(check, fields, path);
    const { namespace, name } = readName(check, fields, path);
    const source = readSource(check, fields, path);
    if (apiVersion === undefined || kind === undefined || name === undefined || source === undefined) return;
    const object = `${kind} ${namespace !== undefined ? `${namespace}/` : ''}${name}`;
    // One source gives an object one apiVersion; the same kind in another group is another object.
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const key = `${group} ${object} ${sourceKey(source)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      check.fail(path, `${object} from ${sourceKey(source)} is already listed as objects.${earlier}; a source gives an object one apiVersion, list it once per source`);
      return;
    }
    seen.set(key, index);
    objects.push({ apiVersion, kind, ...(namespace !== undefined ? { namespace } : {}), name, source });
  });
  return objects;
}
