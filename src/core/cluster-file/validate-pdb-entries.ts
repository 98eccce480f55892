import type { PdbSnapshot } from '../cluster/cluster-snapshot.js';
import { describeValue, type DocumentChecker, type FieldPath, type Fields } from './document-checker.js';
import { readObjectName } from './validate-workload-entries.js';

// The pdbs[] section: PodDisruptionBudgets (policy/v1) with a matchLabels selector.

const PDB_FIELDS = ['name', 'namespace', 'selector', 'minAvailable', 'maxUnavailable', 'unhealthyPodEvictionPolicy'];

function readBudget(check: DocumentChecker, fields: Fields, key: string, path: FieldPath): number | string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const m = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  if (m && Number(m[1]) <= 100) return value as string;
  return check.fail([...path, key], `must be a whole number such as 1 or a percentage such as "50%", found ${describeValue(value)}`);
}

export function validatePdbEntries(check: DocumentChecker, entries: readonly unknown[]): PdbSnapshot[] {
  const pdbs: PdbSnapshot[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = ['pdbs', index];
    const fields = check.mapping(entry, path, PDB_FIELDS);
    if (!fields) return;
    const { namespace, name } = readObjectName(check, fields, path, 'PodDisruptionBudget');
    let matchLabels: Readonly<Record<string, string>> | undefined;
    if (fields.selector === undefined || fields.selector === null) {
      check.fail([...path, 'selector'], 'missing selector; give the labels of the pods it protects, e.g. selector: {matchLabels: {app: web}}');
    } else {
      const selector = check.mapping(fields.selector, [...path, 'selector'], ['matchLabels']);
      if (selector) matchLabels = check.stringMap(selector, 'matchLabels', [...path, 'selector']);
    }
    const minAvailable = readBudget(check, fields, 'minAvailable', path);
    const maxUnavailable = readBudget(check, fields, 'maxUnavailable', path);
    const given = (key: string) => fields[key] !== undefined && fields[key] !== null;
    if (given('minAvailable') && given('maxUnavailable')) {
      check.fail([...path, 'maxUnavailable'], 'a PodDisruptionBudget takes minAvailable or maxUnavailable, not both; remove one');
    } else if (!given('minAvailable') && !given('maxUnavailable')) {
      check.fail(path, 'missing budget; set minAvailable or maxUnavailable, e.g. minAvailable: 1 or maxUnavailable: "50%"');
    }
    const policy = check.oneOf(fields, 'unhealthyPodEvictionPolicy', path, ['IfHealthyBudget', 'AlwaysAllow'] as const);
    if (name === undefined || !matchLabels) return;
    const key = `${namespace}/${name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      check.fail([...path, 'name'], `PodDisruptionBudget ${key} is already defined by pdbs.${earlier}; rename one of them`);
      return;
    }
    seen.set(key, index);
    pdbs.push({
      namespace,
      name,
      selector: matchLabels,
      ...(minAvailable !== undefined ? { minAvailable } : {}),
      ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
      ...(policy !== undefined ? { unhealthyPodEvictionPolicy: policy } : {}),
    });
  });
  return pdbs;
}
