import { checkReleaseLine } from './check-release-line.js';
import { describeValue, isRecord } from '../describe-value.js';
import { isIsoDate } from './iso-date.js';
import { RELEASE_CATALOG_FORMAT, type ReleaseCatalog, type ReleaseLine, type ValidationResult } from './release-catalog.js';

// Checks kubehop's own catalog format (data/releases.json) and turns it into a ReleaseCatalog.
// Every problem is reported, each naming its field path, so one run shows everything to fix.

const TOP_FIELDS = ['format', 'compiledOn', 'lines'];
const LINE_FIELDS = ['minor', 'releaseDate', 'maintenanceStart', 'endOfLife', 'latestPatch', 'codename', 'note'];
const MINOR = /^1\.(0|[1-9]\d*)$/;
const PATCH = /^v?1\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const DATE = 'a date YYYY-MM-DD';

function unknownFields(record: Record<string, unknown>, known: readonly string[], path: string): string[] {
  return Object.keys(record)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}${key}: unknown field (known: ${known.join(', ')})`);
}

function readLine(raw: unknown, path: string, errors: string[]): ReleaseLine | undefined {
  if (!isRecord(raw)) {
    errors.push(`${path}: expected an object, got ${describeValue(raw)}`);
    return undefined;
  }
  const before = errors.length;
  errors.push(...unknownFields(raw, LINE_FIELDS, `${path}.`));
  const { minor, releaseDate, maintenanceStart, endOfLife, latestPatch, codename, note } = raw;

  let minorNumber: number | undefined;
  if (typeof minor === 'string' && MINOR.test(minor)) minorNumber = Number(minor.slice(2));
  else if (typeof minor === 'number') {
    errors.push(`${path}.minor: expected a minor as a string such as "1.30", got the number ${minor}; quote it, a number loses trailing zeros`);
  } else errors.push(`${path}.minor: expected a minor such as "1.30", got ${describeValue(minor)}`);

  for (const [field, value] of [['releaseDate', releaseDate], ['endOfLife', endOfLife]] as const) {
    if (!isIsoDate(value)) errors.push(`${path}.${field}: expected ${DATE}, got ${describeValue(value)}`);
  }
  if (maintenanceStart !== undefined && maintenanceStart !== null && !isIsoDate(maintenanceStart)) {
    errors.push(`${path}.maintenanceStart: expected ${DATE} or null, got ${describeValue(maintenanceStart)}`);
  }
  const patch = typeof latestPatch === 'string' ? PATCH.exec(latestPatch) : null;
  if (!patch) errors.push(`${path}.latestPatch: expected a version such as "1.30.14", got ${describeValue(latestPatch)}`);
  for (const [field, value] of [['codename', codename], ['note', note]] as const) {
    if (value !== undefined && typeof value !== 'string') errors.push(`${path}.${field}: expected text, got ${describeValue(value)}`);
  }
  if (errors.length > before || minorNumber === undefined || !patch) return undefined;

  const line: ReleaseLine = {
    minor: minorNumber,
    releaseDate: releaseDate as string,
    ...(typeof maintenanceStart === 'string' ? { maintenanceStart } : {}),
    endOfLife: endOfLife as string,
    latestPatch: { major: 1, minor: Number(patch[1]), patch: Number(patch[2]) },
    ...(typeof codename === 'string' ? { codename } : {}),
    ...(typeof note === 'string' ? { note } : {}),
  };
  const crossErrors = checkReleaseLine(line, path);
  errors.push(...crossErrors);
  return crossErrors.length === 0 ? line : undefined;
}

/** Validates a parsed data/releases.json document. `source` (a path) becomes the catalog's source. */
export function validateReleaseCatalog(doc: unknown, source: string): ValidationResult<ReleaseCatalog> {
  if (!isRecord(doc)) return { ok: false, errors: [`expected a JSON object, got ${describeValue(doc)}`] };
  const errors = unknownFields(doc, TOP_FIELDS, '');
  if (doc.format !== RELEASE_CATALOG_FORMAT) {
    errors.push(`format: expected "${RELEASE_CATALOG_FORMAT}", got ${describeValue(doc.format)}`);
  }
  if (!isIsoDate(doc.compiledOn)) errors.push(`compiledOn: expected ${DATE}, got ${describeValue(doc.compiledOn)}`);

  const lines: ReleaseLine[] = [];
  if (!Array.isArray(doc.lines)) errors.push(`lines: expected a list of release lines, got ${describeValue(doc.lines)}`);
  else if (doc.lines.length === 0) errors.push('lines: expected at least one release line, got an empty list');
  else {
    const seen = new Map<number, number>();
    doc.lines.forEach((raw, index) => {
      const line = readLine(raw, `lines[${index}]`, errors);
      if (!line) return;
      const first = seen.get(line.minor);
      if (first !== undefined) errors.push(`lines[${index}].minor: "1.${line.minor}" is listed twice (also lines[${first}])`);
      else seen.set(line.minor, index);
      lines.push(line);
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  lines.sort((a, b) => a.minor - b.minor);
  return { ok: true, value: { compiledOn: doc.compiledOn as string, source, lines } };
}
