import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { captureCli } from '../../../test/builders/captured-cli.js';

const run = (...argv: string[]) => captureCli(argv);

test('simulates the demo upgrade to v1.37 with zero PDB violations and every node at the target', async () => {
  const r = await run('simulate', '--cluster', 'demo', '--to', '1.37', '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.status, 'completed');
  assert.equal(report.allAtTarget, true);
  assert.deepEqual(report.pdbViolations, []);
  assert.ok(report.finalVersions.every((v: string) => v.includes('v1.37.1')));
});

test('reports the downtime all-at-once causes', async () => {
  const r = await run('simulate', '--cluster', 'demo', '--to', '1.37', '--strategy', 'all-at-once');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Downtime: .*default\/web/);
  assert.match(r.stdout, /PDB violations:\n/);
});

test('compares every strategy in one table', async () => {
  const r = await run('simulate', '--cluster', 'demo', '--to', '1.35', '--compare');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rolling, workers batched by their budgets, workloads and room +surge, 1 new node at a time +blue-green, old pool drained 1 at a time +all at once/);
  assert.match(r.stdout, /^PDB violations +0 +0 +0 +[1-9]/m);
  assert.match(r.stdout, /^every node at target +yes +yes +yes +yes$/m);
});

test('compares strategies with each one\'s forecast beside its makespan, and ends with each run\'s summary', async () => {
  const r = await run('simulate', '--cluster', 'demo', '--to', '1.35', '--compare');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^makespan +\S+ +\S+ +\S+ +\S+\nforecast \(timing model\) +about \S+ +about \S+ +about \S+ +about \S+$/m);
  for (const strategy of ['rolling, workers batched by their budgets, workloads and room', 'surge, 1 new node at a time', 'blue-green, old pool drained 1 at a time', 'all at once (workloads go down while the workers are upgraded)']) {
    const heading = `\n${strategy}:\nRun completed after `;
    assert.ok(r.stdout.includes(heading), `${strategy}\n${r.stdout}`);
    assert.match(r.stdout.slice(r.stdout.indexOf(heading)), /^\n.*:\nRun completed after \S+ \(expected about \S+\): \d+ of \d+ steps carried out\n/);
  }
});

test('gives the same run for the same seed', async () => {
  const a = await run('simulate', '--cluster', 'classic', '--to', '1.13', '--seed', '42', '-o', 'json');
  const b = await run('simulate', '--cluster', 'classic', '--to', '1.13', '--seed', '42', '-o', 'json');
  assert.equal(a.stdout, b.stdout);
});

test('refuses --compare together with --strategy', async () => {
  const r = await run('simulate', '--compare', '--strategy', 'rolling');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--compare runs every strategy: leave out --strategy/);
});

test('refuses a malformed seed', async () => {
  const r = await run('simulate', '--seed', '-3');
  assert.equal(r.code, 2);
});

test('shows a node that never comes back Ready stopping the run with its name, and nothing left cordoned', async () => {
  const r = await run('simulate', '--cluster', 'classic', '--to', '1.12', '--fault-node-never-ready', 'node-2', '-o', 'json');
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.status, 'failed');
  assert.match(report.error, /failed to wait for node node-2 to be Ready with kubelet v1\.12\.10 within 10m0s: it is NotReady/);
  assert.ok(report.finalVersions.every((v: string) => !v.endsWith('cordoned')));
});

test('stops on a failing node command, naming the node, the command and its error', async () => {
  const r = await run('simulate', '--cluster', 'classic', '--to', '1.12', '--fault-command', 'node-1:apt-get update*1', '-o', 'json');
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.error, 'failed to run "apt-get update" on node-1: exit code 1: apt-get update: failed (simulated fault)');
});

test('simulate --report writes one self-contained HTML report of the run, and -o json carries the timeline behind it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-report-'));
  try {
    const file = join(dir, 'demo.html');
    const r = await run('simulate', '--cluster', 'demo', '--to', '1.34', '-o', 'json', '--report', file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /report written to .*demo\.html/);
    const html = await readFile(file, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<svg class="chart timeline"/);
    assert.match(html, /<svg class="chart availability"/);
    const { timeline } = JSON.parse(r.stdout);
    assert.equal(timeline.unit, 'ms');
    assert.deepEqual(timeline.hops.map((h: { version: string }) => h.version), ['v1.33.13', 'v1.34.11']);
    assert.ok(timeline.nodes.some((n: { node: string; spans: { action: string }[] }) => n.node === 'worker-1' && n.spans.some((s) => s.action === 'drain')));
    const web = timeline.workloads.find((w: { name: string }) => w.name === 'web');
    assert.ok(web.points.length > 1 && web.points.every((p: { available: number; budgetMin: number }) => p.available >= p.budgetMin), 'web never went below its budget');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('simulate --report refuses a directory, a missing directory and --compare with exit 2, before running', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-report-'));
  try {
    const inDir = await run('simulate', '--report', dir);
    assert.equal(inDir.code, 2);
    assert.match(inDir.stderr, /invalid --report ".*": it is a directory; give a file name in it/);
    const missing = await run('simulate', '--report', join(dir, 'no', 'such', 'r.html'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /directory .*no\/such does not exist/);
    const compare = await run('simulate', '--compare', '--report', join(dir, 'r.html'));
    assert.equal(compare.code, 2);
    assert.match(compare.stderr, /--report draws one run: leave out --compare/);
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
