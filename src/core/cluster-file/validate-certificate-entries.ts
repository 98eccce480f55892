import { isIsoDate } from '../releases/iso-date.js';
import type { KubeVersion } from '../version/index.js';
import type { CertificateExpiry, NodeRole } from '../cluster/cluster-snapshot.js';
import { describeValue, type DocumentChecker, type FieldPath, type Fields } from './document-checker.js';
import { KUBEADM_CERTIFICATE_NAMES, kubeadmCertificates } from '../cluster/kubeadm-certificates.js';
import { nearestName } from './nearest-name.js';

// `certificates:` of a control-plane node entry: the kubeadm certificates' expiry dates, either
// listed one by one as `kubeadm certs check-expiration` prints them or as one day for all leaves
// (and one for the CAs).

/** How a cluster file writes them: a list, or the shorthand for every certificate at once. */
export type CertificatesEntry =
  | readonly { readonly name: string; readonly expiresOn: string }[]
  | { readonly expireOn: string; readonly caExpireOn?: string };

export interface CertificateContext {
  readonly role: NodeRole;
  readonly etcd: 'local' | 'external';
  /** The node's kubeadm; undefined when its entry has a mistake there. */
  readonly kubeadm: KubeVersion | undefined;
}

const SHORTHAND_FIELDS = ['expireOn', 'caExpireOn'];
const ITEM_FIELDS = ['name', 'expiresOn'];

function readDate(check: DocumentChecker, fields: Fields, key: string, path: FieldPath, missing?: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return missing === undefined ? undefined : check.fail([...path, key], missing);
  if (isIsoDate(value)) return value;
  return check.fail([...path, key], `must be a calendar date written YYYY-MM-DD, e.g. 2026-09-15; found ${describeValue(value)}`);
}

function readList(check: DocumentChecker, items: readonly unknown[], path: FieldPath): CertificateExpiry[] {
  const seen = new Map<string, number>();
  return items.flatMap((item, i): CertificateExpiry[] => {
    const itemPath = [...path, i];
    const fields = check.mapping(item, itemPath, ITEM_FIELDS);
    if (!fields) return [];
    const name = check.string(fields, 'name', itemPath, 'missing name; use the name kubeadm certs check-expiration prints, e.g. apiserver');
    const expiresOn = readDate(check, fields, 'expiresOn', itemPath, 'missing expiresOn; add the day it expires, e.g. expiresOn: 2026-09-15');
    if (name !== undefined && !KUBEADM_CERTIFICATE_NAMES.includes(name)) {
      const guess = nearestName(name, KUBEADM_CERTIFICATE_NAMES);
      const hint = guess ? `did you mean "${guess}"?` : `kubeadm's are ${KUBEADM_CERTIFICATE_NAMES.join(', ')}`;
      check.fail([...itemPath, 'name'], `unknown certificate "${name}"; ${hint}`);
      return [];
    }
    if (name !== undefined && seen.has(name)) {
      check.fail([...itemPath, 'name'], `certificate ${name} is already listed as certificates.${seen.get(name)}; list each once`);
      return [];
    }
    if (name !== undefined) seen.set(name, i);
    return name !== undefined && expiresOn !== undefined ? [{ name, expiresOn }] : [];
  });
}

/** The certificates of the node entry `fields` at `path`; undefined when not given (not observed). */
export function validateCertificateEntries(
  check: DocumentChecker,
  fields: Fields,
  path: FieldPath,
  context: CertificateContext,
): CertificateExpiry[] | undefined {
  const value = fields.certificates;
  if (value === undefined || value === null) return undefined;
  const certPath = [...path, 'certificates'];
  if (context.role !== 'control-plane') {
    return check.fail(certPath, "kubeadm's certificates live on control-plane nodes; remove certificates or set role: control-plane");
  }
  if (Array.isArray(value)) return readList(check, value, certPath);
  if (typeof value !== 'object') {
    return check.fail(
      certPath,
      `must be a list of {name, expiresOn} or {expireOn: YYYY-MM-DD} for every certificate at once, found ${describeValue(value)}`,
    );
  }
  if ('name' in value) {
    return check.fail(certPath, 'certificates named one by one form a list: certificates: [{name: apiserver, expiresOn: 2026-09-15}]');
  }
  const shorthand = check.mapping(value, certPath, SHORTHAND_FIELDS);
  if (!shorthand) return undefined;
  const expireOn = readDate(check, shorthand, 'expireOn', certPath, 'missing expireOn; give the day the certificates expire, e.g. expireOn: 2026-09-15, or list them one by one');
  const caExpireOn = readDate(check, shorthand, 'caExpireOn', certPath);
  if (expireOn === undefined || context.kubeadm === undefined) return undefined;
  return kubeadmCertificates({ expireOn, ...(caExpireOn !== undefined ? { caExpireOn } : {}), etcd: context.etcd, kubeadm: context.kubeadm });
}
