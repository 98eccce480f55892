import type { ValidationResult } from '../releases/index.js';
import { describeValue, isRecord } from '../describe-value.js';
import { isIsoDate } from '../releases/index.js';
import { REMOVED_APIS_FORMAT, type RemovedApi, type RemovedApiTable } from './removed-apis.js';

// Checks a parsed data/removed-apis.json. Every problem is reported with its field path, so one
// run shows everything to fix in a hand-edited table.

const TOP_FIELDS = ['format', 'compiledOn', 'source', 'coversThrough', 'removals'];
const ENTRY_FIELDS = ['apiVersion', 'kinds', 'removedIn', 'replacement', 'replacementSince', 'note', 'confidence'];
const MINOR = /^1\.(0|[1-9]\d*)$/;
const API_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v\d+((alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function readMinor(value: unknown, path: string, errors: string[]): number | undefined {
  if (typeof value === 'string' && MINOR.test(value)) return Number(value.slice(2));
  if (typeof value === 'number') errors.push(`${path}: expected a minor as a string such as "1.25", got the number ${value}; quote it, a number loses trailing zeros`);
  else errors.push(`${path}: expected a minor such as "1.25", got ${describeValue(value)}`);
  return undefined;
}

function readEntry(raw: unknown, path: string, errors: string[]): RemovedApi[] {
  if (!isRecord(raw)) {
    errors.push(`${path}: expected an object, got ${describeValue(raw)}`);
    return [];
  }
  const before = errors.length;
  for (const key of Object.keys(raw)) {
    if (!ENTRY_FIELDS.includes(key)) errors.push(`${path}.${key}: unknown field (known: ${ENTRY_FIELDS.join(', ')})`);
  }
  const { apiVersion, kinds, removedIn, replacement, replacementSince, note, confidence } = raw;
  if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) {
    errors.push(`${path}.apiVersion: expected an apiVersion such as "batch/v1beta1", got ${describeValue(apiVersion)}`);
  }
  if (!Array.isArray(kinds) || kinds.length === 0) errors.push(`${path}.kinds: expected a list of kinds such as ["CronJob"], got ${describeValue(kinds)}`);
  else kinds.forEach((k, i) => {
    if (typeof k !== 'string' || !KIND.test(k)) errors.push(`${path}.kinds[${i}]: expected a kind such as "CronJob", got ${describeValue(k)}`);
  });
  const removed = readMinor(removedIn, `${path}.removedIn`, errors);
  if (replacement !== null && (typeof replacement !== 'string' || !API_VERSION.test(replacement))) {
    errors.push(`${path}.replacement: expected an apiVersion such as "batch/v1", or null when nothing replaces it, got ${describeValue(replacement)}`);
  }
  const since = replacementSince === undefined ? undefined : readMinor(replacementSince, `${path}.replacementSince`, errors);
  if (replacement === null && replacementSince !== undefined) errors.push(`${path}.replacementSince: given without a replacement; remove it`);
  if (replacement === null && typeof note !== 'string') errors.push(`${path}.note: say what to do instead when there is no replacement`);
  if (removed !== undefined && since !== undefined && since > removed) {
    errors.push(`${path}.replacementSince: "1.${since}" is after the removal in "1.${removed}"; the replacement must be served before the old version goes`);
  }
  if (note !== undefined && typeof note !== 'string') errors.push(`${path}.note: expected text, got ${describeValue(note)}`);
  if (confidence !== undefined && confidence !== 'unconfirmed') errors.push(`${path}.confidence: expected "unconfirmed" or no field, got ${describeValue(confidence)}`);
  if (errors.length > before || removed === undefined) return [];
  return (kinds as string[]).map((kind) => ({
    apiVersion: apiVersion as string,
    kind,
    removedIn: removed,
    ...(typeof replacement === 'string' ? { replacement } : {}),
    ...(since !== undefined ? { replacementSince: since } : {}),
    ...(typeof note === 'string' ? { note } : {}),
    unconfirmed: confidence === 'unconfirmed',
  }));
}

/** Validates a parsed data/removed-apis.json into a table with one entry per apiVersion and kind. */
export function validateRemovedApis(doc: unknown): ValidationResult<RemovedApiTable> {
  if (!isRecord(doc)) return { ok: false, errors: [`expected a JSON object, got ${describeValue(doc)}`] };
  const errors: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!TOP_FIELDS.includes(key)) errors.push(`${key}: unknown field (known: ${TOP_FIELDS.join(', ')})`);
  }
  if (doc.format !== REMOVED_APIS_FORMAT) errors.push(`format: expected "${REMOVED_APIS_FORMAT}", got ${describeValue(doc.format)}`);
  if (!isIsoDate(doc.compiledOn)) errors.push(`compiledOn: expected a date YYYY-MM-DD, got ${describeValue(doc.compiledOn)}`);
  if (typeof doc.source !== 'string' || doc.source.trim() === '') errors.push(`source: expected text naming where the table comes from, got ${describeValue(doc.source)}`);
  const covers = readMinor(doc.coversThrough, 'coversThrough', errors);
  const removals: RemovedApi[] = [];
  if (!Array.isArray(doc.removals)) errors.push(`removals: expected a list of removed API versions, got ${describeValue(doc.removals)}`);
  else {
    const seen = new Map<string, number>();
    doc.removals.forEach((raw, index) => {
      for (const entry of readEntry(raw, `removals[${index}]`, errors)) {
        const key = `${entry.apiVersion} ${entry.kind}`;
        const first = seen.get(key);
        if (first !== undefined) errors.push(`removals[${index}]: ${key} is listed twice (also removals[${first}])`);
        else seen.set(key, index);
        removals.push(entry);
      }
    });
  }
  const newest = Math.max(0, ...removals.map((r) => r.removedIn));
  if (covers !== undefined && covers < newest) errors.push(`coversThrough: "1.${covers}" is older than the removal in "1.${newest}" the table lists; give the newest release the table was checked against`);
  if (errors.length > 0 || covers === undefined) return { ok: false, errors };
  return { ok: true, value: { compiledOn: doc.compiledOn as string, source: doc.source as string, coversThrough: covers, removals } };
}
