import assert from 'node:assert/strict';
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
