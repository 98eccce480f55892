import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '../../src/adapters/sim/index.js';
import { runCli } from '../../src/cli/main.js';

// The fuzz run itself, as a child process of fuzz.test.ts (which kills it if an input hangs):
// seeded mutations of cluster files, plan files and release catalogs, each fed to kubehop in this
// process. One JSON line per input on stdout: what was tried, the exit code, what went to stderr.
// Usage: fuzz-inputs.ts SEED BUDGET_MS

const seed = Number(process.argv[2] ?? 1);
const budgetMs = Number(process.argv[3] ?? 20_000);
const rng = new SeededRandom(seed);
const dir = await mkdtemp(join(tmpdir(), 'kubehop-fuzz-'));
const repo = new URL('../../', import.meta.url);
const clusters = await Promise.all(['demo', 'classic', 'shop'].map((n) => readFile(new URL(`data/clusters/${n}.yaml`, repo), 'utf8')));
const catalog = await readFile(new URL('data/releases.json', repo), 'utf8');

const HUGE = ['1000000000', '99999999999999999999', '-1', '1e308', '0.5', 'NaN', '[]', '{}', 'null', '"x"', '~'];
const pick = <T>(items: readonly T[]): T => items[rng.int(items.length)] as T;

/** One seeded change to a text: numbers made huge, names made long, lines dropped or doubled, bytes broken. */
function mutateText(text: string): { text: string; what: string } {
  const lines = text.split('\n');
  const i = rng.int(lines.length);
  const line = lines[i] ?? '';
  switch (rng.int(7)) {
    case 0: {
      const value = pick(HUGE);
      return { text: text.replace(/\b\d+\b/g, (m) => (rng.int(4) === 0 ? value : m)), what: `numbers -> ${value}` };
    }
    case 1: {
      const long = 'n'.repeat(254 + rng.int(2000));
      return { text: lines.map((l, k) => (k === i ? l.replace(/(name:\s*)(\S+)/, `$1${long}`) : l)).join('\n'), what: `line ${i + 1}: a ${long.length}-character name` };
    }
    case 2:
      return { text: lines.filter((_, k) => k !== i).join('\n'), what: `line ${i + 1} dropped` };
    case 3:
      return { text: [...lines.slice(0, i + 1), line, ...lines.slice(i + 1)].join('\n'), what: `line ${i + 1} doubled` };
    case 4: {
      const at = rng.int(text.length);
      const junk = pick(['{', ']', ':', '"', '\t', '- ', '&a', '*a', '!!binary', '\u0000', '%']);
      return { text: text.slice(0, at) + junk + text.slice(at), what: `${JSON.stringify(junk)} at ${at}` };
    }
    case 5:
      return { text: lines.map((l, k) => (k === i ? l.replace(/:\s*(.+)$/, `: ${pick(HUGE)}`) : l)).join('\n'), what: `line ${i + 1}: value replaced` };
    default:
      return { text: text.slice(0, rng.int(text.length)), what: 'cut short' };
  }
}

/** One seeded change to a JSON document: a field's value swapped for another type or size. */
function mutateJson(doc: unknown): { doc: unknown; what: string } {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (paths.length > 4000) return;
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...path, k]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  const path = pick(paths.slice(1));
  const replacement = pick<unknown>([null, true, 'yes', 1, -1, 1e308, 99999999, '', 'x'.repeat(5000), [], {}, [['sh', '-c', 'id']], { kind: 'rolling', maxUnavailable: 1e9 }]);
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1] as string | number] = replacement;
  return { doc: copy, what: `${path.join('.')} = ${JSON.stringify(replacement).slice(0, 40)}` };
}

async function kubehop(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, { stdout: () => undefined, stderr: (t) => void (stderr += t), today: () => '2026-11-25', env: { KUBEHOP_STATE_DIR: dir, USER: 'fuzz' } });
  return { code, stderr };
}

const planText = await (async () => {
  let out = '';
  await runCli(['plan', '--cluster', 'classic', '--to', '1.12', '-o', 'json'], { stdout: (t) => void (out += t), stderr: () => undefined, today: () => '2026-11-25', env: {} });
  return out;
})();

const started = Date.now();
for (let n = 0; Date.now() - started < budgetMs; n++) {
  const kind = pick(['cluster', 'plan', 'catalog'] as const);
  let argv: string[];
  let what: string;
  if (kind === 'cluster') {
    const m = mutateText(pick(clusters));
    const path = join(dir, `cluster-${n}.yaml`);
    await writeFile(path, m.text);
    argv = pick([['check', '--cluster', path], ['plan', '--cluster', path, '--to', '1.37']]);
    what = m.what;
  } else if (kind === 'plan') {
    const m = rng.int(3) === 0 ? { ...mutateText(planText), doc: undefined } : { ...mutateJson(JSON.parse(planText)), text: undefined };
    const path = join(dir, `plan-${n}.json`);
    await writeFile(path, m.text ?? JSON.stringify(m.doc));
    argv = ['apply', '--cluster', 'classic', '--plan', path, '--dry-run'];
    what = m.what;
  } else {
    const m = rng.int(2) === 0 ? { ...mutateText(catalog), doc: undefined } : { ...mutateJson(JSON.parse(catalog)), text: undefined };
    const path = join(dir, `releases-${n}.json`);
    await writeFile(path, m.text ?? JSON.stringify(m.doc));
    argv = pick([['releases', '--releases', path], ['plan', '--cluster', 'demo', '--releases', path]]);
    what = m.what;
  }
  process.stdout.write(`${JSON.stringify({ n, kind, what, argv: argv.join(' '), phase: 'start' })}\n`);
  const result = await kubehop(argv);
  process.stdout.write(`${JSON.stringify({ n, kind, what, argv: argv.join(' '), phase: 'done', ...result })}\n`);
}
