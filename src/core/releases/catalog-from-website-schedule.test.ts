import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogFromWebsiteSchedule } from './catalog-from-website-schedule.js';
import type { ReleaseCatalog } from './release-catalog.js';

// Objects shaped as each YAML parser returns them: failsafe (all text), core schema (1.30 -> 1.3),
// YAML 1.1 (dates as Date objects).

const builtIn: ReleaseCatalog = {
  compiledOn: '2026-09-15',
  source: 'built-in',
  lines: [
    { minor: 18, releaseDate: '2020-03-25', endOfLife: '2021-06-18', latestPatch: { major: 1, minor: 18, patch: 20 } },
    { minor: 32, releaseDate: '2024-12-11', maintenanceStart: '2025-12-28', endOfLife: '2026-02-28', latestPatch: { major: 1, minor: 32, patch: 13 } },
    {
      minor: 33, releaseDate: '2025-04-23', maintenanceStart: '2026-04-28', endOfLife: '2026-06-28',
      latestPatch: { major: 1, minor: 33, patch: 13 }, note: 'not yet in eol.yaml',
    },
    { minor: 37, releaseDate: '2026-08-26', endOfLife: '2027-10-28', latestPatch: { major: 1, minor: 37, patch: 1 }, codename: 'Garhwal' },
  ],
};

const failsafeSchedule = {
  schedules: [
    {
      release: '1.37', releaseDate: '2026-08-26', maintenanceModeStartDate: '2027-08-28', endOfLifeDate: '2027-10-28',
      next: { release: '1.37.2', cherryPickDeadline: '2026-10-09', targetDate: '2026-10-13' },
      previousPatches: [{ release: '1.37.1', cherryPickDeadline: '2026-09-11', targetDate: '2026-09-15', note: 'null' }],
    },
    {
      release: '1.34', releaseDate: '2025-08-27', maintenanceModeStartDate: '', endOfLifeDate: '2026-10-27',
      previousPatches: [{ release: '1.34.11', targetDate: '2026-08-20' }, { release: '1.34.10', targetDate: '2026-07-15' }],
    },
  ],
  upcoming_releases: [{ cherryPickDeadline: '2026-10-09', targetDate: '2026-10-13' }],
};
const failsafeEol = {
  branches: [
    { release: '1.32', endOfLifeDate: '2026-02-28', finalPatchRelease: '1.32.13' },
    { release: '1.26', endOfLifeDate: '2024-02-28', finalPatchRelease: '1.26.15', note: '1.26.15 was released after the EOL date' },
    { release: '1.9', endOfLifeDate: '2018-09-29', finalPatchRelease: '1.9.11' },
  ],
};

describe('catalogFromWebsiteSchedule', () => {
  it('converts failsafe-parsed files, borrowing release dates eol.yaml lacks and filling a missing line', () => {
    const result = catalogFromWebsiteSchedule(failsafeSchedule, failsafeEol, 'site/', { datesFrom: builtIn });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.compiledOn, '2026-09-15');
    assert.equal(result.value.source, 'site/');
    assert.deepEqual(result.omitted, ['1.9', '1.26']);
    assert.deepEqual(result.value.lines, [
      { minor: 32, releaseDate: '2024-12-11', maintenanceStart: '2025-12-28', endOfLife: '2026-02-28', latestPatch: { major: 1, minor: 32, patch: 13 } },
      {
        minor: 33, releaseDate: '2025-04-23', maintenanceStart: '2026-04-28', endOfLife: '2026-06-28', latestPatch: { major: 1, minor: 33, patch: 13 },
        note: 'not in schedule.yaml or eol.yaml; taken from built-in; not yet in eol.yaml',
      },
      { minor: 34, releaseDate: '2025-08-27', endOfLife: '2026-10-27', latestPatch: { major: 1, minor: 34, patch: 11 } },
      {
        minor: 37, releaseDate: '2026-08-26', maintenanceStart: '2027-08-28', endOfLife: '2027-10-28',
        latestPatch: { major: 1, minor: 37, patch: 1 }, codename: 'Garhwal',
      },
    ]);
  });

  it('leaves out every eol.yaml line when no catalog supplies release dates', () => {
    const result = catalogFromWebsiteSchedule(failsafeSchedule, failsafeEol, 'site/');
    assert.ok(result.ok);
    assert.deepEqual(result.value.lines.map((l) => l.minor), [34, 37]);
    assert.deepEqual(result.omitted, ['1.9', '1.26', '1.32']);
    assert.equal(result.value.compiledOn, '2026-09-15');
  });

  it('reads float-looking minors of a core-schema parse, using the patch releases to tell 1.30 from 1.3', () => {
    const schedule = {
      schedules: [
        { release: 1.31, releaseDate: '2024-08-13', maintenanceModeStartDate: '2025-08-28', endOfLifeDate: '2025-10-28', previousPatches: [{ release: '1.31.1', targetDate: '2024-09-11' }] },
        { release: 1.3, releaseDate: '2024-04-17', maintenanceModeStartDate: null, endOfLifeDate: '2025-06-28', next: '1.30.6', previousPatches: null },
      ],
    };
    const eol = { branches: [{ release: 1.2, endOfLifeDate: '2024-02-28', finalPatchRelease: '1.20.15' }] };
    const result = catalogFromWebsiteSchedule(schedule, eol, 'x', { datesFrom: { ...builtIn, lines: [{ ...builtIn.lines[0]!, minor: 20, releaseDate: '2020-12-08', endOfLife: '2022-02-28' }] } });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.lines.map((l) => [l.minor, l.latestPatch.patch]), [[20, 15], [30, 0], [31, 1]]);
  });

  it('reads dates a YAML 1.1 parse turned into Date objects', () => {
    const schedule = { schedules: [{ release: '1.31', releaseDate: new Date('2024-08-13T00:00:00Z'), endOfLifeDate: new Date('2025-10-28T00:00:00Z') }] };
    const result = catalogFromWebsiteSchedule(schedule, { branches: [] }, 'x');
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.lines[0], { minor: 31, releaseDate: '2024-08-13', endOfLife: '2025-10-28', latestPatch: { major: 1, minor: 31, patch: 0 } });
  });

  it('keeps the first end of life and the newest patch of a line eol.yaml lists twice', () => {
    const eol = {
      branches: [
        { release: '1.18', endOfLifeDate: '2021-06-18', finalPatchRelease: '1.18.20', note: 'Created to solve regression introduced in 1.18.19' },
        { release: '1.18', endOfLifeDate: '2021-05-12', finalPatchRelease: '1.18.19', note: 'Regression' },
      ],
    };
    const result = catalogFromWebsiteSchedule({ schedules: [] }, eol, 'x', { datesFrom: builtIn });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.value.lines, [{
      minor: 18, releaseDate: '2020-03-25', endOfLife: '2021-05-12', latestPatch: { major: 1, minor: 18, patch: 20 },
      note: 'eol.yaml lists 1.18 more than once (end of life 2021-05-12, 2021-06-18); the earliest is used; Created to solve regression introduced in 1.18.19; Regression',
    }]);
    assert.equal(result.value.compiledOn, '2021-06-18');
  });

  const refuses: [name: string, schedule: unknown, eol: unknown, errors: string[]][] = [
    [
      'refuses an ambiguous float minor with no patch release to tell, explaining how to quote it',
      { schedules: [{ release: 1.3, releaseDate: '2024-04-17', endOfLifeDate: '2025-06-28' }] },
      { branches: [] },
      ['schedules[0].release: the number 1.3 is ambiguous (1.3 or 1.30); quote it in the YAML (release: "1.30") or parse the file keeping scalars as strings'],
    ],
    [
      'refuses files that are not schedule.yaml and eol.yaml',
      { branches: [] },
      'oops',
      ['schedules: expected the list of schedule.yaml, got nothing', 'branches: expected the list of eol.yaml, got "oops"'],
    ],
    [
      'refuses bad dates and versions, naming the field path',
      { schedules: [{ release: '1.37', releaseDate: '2026-08-32', endOfLifeDate: '2027-10-28', previousPatches: [{ release: '1.36.1', targetDate: 'soon' }] }] },
      { branches: [{ release: '1.32', endOfLifeDate: '', finalPatchRelease: '1.32' }] },
      [
        'schedules[0].previousPatches[0].targetDate: expected a date YYYY-MM-DD, got "soon"',
        'schedules[0].previousPatches[0].release: "1.36.1" is not a patch of 1.37',
        'schedules[0].releaseDate: expected a date YYYY-MM-DD, got "2026-08-32"',
        'branches[0].finalPatchRelease: expected a patch version such as "1.31.2", got "1.32"',
        'branches[0].endOfLifeDate: expected a date YYYY-MM-DD, got nothing',
      ],
    ],
    [
      'refuses a schedule with no end of life anywhere',
      { schedules: [{ release: '1.40', releaseDate: '2027-08-01' }] },
      { branches: [] },
      ['line 1.40: no end-of-life date in schedule.yaml (endOfLifeDate) or eol.yaml'],
    ],
    [
      'refuses files with no line that has a release date',
      { schedules: [] },
      { branches: [{ release: '1.9', endOfLifeDate: '2018-09-29', finalPatchRelease: '1.9.11' }] },
      ['no release line with a known release date in schedule.yaml and eol.yaml'],
    ],
  ];
  for (const [name, schedule, eol, errors] of refuses) {
    it(name, () => {
      assert.deepEqual(catalogFromWebsiteSchedule(schedule, eol, 'x'), { ok: false, errors });
    });
  }
});
