import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Start-up of the built CLI against a bare `node -e 0`, in interleaved rounds so that the load on
// the machine falls on every command alike: each ratio is the median over rounds of the command's
// time divided by that round's `node -e 0`. KUBEHOP_BENCH_BEFORE=/path/to/bin/kubehop.js adds
// another build of kubehop (e.g. a checkout of an earlier commit) to the same rounds.
const rounds = Number(process.env.KUBEHOP_BENCH_ROUNDS ?? 15);
const bin = fileURLToPath(new URL('../bin/kubehop.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/bundle/cli/main.js', import.meta.url)))) {
  throw new Error('the CLI is not built: run "npm run build" first');
}
const before = process.env.KUBEHOP_BENCH_BEFORE;
const builds: [string, string][] = [['now', bin], ...(before ? [['before', before] as [string, string]] : [])];
const argvs: [string, string[]][] = [
  ['--help', ['--help']],
  ['plan --cluster demo --to 1.37', ['plan', '--cluster', 'demo', '--to', '1.37']],
];
const runs: { name: string; args: string[]; expectExit: number }[] = [{ name: 'node -e 0', args: ['-e', '0'], expectExit: 0 }];
for (const [label, path] of builds) {
  for (const [what, argv] of argvs) runs.push({ name: `${label}: kubehop ${what}`, args: [path, ...argv], expectExit: 0 });
}

const times = runs.map(() => [] as number[]);
const timeOnce = (args: string[], expectExit: number) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== expectExit) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  return ms;
};
// One unmeasured round warms the file cache.
for (const run of runs) timeOnce(run.args, run.expectExit);
for (let round = 0; round < rounds; round++) {
  // Rotate the order each round: no command always runs right after another.
  for (let k = 0; k < runs.length; k++) {
    const i = (k + round) % runs.length;
    const run = runs[i]!;
    times[i]!.push(timeOnce(run.args, run.expectExit));
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const baseline = times[0]!;
console.log(`${rounds} interleaved rounds; ratio = median over rounds of (command / that round's node -e 0)`);
console.log('| command | median wall | ratio to node -e 0 |');
console.log('|---|---|---|');
runs.forEach((run, i) => {
  const ratio = median(times[i]!.map((ms, r) => ms / baseline[r]!));
  console.log(`| ${run.name} | ${median(times[i]!).toFixed(0)} ms | ${ratio.toFixed(2)} x |`);
});
