import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Seeded, time-bounded fuzzing of what kubehop reads from files — cluster files, plan files,
// release catalogs — in a child process that is killed if one input hangs. Every input must end
// with exit 0, 2 or 3 (plan files are dry-run applied: nothing else may happen), with no stack
// trace and no "bug in kubehop". KUBEHOP_FUZZ_SEED and KUBEHOP_FUZZ_MS replay or lengthen a run.

const SEED = Number(process.env.KUBEHOP_FUZZ_SEED ?? 13);
const BUDGET_MS = Number(process.env.KUBEHOP_FUZZ_MS ?? 15_000);
/** One input taking longer than this is a hang. */
const HANG_MS = 30_000;
const RUNNER = fileURLToPath(new URL('./fuzz-inputs.ts', import.meta.url));

interface Row {
  readonly n: number;
  readonly kind: string;
  readonly what: string;
  readonly argv: string;
  readonly phase: 'start' | 'done';
  readonly code?: number;
  readonly stderr?: string;
}

test(`mutated cluster files, plan files and release catalogs (seed ${SEED}, ${BUDGET_MS / 1000} s) end with exit 0, 2 or 3, no hang and no stack trace`, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, String(SEED), String(BUDGET_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), BUDGET_MS + HANG_MS);
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  clearTimeout(killer);
  const rows = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Row);
  const finished = new Set(rows.filter((r) => r.phase === 'done').map((r) => r.n));
  const hung = rows.find((r) => r.phase === 'start' && !finished.has(r.n));
  assert.equal(hung, undefined, `input ${hung?.n} hung: ${hung?.kind} (${hung?.what}): kubehop ${hung?.argv}`);
  assert.deepEqual(ended, { code: 0, signal: null }, err);
  const bad = rows.filter((r) => r.phase === 'done' && (![0, 2, 3].includes(r.code ?? -1) || /\n\s+at |bug in kubehop/.test(r.stderr ?? '')));
  assert.deepEqual(bad.map((r) => `${r.kind} (${r.what}): exit ${r.code}: ${r.stderr?.slice(0, 300)}`), []);
  assert.ok(finished.size >= 50, `only ${finished.size} inputs were tried`);
});
