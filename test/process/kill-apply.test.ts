import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SeededRandom } from '../../src/adapters/sim/index.js';
import { spawnKubehop } from './spawn-kubehop.js';

// `kubehop apply` on a simulated cluster, killed as operators and CI kill it — SIGTERM (a
// cancelled job), SIGHUP (a closed terminal), the reader of its output going away (`| head`),
// SIGKILL — at a seeded random moment, sometimes losing its journal too, then resumed from a new
// process. Every clean stop leaves nothing cordoned, the lock released and the journal
// "interrupted"; every resume finishes the upgrade with no node left cordoned.

type Stop = 'SIGTERM' | 'SIGHUP' | 'closed stdout' | 'SIGKILL';
const STOPS: readonly Stop[] = ['SIGTERM', 'SIGHUP', 'closed stdout', 'SIGKILL'];
const RUNS = 20;

const FILE_CLUSTER = `kind: Cluster
apiVersion: kubehop/v1
name: lab
nodes:
  - name: cp
    role: control-plane
    kubelet: v1.33.13
  - name: worker
    count: 3
    kubelet: v1.33.13
workloads:
  - kind: Deployment
    name: web
    replicas: 3
pdbs:
  - name: web
    selector: { matchLabels: { app: web } }
    maxUnavailable: 1
`;

interface SavedNode {
  readonly name: string;
  readonly cordoned: boolean;
  readonly kubelet: { major: number; minor: number };
}

async function savedNodes(dir: string, name: string): Promise<SavedNode[]> {
  const doc = JSON.parse(await readFile(join(dir, `${name}.simulation.json`), 'utf8')) as { simulation: { cluster: { nodes: SavedNode[] } } };
  return doc.simulation.cluster.nodes;
}

const rng = new SeededRandom(13);
const runs = Array.from({ length: RUNS }, (_, i) => ({
  stop: STOPS[i % STOPS.length] as Stop,
  file: i % 3 === 2,
  loseJournal: i % 2 === 1,
  delayMs: rng.int(1500),
  afterLines: 2 + rng.int(6),
}));

describe(`apply stopped at random points (${RUNS} runs, seed 13) and resumed from a new process`, { concurrency: 3 }, () => {
  for (const [i, run] of runs.entries()) {
    const what = `${run.file ? 'a file cluster' : 'the classic cluster'}, ${run.stop} ${run.delayMs} ms after line ${run.afterLines}${run.loseJournal ? ', journal deleted before the restart' : ''}`;
    it(`run ${i + 1}: ${what}: nothing left cordoned, and --resume finishes the upgrade`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kubehop-kill-'));
      try {
        const env = { KUBEHOP_STATE_DIR: dir };
        const clusterArg = run.file ? join(dir, 'lab.yaml') : 'classic';
        if (run.file) await writeFile(clusterArg, FILE_CLUSTER);
        const name = run.file ? 'lab' : 'classic';
        const target = run.file ? ['--to', '1.34'] : ['--to', '1.12'];
        const args = ['apply', '--cluster', clusterArg, ...target, '--yes'];
        const first = spawnKubehop([...args, '--speed', '400'], env);
        await first.printed(run.afterLines);
        await new Promise((done) => setTimeout(done, run.delayMs));
        if (run.stop === 'closed stdout') first.child.stdout?.destroy();
        else first.child.kill(run.stop);
        const ended = await first.exited;
        const journalPath = join(dir, `${name}.journal.json`);
        const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { status: string; cordonedByRun: string[] };
        if (journal.status === 'completed') return; // it finished before the stop arrived: nothing to resume
        if (run.stop === 'SIGKILL') {
          assert.equal(ended.signal, 'SIGKILL');
        } else {
          assert.equal(ended.code, 1, first.stderr());
          assert.equal(journal.status, 'interrupted');
          assert.deepEqual(journal.cordonedByRun, []);
          assert.equal(existsSync(join(dir, `${name}.lock`)), false, 'the lock is released');
          assert.deepEqual((await savedNodes(dir, name)).filter((n) => n.cordoned).map((n) => n.name), []);
          assert.match(first.stderr(), /stopped by .*; no node it cordoned is left cordoned, the lock is released; continue with: kubehop apply .*--resume\n/);
          assert.doesNotMatch(first.stderr(), /\n\s+at /, "no stack trace");
        }
        if (run.loseJournal) await rm(journalPath);
        const second = spawnKubehop([...args, '--speed', '0', '--resume'], env);
        const resumed = await second.exited;
        assert.equal(resumed.code, 0, `${second.stdout().slice(-2000)}\n${second.stderr()}`);
        const nodes = await savedNodes(dir, name);
        assert.deepEqual(nodes.filter((n) => n.cordoned).map((n) => n.name), [], 'no node is left cordoned');
        const want = run.file ? 34 : 12;
        assert.deepEqual(nodes.filter((n) => n.kubelet.minor !== want).map((n) => n.name), []);
        assert.equal(existsSync(join(dir, `${name}.lock`)), false);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
