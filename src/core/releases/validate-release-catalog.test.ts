import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateReleaseCatalog } from './validate-release-catalog.js';

function aDoc(lines: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { format: 'kubehop.releases/v1', compiledOn: '2026-09-15', lines, ...extra };
}

const L130 = { minor: '1.30', releaseDate: '2024-04-17', maintenanceStart: '2025-04-28', endOfLife: '2025-07-15', latestPatch: '1.30.14' };
const L110 = { minor: '1.10', releaseDate: '2018-03-26', maintenanceStart: null, endOfLife: '2019-02-13', latestPatch: '1.10.13' };
const L137 = { minor: '1.37', releaseDate: '2026-08-26', maintenanceStart: '2027-08-28', endOfLife: '2027-10-28', latestPatch: 'v1.37.1', codename: 'Garhwal', note: 'n' };

describe('validateReleaseCatalog', () => {
  it('turns a valid document into a catalog sorted by minor, keeping "1.10" as minor 10', () => {
    const result = validateReleaseCatalog(aDoc([L137, L110, L130]), 'releases.json');
    assert.deepEqual(result, {
      ok: true,
      value: {
        compiledOn: '2026-09-15',
        source: 'releases.json',
        lines: [
          { minor: 10, releaseDate: '2018-03-26', endOfLife: '2019-02-13', latestPatch: { major: 1, minor: 10, patch: 13 } },
          { minor: 30, releaseDate: '2024-04-17', maintenanceStart: '2025-04-28', endOfLife: '2025-07-15', latestPatch: { major: 1, minor: 30, patch: 14 } },
          {
            minor: 37, releaseDate: '2026-08-26', maintenanceStart: '2027-08-28', endOfLife: '2027-10-28',
            latestPatch: { major: 1, minor: 37, patch: 1 }, codename: 'Garhwal', note: 'n',
          },
        ],
      },
    });
  });

  const cases: [string, unknown, string[]][] = [
    ['refuses a document that is not an object', [L130], ['expected a JSON object, got a list']],
    ['refuses another format', aDoc([L130], { format: 'kubehop.releases/v2' }), ['format: expected "kubehop.releases/v1", got "kubehop.releases/v2"']],
    ['refuses a missing compiledOn', aDoc([L130], { compiledOn: undefined }), ['compiledOn: expected a date YYYY-MM-DD, got nothing']],
    ['refuses unknown top-level fields', aDoc([L130], { line: [] }), ['line: unknown field (known: format, compiledOn, lines)']],
    ['refuses an empty list of lines', aDoc([]), ['lines: expected at least one release line, got an empty list']],
    ['refuses lines that are not a list', aDoc([], { lines: {} }), ['lines: expected a list of release lines, got an object']],
    [
      'refuses an impossible month, naming the field path',
      aDoc([L110, L110, L110, { ...L130, endOfLife: '2019-13-01' }]),
      ['lines[1].minor: "1.10" is listed twice (also lines[0])', 'lines[2].minor: "1.10" is listed twice (also lines[0])', 'lines[3].endOfLife: expected a date YYYY-MM-DD, got "2019-13-01"'],
    ],
    [
      'refuses a minor written as a number, which loses trailing zeros',
      aDoc([{ ...L130, minor: 1.3 }]),
      ['lines[0].minor: expected a minor as a string such as "1.30", got the number 1.3; quote it, a number loses trailing zeros'],
    ],
    ['refuses a minor with a patch', aDoc([{ ...L130, minor: '1.30.1' }]), ['lines[0].minor: expected a minor such as "1.30", got "1.30.1"']],
    ['refuses a missing release date', aDoc([{ ...L130, releaseDate: undefined }]), ['lines[0].releaseDate: expected a date YYYY-MM-DD, got nothing']],
    ['refuses a maintenance start that is not a date', aDoc([{ ...L130, maintenanceStart: 'soon' }]), ['lines[0].maintenanceStart: expected a date YYYY-MM-DD or null, got "soon"']],
    ['refuses a pre-release as latest patch', aDoc([{ ...L130, latestPatch: '1.30.0-rc.1' }]), ['lines[0].latestPatch: expected a version such as "1.30.14", got "1.30.0-rc.1"']],
    ['refuses a latest patch of another line', aDoc([{ ...L130, latestPatch: '1.31.2' }]), ['lines[0].latestPatch: "1.31.2" is not a patch of 1.30']],
    ['refuses a codename that is not text', aDoc([{ ...L130, codename: 7 }]), ['lines[0].codename: expected text, got 7']],
    [
      'refuses a misspelt field',
      aDoc([{ ...L130, endOfLIfe: '2025-07-15' }]),
      ['lines[0].endOfLIfe: unknown field (known: minor, releaseDate, maintenanceStart, endOfLife, latestPatch, codename, note)'],
    ],
    ['refuses a line that is not an object', aDoc(['1.30']), ['lines[0]: expected an object, got "1.30"']],
    [
      'refuses an end of life before the release',
      aDoc([{ ...L110, endOfLife: '2018-03-26' }]),
      ['lines[0]: 1.10 reaches end of life (2018-03-26) before it is released (2018-03-26)'],
    ],
    [
      'refuses a maintenance start outside the life of the line',
      aDoc([{ ...L130, maintenanceStart: '2024-01-01' }, { ...L137, maintenanceStart: '2028-01-01' }]),
      [
        'lines[0]: 1.30 enters maintenance mode (2024-01-01) before it is released (2024-04-17)',
        'lines[1]: 1.37 enters maintenance mode (2028-01-01) after its end of life (2027-10-28)',
      ],
    ],
  ];
  for (const [name, doc, errors] of cases) {
    it(name, () => {
      assert.deepEqual(validateReleaseCatalog(doc, 'x.json'), { ok: false, errors });
    });
  }
});
