import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The 1,000-node simulation (bench/simulate-once.ts) with this checkout's code and with an
// earlier commit's, checked out in a temporary worktree, in alternating rounds:
//   KUBEHOP_BENCH_BASE=COMMIT [KUBEHOP_BENCH_ROUNDS=2] node --import tsx bench/simulate-speed.bench.ts
// Where both plan alike, both simulations must report exactly the same (same seed): asserted.
const base = process.env.KUBEHOP_BENCH_BASE;
const rounds = Number(process.env.KUBEHOP_BENCH_ROUNDS ?? 2);
const here = fileURLToPath(new URL('..', import.meta.url));
const once = fileURLToPath(new URL('./simulate-once.ts', import.meta.url));

interface Run {
  readonly planMs: number;
  readonly simulateMs: number;
  readonly plan: string;
  readonly report: string;
  readonly status: string;
  readonly makespanMin: number;
  readonly evictions: number;
  readonly refused429: number;
}

if (!base) {
  console.log('simulate-speed: set KUBEHOP_BENCH_BASE=COMMIT to compare this checkout with that commit');
} else {
  const tree = mkdtempSync(join(tmpdir(), 'kubehop-bench-base-'));
  execFileSync('git', ['-C', here, 'worktree', 'add', '--detach', tree, base], { stdio: 'ignore' });
  try {
    symlinkSync(join(here, 'node_modules'), join(tree, 'node_modules'));
    const run = (root: string, strategy: string): Run =>
      JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', once, root, strategy], { cwd: here, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop() ?? '');
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
    console.log(`base ${base} (${tree}) vs this checkout, ${rounds} alternating rounds per strategy`);
    console.log('| strategy | simulate, base | simulate, now | speed-up | plan, base | plan, now | same plan | same report |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const strategy of ['all-at-once', 'auto']) {
      const then: Run[] = [];
      const now: Run[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate which goes first, so neither always meets the machine warmer.
        if (round % 2 === 0) then.push(run(tree, strategy)), now.push(run(here, strategy));
        else now.push(run(here, strategy)), then.push(run(tree, strategy));
      }
      const samePlan = then.every((r) => r.plan === now[0]!.plan) && now.every((r) => r.plan === now[0]!.plan);
      const sameReport = then.every((r) => r.report === now[0]!.report) && now.every((r) => r.report === now[0]!.report);
      if (samePlan && !sameReport) throw new Error(`${strategy}: the same plan simulated differently: ${JSON.stringify({ then, now })}`);
      const [t, n] = [median(then.map((r) => r.simulateMs)), median(now.map((r) => r.simulateMs))];
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(`| ${strategy} | ${s(t)} | ${s(n)} | ${(t / n).toFixed(2)} x | ${s(median(then.map((r) => r.planMs)))} | ${s(median(now.map((r) => r.planMs)))} | ${samePlan ? 'yes' : 'no'} | ${sameReport ? 'yes' : 'no'} |`);
      for (const [label, r] of [['base', then[0]!], ['now', now[0]!]] as const) {
        console.log(`  ${label}: ${r.status}, makespan ${r.makespanMin.toFixed(1)} min, ${r.evictions} evictions, ${r.refused429} refused (429), report ${r.report}`);
      }
    }
  } finally {
    execFileSync('git', ['-C', here, 'worktree', 'remove', '--force', tree], { stdio: 'ignore' });
  }
}
