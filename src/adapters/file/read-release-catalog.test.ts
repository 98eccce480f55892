import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultTarget, isKnownVersion, supportStatus } from '../../core/releases/index.js';
import { formatVersion, parseVersion } from '../../core/version/index.js';
import { BUILT_IN_CATALOG_SOURCE, readReleaseCatalog } from './read-release-catalog.js';

// Unquoted release numbers on purpose: 1.30 must stay 1.30, not become 1.3.
const SCHEDULE = `schedules:
- release: 1.37
  releaseDate: 2026-08-26
  maintenanceModeStartDate: 2027-08-28
  endOfLifeDate: 2027-10-28
  next: {release: 1.37.2, cherryPickDeadline: "2026-10-09", targetDate: "2026-10-13"}
  previousPatches:
  - {release: 1.37.1, cherryPickDeadline: "2026-09-11", targetDate: "2026-09-15"}
- release: 1.30
  releaseDate: 2024-04-17
  maintenanceModeStartDate: 2025-04-28
  endOfLifeDate: 2025-06-28
  previousPatches:
  - release: 1.30.2
    targetDate: 2024-06-11
    note: ~
upcoming_releases:
- {cherryPickDeadline: "2026-10-09", targetDate: "2026-10-13"}
`;
const EOL = `branches:
- {release: "1.29", endOfLifeDate: "2025-02-28", finalPatchRelease: 1.29.14}
- release: 1.20
  endOfLifeDate: 2022-02-28
  finalPatchRelease: 1.20.15
`;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubehop-releases-'));
  await mkdir(join(dir, 'site'));
  await writeFile(join(dir, 'site', 'schedule.yaml'), SCHEDULE);
  await writeFile(join(dir, 'site', 'eol.yaml'), EOL);
  await mkdir(join(dir, 'half'));
  await writeFile(join(dir, 'half', 'schedule.yaml'), SCHEDULE);
  await writeFile(join(dir, 'other.yaml'), 'kind: Something\n');
  await writeFile(join(dir, 'bad.yaml'), 'schedules: [\n');
  await writeFile(join(dir, 'bad.json'), '{ "format": ');
  await writeFile(join(dir, 'wrong.json'), JSON.stringify({ format: 'kubehop.releases/v1', compiledOn: '2026-09-15', lines: [{ minor: '1.30' }] }));
  await writeFile(
    join(dir, 'mine.json'),
    JSON.stringify({
      format: 'kubehop.releases/v1',
      compiledOn: '2026-12-01',
      lines: [{ minor: '1.38', releaseDate: '2026-12-09', maintenanceStart: '2027-12-28', endOfLife: '2028-02-28', latestPatch: '1.38.0' }],
    }),
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readReleaseCatalog', () => {
  it('reads the built-in catalog, v1.10 to v1.37, compiled on 2026-09-15', async () => {
    const catalog = await readReleaseCatalog();
    assert.equal(catalog.source, BUILT_IN_CATALOG_SOURCE);
    assert.equal(catalog.compiledOn, '2026-09-15');
    assert.deepEqual(catalog.lines.map((l) => l.minor), Array.from({ length: 28 }, (_, i) => 10 + i));
  });

  it('gives the built-in facts: support on 2026-09-15 and the default target', async () => {
    const catalog = await readReleaseCatalog([]);
    const statuses = [33, 34, 35, 36, 37].map((m) => `1.${m} ${supportStatus(catalog, m, '2026-09-15')}`);
    assert.deepEqual(statuses, ['1.33 end-of-life', '1.34 maintenance', '1.35 supported', '1.36 supported', '1.37 supported']);
    assert.equal(formatVersion(defaultTarget(catalog, '2026-09-15')), 'v1.37.1');
    assert.equal(isKnownVersion(catalog, parseVersion('v1.29.14')), true);
    assert.equal(isKnownVersion(catalog, parseVersion('v1.29.15')), false);
  });

  it('reads a catalog in kubehop format from a .json file', async () => {
    const path = join(dir, 'mine.json');
    const catalog = await readReleaseCatalog([path]);
    assert.equal(catalog.source, path);
    assert.deepEqual(catalog.lines.map((l) => formatVersion(l.latestPatch)), ['v1.38.0']);
  });

  it('reads schedule.yaml and eol.yaml from a directory, keeping 1.30 and 1.20 apart from 1.3 and 1.2', async () => {
    const catalog = await readReleaseCatalog([join(dir, 'site')]);
    assert.equal(catalog.source, join(dir, 'site'));
    assert.equal(catalog.compiledOn, '2026-09-15');
    assert.deepEqual(
      catalog.lines.map((l) => [l.minor, l.releaseDate, l.endOfLife, formatVersion(l.latestPatch)]),
      [
        [20, '2020-12-08', '2022-02-28', 'v1.20.15'],
        [21, '2021-04-08', '2022-06-28', 'v1.21.14'],
        [22, '2021-08-04', '2022-10-28', 'v1.22.17'],
        [23, '2021-12-07', '2023-02-28', 'v1.23.17'],
        [24, '2022-05-03', '2023-07-28', 'v1.24.17'],
        [25, '2022-08-23', '2023-10-28', 'v1.25.16'],
        [26, '2022-12-09', '2024-02-28', 'v1.26.15'],
        [27, '2023-04-11', '2024-07-16', 'v1.27.16'],
        [28, '2023-08-15', '2024-10-22', 'v1.28.15'],
        [29, '2023-12-13', '2025-02-28', 'v1.29.14'],
        [30, '2024-04-17', '2025-06-28', 'v1.30.2'],
        [31, '2024-08-13', '2025-11-11', 'v1.31.14'],
        [32, '2024-12-11', '2026-02-28', 'v1.32.13'],
        [33, '2025-04-23', '2026-06-28', 'v1.33.13'],
        [34, '2025-08-27', '2026-10-27', 'v1.34.11'],
        [35, '2025-12-17', '2027-02-28', 'v1.35.9'],
        [36, '2026-04-22', '2027-06-28', 'v1.36.4'],
        [37, '2026-08-26', '2027-10-28', 'v1.37.1'],
      ],
    );
  });

  it('reads schedule.yaml and eol.yaml given as two files in either order', async () => {
    const schedule = join(dir, 'site', 'schedule.yaml');
    const eol = join(dir, 'site', 'eol.yaml');
    const catalog = await readReleaseCatalog([eol, schedule]);
    assert.equal(catalog.source, `${eol} + ${schedule}`);
    assert.equal(catalog.lines.length, 18);
  });

  const refuses: [name: string, paths: () => string[], message: () => string][] = [
    [
      'refuses a file that does not exist, saying what to pass',
      () => [join(dir, 'missing.json')],
      () => `failed to read release catalog ${join(dir, 'missing.json')}: no such file; pass a kubehop releases.json, a directory holding schedule.yaml and eol.yaml, or those two files (from kubernetes/website data/releases/)`,
    ],
    [
      'refuses a directory without eol.yaml, naming the missing file',
      () => [join(dir, 'half')],
      () => `failed to read release catalog ${join(dir, 'half', 'eol.yaml')}: no such file; pass a kubehop releases.json, a directory holding schedule.yaml and eol.yaml, or those two files (from kubernetes/website data/releases/)`,
    ],
    [
      'refuses a lone YAML file',
      () => [join(dir, 'site', 'schedule.yaml')],
      () => `failed to read release catalog ${join(dir, 'site', 'schedule.yaml')}: a website schedule needs both schedule.yaml and eol.yaml; pass a kubehop releases.json, a directory holding schedule.yaml and eol.yaml, or those two files (from kubernetes/website data/releases/)`,
    ],
    [
      'refuses two schedules',
      () => [join(dir, 'site', 'schedule.yaml'), join(dir, 'half', 'schedule.yaml')],
      () => `invalid release schedule ${join(dir, 'site', 'schedule.yaml')} and ${join(dir, 'half', 'schedule.yaml')}: both are schedule.yaml ("schedules:"); pass one schedule.yaml and one eol.yaml`,
    ],
    [
      'refuses a YAML file that is neither schedule.yaml nor eol.yaml',
      () => [join(dir, 'site', 'schedule.yaml'), join(dir, 'other.yaml')],
      () => `invalid release schedule ${join(dir, 'other.yaml')}: expected schedule.yaml (with "schedules:") or eol.yaml (with "branches:"); pass a kubehop releases.json, a directory holding schedule.yaml and eol.yaml, or those two files (from kubernetes/website data/releases/)`,
    ],
    [
      'refuses more than two files',
      () => ['a', 'b', 'c'],
      () => 'failed to read release catalog: 3 files given; pass a kubehop releases.json, a directory holding schedule.yaml and eol.yaml, or those two files (from kubernetes/website data/releases/)',
    ],
    [
      'names every invalid field of a kubehop catalog',
      () => [join(dir, 'wrong.json')],
      () => `invalid release catalog ${join(dir, 'wrong.json')}: lines[0].releaseDate: expected a date YYYY-MM-DD, got nothing; lines[0].endOfLife: expected a date YYYY-MM-DD, got nothing; lines[0].latestPatch: expected a version such as "1.30.14", got nothing`,
    ],
  ];
  for (const [name, paths, message] of refuses) {
    it(name, async () => {
      await assert.rejects(readReleaseCatalog(paths()), { name: 'ConfigError', message: message() });
    });
  }

  it('refuses broken JSON and YAML, naming the file', async () => {
    await assert.rejects(readReleaseCatalog([join(dir, 'bad.json')]), (error: Error) => {
      assert.match(error.message, /^invalid release catalog .*bad\.json: not valid JSON \(/);
      return true;
    });
    await assert.rejects(readReleaseCatalog([join(dir, 'bad.yaml'), join(dir, 'site', 'eol.yaml')]), (error: Error) => {
      assert.match(error.message, /^invalid release schedule .*bad\.yaml: not valid YAML \(/);
      return true;
    });
  });
});
