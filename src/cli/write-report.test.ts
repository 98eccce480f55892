import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { captureCli } from '../../test/builders/captured-cli.js';

// --report FILE on plan and apply (simulate's are with its command): the file is written whatever
// the outcome, and a path that cannot be written is refused before anything runs.

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-report-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('plan --report draws the planned timeline at the expected times with the blocking findings on top, and still exits 3 when one blocks', () =>
  inTempDir(async (dir) => {
    const file = join(dir, 'plan.html');
    const r = await captureCli(['plan', '--cluster', 'shop', '--report', file]);
    assert.equal(r.code, 3, r.stderr);
    const html = await readFile(file, 'utf8');
    assert.match(html, /<title>kubehop: Plan: shop v1\.24\.17 → v1\.37\.1<\/title>/);
    assert.match(html, /expected time since the start \(timing model\)/);
    assert.match(html, /<div class="label">expected duration<\/div>/);
    assert.doesNotMatch(html, />API server</, 'a plan observed no API outage and draws no API row');
    assert.ok(html.indexOf('id="findings"') < html.indexOf('id="timeline"'), 'blocking findings come before the timeline');
    assert.match(html, /<span class="sev blocking">blocking<\/span>/);
  }));

test('plan -o json --report keeps stdout the plan as data and writes the report beside it', () =>
  inTempDir(async (dir) => {
    const file = join(dir, 'plan.html');
    const r = await captureCli(['plan', '--cluster', 'classic', '--to', '1.12', '-o', 'json', '--report', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).format, 'kubehop.plan/v1');
    assert.match(await readFile(file, 'utf8'), /<svg class="chart timeline"/);
  }));

test('apply --report on a simulated cluster draws the run with the workloads the simulator measured', () =>
  inTempDir(async (dir) => {
    const file = join(dir, 'apply.html');
    const r = await captureCli(['apply', '--cluster', 'classic', '--to', '1.12', '--yes', '--speed', '0', '--report', file], { env: { KUBEHOP_STATE_DIR: dir, USER: 'tester' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /report written to/);
    const html = await readFile(file, 'utf8');
    assert.match(html, /<title>kubehop: Upgrade of classic v1\.11\.3 → v1\.12\.10<\/title>/);
    assert.match(html, /<div class="label">result<\/div><div class="value">completed<\/div>/);
    assert.match(html, /<rect class="step"[^>]*><title>node-3: drain v1\.12\.10/);
    assert.match(html, /<svg class="chart availability"/);
  }));

test('apply --report refuses --dry-run and an unwritable path with exit 2, changing nothing', () =>
  inTempDir(async (dir) => {
    const env = { env: { KUBEHOP_STATE_DIR: dir, USER: 'tester' } };
    const dry = await captureCli(['apply', '--cluster', 'classic', '--to', '1.12', '--dry-run', '--report', join(dir, 'r.html')], env);
    assert.equal(dry.code, 2);
    assert.match(dry.stderr, /--report draws a run, and a dry run changes nothing: leave out --dry-run/);
    const bad = await captureCli(['apply', '--cluster', 'classic', '--to', '1.12', '--yes', '--report', join(dir, 'missing', 'r.html')], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --report ".*r\.html": directory .*missing does not exist/);
    assert.deepEqual(await readdir(dir), []);
  }));
