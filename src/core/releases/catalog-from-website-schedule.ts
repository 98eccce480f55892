import { checkReleaseLine } from './check-release-line.js';
import { isIsoDate } from './iso-date.js';
import type { ReleaseCatalog, ReleaseLine } from './release-catalog.js';
import { releaseLine } from './release-line.js';
import { describeValue, isRecord } from '../describe-value.js';

// Converts the parsed data/releases/schedule.yaml (active lines) and eol.yaml (ended lines) of
// kubernetes/website into a ReleaseCatalog. Parsers differ: a failsafe parse keeps every scalar as
// text ("null" included), a core-schema parse turns `release: 1.30` into the number 1.3, a
// YAML 1.1 parse turns dates into Date objects. All three are accepted.

export interface WebsiteScheduleOptions {
  /** Supplies what eol.yaml does not carry (release date, maintenance start, codename), e.g. the built-in catalog. */
  readonly datesFrom?: ReleaseCatalog;
}

export type WebsiteScheduleResult =
  | { readonly ok: true; readonly value: ReleaseCatalog; /** Minors left out: no release date known. */ readonly omitted: string[] }
  | { readonly ok: false; readonly errors: string[] };

interface LineParts {
  releaseDate?: string;
  maintenanceStart?: string;
  scheduleEol?: string;
  eolDates: string[];
  latestPatch: number;
  notes: string[];
}

const NULL_LIKE = ['', 'null', 'Null', 'NULL', '~'];
const PATCH = /^v?1\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && NULL_LIKE.includes(value.trim()));
}

class Reader {
  readonly errors: string[] = [];

  date(value: unknown, path: string, required: boolean): string | undefined {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (isAbsent(value)) {
      if (required) this.errors.push(`${path}: expected a date YYYY-MM-DD, got nothing`);
      return undefined;
    }
    const text = typeof value === 'string' ? value.trim() : value;
    if (isIsoDate(text)) return text;
    this.errors.push(`${path}: expected a date YYYY-MM-DD, got ${describeValue(value)}`);
    return undefined;
  }

  /** A patch release "1.31.2" as [minor, patch]. */
  patch(value: unknown, path: string): [number, number] | undefined {
    const m = typeof value === 'string' ? PATCH.exec(value.trim()) : null;
    if (m) return [Number(m[1]), Number(m[2])];
    this.errors.push(`${path}: expected a patch version such as "1.31.2", got ${describeValue(value)}`);
    return undefined;
  }

  /** A minor "1.31" (or the number 1.31); `hints` are the minors of patch releases in the same entry. */
  minor(value: unknown, path: string, hints: readonly number[]): number | undefined {
    if (typeof value === 'string' && /^v?1\.(0|[1-9]\d*)$/.test(value.trim())) {
      return Number(value.trim().replace(/^v?1\./, ''));
    }
    if (typeof value === 'number' && /^1\.\d+$/.test(String(value))) {
      const digits = String(value).slice(2);
      if (digits.length > 1) return Number(digits);
      // 1.3 may have been written 1.3 or 1.30: only a patch release in the entry can tell.
      const matching = [...new Set(hints)].filter((m) => Number(`1.${m}`) === value);
      if (matching.length === 1) return matching[0];
      this.errors.push(
        `${path}: the number ${value} is ambiguous (1.${digits} or 1.${digits}0); quote it in the YAML ` +
          `(release: "1.${digits}0") or parse the file keeping scalars as strings`,
      );
      return undefined;
    }
    this.errors.push(`${path}: expected a minor such as "1.31", got ${describeValue(value)}`);
    return undefined;
  }

  list(value: unknown, path: string): unknown[] {
    if (isAbsent(value)) return [];
    if (Array.isArray(value)) return value;
    this.errors.push(`${path}: expected a list, got ${describeValue(value)}`);
    return [];
  }
}

function entry(map: Map<number, LineParts>, minor: number): LineParts {
  let found = map.get(minor);
  if (!found) map.set(minor, (found = { eolDates: [], latestPatch: 0, notes: [] }));
  return found;
}

function readSchedules(schedule: unknown, r: Reader, lines: Map<number, LineParts>, events: string[]): void {
  if (!isRecord(schedule) || !Array.isArray(schedule.schedules)) {
    r.errors.push(`schedules: expected the list of schedule.yaml, got ${describeValue(isRecord(schedule) ? schedule.schedules : schedule)}`);
    return;
  }
  schedule.schedules.forEach((raw, i) => {
    const path = `schedules[${i}]`;
    if (!isRecord(raw)) return void r.errors.push(`${path}: expected an object, got ${describeValue(raw)}`);
    const patches: [number, number][] = [];
    r.list(raw.previousPatches, `${path}.previousPatches`).forEach((p, j) => {
      const pPath = `${path}.previousPatches[${j}]`;
      const parsed = r.patch(isRecord(p) ? p.release : p, `${pPath}.release`);
      if (parsed) patches.push(parsed);
      const target = isRecord(p) ? r.date(p.targetDate, `${pPath}.targetDate`, false) : undefined;
      if (target) events.push(target);
    });
    // `next` is the upcoming patch (an object, or a bare version in older revisions): a hint only.
    const nextRelease = isRecord(raw.next) ? raw.next.release : raw.next;
    const hints = patches.map(([m]) => m);
    if (typeof nextRelease === 'string' && PATCH.test(nextRelease.trim())) hints.push(Number(nextRelease.trim().split('.')[1]));
    const minor = r.minor(raw.release, `${path}.release`, hints);
    if (minor === undefined) return;
    const line = entry(lines, minor);
    patches.forEach(([m, p], j) => {
      if (m !== minor) r.errors.push(`${path}.previousPatches[${j}].release: "1.${m}.${p}" is not a patch of 1.${minor}`);
      else line.latestPatch = Math.max(line.latestPatch, p);
    });
    const releaseDate = r.date(raw.releaseDate, `${path}.releaseDate`, false);
    if (releaseDate) {
      line.releaseDate = releaseDate;
      events.push(releaseDate);
    }
    const maintenance = r.date(raw.maintenanceModeStartDate, `${path}.maintenanceModeStartDate`, false);
    if (maintenance) line.maintenanceStart = maintenance;
    const eol = r.date(raw.endOfLifeDate, `${path}.endOfLifeDate`, false);
    if (eol) line.scheduleEol = eol;
  });
}

function readBranches(eolDoc: unknown, r: Reader, lines: Map<number, LineParts>, events: string[]): void {
  if (!isRecord(eolDoc) || !Array.isArray(eolDoc.branches)) {
    r.errors.push(`branches: expected the list of eol.yaml, got ${describeValue(isRecord(eolDoc) ? eolDoc.branches : eolDoc)}`);
    return;
  }
  eolDoc.branches.forEach((raw, i) => {
    const path = `branches[${i}]`;
    if (!isRecord(raw)) return void r.errors.push(`${path}: expected an object, got ${describeValue(raw)}`);
    const final = r.patch(raw.finalPatchRelease, `${path}.finalPatchRelease`);
    const minor = r.minor(raw.release, `${path}.release`, final ? [final[0]] : []);
    const eol = r.date(raw.endOfLifeDate, `${path}.endOfLifeDate`, true);
    if (minor === undefined || !final || !eol) return;
    if (final[0] !== minor) return void r.errors.push(`${path}.finalPatchRelease: "1.${final[0]}.${final[1]}" is not a patch of 1.${minor}`);
    events.push(eol);
    const line = entry(lines, minor);
    line.eolDates.push(eol);
    line.latestPatch = Math.max(line.latestPatch, final[1]);
    if (!isAbsent(raw.note) && typeof raw.note === 'string') line.notes.push(raw.note.trim());
  });
}

/** The end-of-life date of a line eol.yaml lists more than once (a fix after EOL): the first one. */
function endOfLifeFrom(minor: number, parts: LineParts): string | undefined {
  const dates = [...new Set(parts.eolDates)].sort();
  if (dates.length > 1) parts.notes.unshift(`eol.yaml lists 1.${minor} more than once (end of life ${dates.join(', ')}); the earliest is used`);
  return dates[0] ?? parts.scheduleEol;
}

function assembleLine(minor: number, parts: LineParts, known: ReleaseLine | undefined, r: Reader): ReleaseLine | undefined {
  const releaseDate = (parts.releaseDate ?? known?.releaseDate) as string;
  const endOfLife = endOfLifeFrom(minor, parts) ?? known?.endOfLife;
  if (endOfLife === undefined) {
    r.errors.push(`line 1.${minor}: no end-of-life date in schedule.yaml (endOfLifeDate) or eol.yaml`);
    return undefined;
  }
  const maintenanceStart = parts.maintenanceStart ?? known?.maintenanceStart;
  const line: ReleaseLine = {
    minor,
    releaseDate,
    ...(maintenanceStart !== undefined ? { maintenanceStart } : {}),
    endOfLife,
    latestPatch: { major: 1, minor, patch: parts.latestPatch },
    ...(known?.codename !== undefined ? { codename: known.codename } : {}),
    ...(parts.notes.length > 0 ? { note: parts.notes.join('; ') } : {}),
  };
  r.errors.push(...checkReleaseLine(line, `line 1.${minor}`));
  return line;
}

/**
 * Builds a catalog from kubernetes/website's schedule.yaml and eol.yaml, as parsed objects.
 * compiledOn is the newest date of something that has happened in the files (a release, a
 * patch, an end of life). eol.yaml has no release dates: they come from `options.datesFrom`;
 * lines with no release date anywhere (v1.2 to v1.9 in old eol.yaml revisions) are left out and
 * reported in `omitted`. A line missing from both files between two listed ones (v1.33 was for a
 * while) is taken whole from `options.datesFrom`, with a note saying so.
 */
export function catalogFromWebsiteSchedule(
  schedule: unknown,
  eol: unknown,
  source: string,
  options: WebsiteScheduleOptions = {},
): WebsiteScheduleResult {
  const r = new Reader();
  const parts = new Map<number, LineParts>();
  const events: string[] = [];
  readSchedules(schedule, r, parts, events);
  readBranches(eol, r, parts, events);

  const lines: ReleaseLine[] = [];
  const omitted: string[] = [];
  for (const minor of [...parts.keys()].sort((a, b) => a - b)) {
    const known = options.datesFrom ? releaseLine(options.datesFrom, minor) : undefined;
    const lineParts = parts.get(minor) as LineParts;
    if ((lineParts.releaseDate ?? known?.releaseDate) === undefined) {
      omitted.push(`1.${minor}`);
      continue;
    }
    const line = assembleLine(minor, lineParts, known, r);
    if (line) lines.push(line);
  }
  if (r.errors.length === 0 && lines.length === 0) r.errors.push('no release line with a known release date in schedule.yaml and eol.yaml');
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  const filled = fillGaps(lines, options.datesFrom);
  const compiledOn = events.sort()[events.length - 1] as string;
  return { ok: true, value: { compiledOn, source, lines: filled }, omitted };
}

function fillGaps(lines: readonly ReleaseLine[], datesFrom: ReleaseCatalog | undefined): ReleaseLine[] {
  const result: ReleaseLine[] = [];
  for (const line of lines) {
    const previous = result[result.length - 1];
    for (let m = previous ? previous.minor + 1 : line.minor; m < line.minor; m++) {
      const known = datesFrom ? releaseLine(datesFrom, m) : undefined;
      if (!known || !datesFrom) continue;
      const why = `not in schedule.yaml or eol.yaml; taken from ${datesFrom.source}`;
      result.push({ ...known, note: known.note ? `${why}; ${known.note}` : why });
    }
    result.push(line);
  }
  return result;
}
