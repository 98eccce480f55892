import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReleaseCatalog } from '../core/releases/index.js';
import { releasesJson, renderReleasesTable } from './render-releases.js';

const catalog: ReleaseCatalog = {
  compiledOn: '2026-09-15',
  source: 'built-in (data/releases.json)',
  lines: [
    { minor: 18, releaseDate: '2020-03-25', endOfLife: '2021-06-18', latestPatch: { major: 1, minor: 18, patch: 20 } },
    { minor: 34, releaseDate: '2025-08-27', maintenanceStart: '2026-08-27', endOfLife: '2026-10-27', latestPatch: { major: 1, minor: 34, patch: 11 } },
    {
      minor: 37, releaseDate: '2026-08-26', maintenanceStart: '2027-08-28', endOfLife: '2027-10-28',
      latestPatch: { major: 1, minor: 37, patch: 1 }, codename: 'Garhwal', note: '1.37.2 targeted 2026-10-13',
    },
  ],
};

describe('renderReleasesTable', () => {
  it('lists the lines newest first with their status on the date, and where the catalog comes from', () => {
    assert.equal(
      renderReleasesTable(catalog, '2026-09-15'),
      [
        'MINOR   RELEASED     MAINTENANCE   END OF LIFE   LATEST PATCH   STATUS ON 2026-09-15',
        'v1.37   2026-08-26   2027-08-28    2027-10-28    v1.37.1        supported',
        'v1.34   2025-08-27   2026-08-27    2026-10-27    v1.34.11       maintenance',
        'v1.18   2020-03-25   -             2021-06-18    v1.18.20       end-of-life',
        '',
        'release catalog: built-in (data/releases.json), compiled on 2026-09-15',
      ].join('\n'),
    );
  });

  it('does not warn about a catalog exactly 60 days old', () => {
    assert.doesNotMatch(renderReleasesTable(catalog, '2026-11-14'), /warning/);
  });

  it('warns about a catalog older than 60 days and says how to pass a newer one', () => {
    const lines = renderReleasesTable(catalog, '2026-11-15').split('\n');
    assert.equal(
      lines[lines.length - 1],
'warning: the release catalog is 61 days old (source: built-in (data/releases.json)): it may miss releases — pass a newer one ' +
        'with --releases FILE (a kubehop releases.json, or schedule.yaml and eol.yaml of kubernetes/website data/releases/)',
    );
  });

  it('wraps the footer at spaces on a terminal, every line within its width', () => {
    for (const width of [60, 80]) {
      const lines = renderReleasesTable(catalog, '2026-11-15', { width }).split('\n');
      const footer = lines.slice(lines.indexOf('') + 1);
      assert.ok(footer.length > 2, `the warning wraps at ${width} columns`);
      for (const line of footer) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
      assert.equal(footer.join(' '), [
        'release catalog: built-in (data/releases.json), compiled on 2026-09-15',
        'warning: the release catalog is 61 days old (source: built-in (data/releases.json)): it may miss releases — pass a newer one',
        'with --releases FILE (a kubehop releases.json, or schedule.yaml and eol.yaml of kubernetes/website data/releases/)',
      ].join(' '));
    }
  });

  it('shows lines released after the date as unreleased', () => {
    assert.match(renderReleasesTable(catalog, '2026-01-01'), /^v1\.37 .* unreleased$/m);
  });
});

describe('releasesJson', () => {
  it('gives the same facts with status, age and stale flag, newest first', () => {
    assert.deepEqual(releasesJson(catalog, '2026-12-01'), {
      date: '2026-12-01',
      catalog: { source: 'built-in (data/releases.json)', compiledOn: '2026-09-15', ageDays: 77, stale: true, staleAfterDays: 60 },
      lines: [
        {
          minor: '1.37', releaseDate: '2026-08-26', maintenanceStart: '2027-08-28', endOfLife: '2027-10-28',
          latestPatch: 'v1.37.1', status: 'supported', codename: 'Garhwal', note: '1.37.2 targeted 2026-10-13',
        },
        { minor: '1.34', releaseDate: '2025-08-27', maintenanceStart: '2026-08-27', endOfLife: '2026-10-27', latestPatch: 'v1.34.11', status: 'end-of-life' },
        { minor: '1.18', releaseDate: '2020-03-25', maintenanceStart: null, endOfLife: '2021-06-18', latestPatch: 'v1.18.20', status: 'end-of-life' },
      ],
    });
  });

  it('is not stale on the day the catalog was compiled', () => {
    assert.deepEqual(releasesJson(catalog, '2026-09-15').catalog, {
      source: 'built-in (data/releases.json)', compiledOn: '2026-09-15', ageDays: 0, stale: false, staleAfterDays: 60,
    });
  });
});
