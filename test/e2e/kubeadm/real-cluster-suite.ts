import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { isReady } from '../kube-objects.js';
import { runCliCaptured, spawnCli, type SpawnedCli } from '../run-cli.js';
import { sampleReadyPods } from '../sample-ready-pods.js';
import { clusterReads, eventually, webWorkload, type ClusterReads } from './cluster-reads.js';
import { kubeadmClusterSkipReason, startKubeadmCluster, type KubeadmCluster } from './kubeadm-cluster.js';

// What the real-kubeadm suites share around what each tests: when they run, the cluster each
// starts (cp-1, two workers, the web workload under its budget, Ready), its teardown, and the
// opening of a live run: a plan kept in a file, then apply started as a process a test can kill.

/** The version the fixture's packages and images take a v1.20.2 cluster to. */
export const TARGET = 'v1.21.0';

// CI provisions the fixture on every run: there, a missing fixture is a failure, not a skip.
const required = process.env.KUBEHOP_REQUIRE_REAL_KUBEADM === '1';

/** For each suite's describe: skipped, saying why, where the fixture cannot run; 40 minutes. */
export const realClusterSuiteOptions = { skip: required ? false : kubeadmClusterSkipReason(), timeout: 40 * 60_000 };

export interface RealClusterSuiteOptions {
  /** Names the suite's scratch directory (kubehop-NAME-...). */
  readonly name: string;
  /** Machines started beside the cluster, prepared like the workers but not joined. */
  readonly spares?: number;
  /**
   * The workers' pool: each is labelled `pool=NAME` and tainted `dedicated=NAME:NoSchedule`, and
   * the web pods select the label and tolerate the taint (webWorkload).
   */
  readonly pool?: string;
  /** Runs once the cluster is up, before the web workload is applied. */
  readonly prepare?: (suite: RealClusterSuite) => Promise<void>;
}

export interface RealClusterSuite {
  readonly cluster: KubeadmCluster;
  readonly reads: ClusterReads;
  /** The suite's own directory (plan files, kubectl inputs), removed after it. */
  readonly scratch: string;
  /** kubehop's flags to reach the cluster: its kubeconfig, then SSH to every node. */
  readonly flags: readonly string[];
  /** Starts `kubehop ARGV` as a process; one still running when the suite ends is killed. */
  spawn(argv: readonly string[]): SpawnedCli;
  /**
   * Plans `--to TARGET` with `planArgs` as JSON into the scratch directory, then starts
   * `apply --plan` on that file: the argv (to resume with) and the running process.
   */
  applyFromPlan(planArgs?: readonly string[]): Promise<{ argv: string[]; run: SpawnedCli }>;
}

/**
 * Polls as `eventually` does; once the run has ended, each probe fails with the run's output,
 * which is what the timeout reports (eventually keeps polling through a failed probe).
 */
export function whileRunning<T>(run: SpawnedCli, what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  return eventually(what, async () => {
    if (run.child.exitCode !== null) assert.fail(`the run ended early (${run.child.exitCode}):\n${run.output()}`);
    return probe();
  }, timeoutMs);
}

/**
 * Counts the 3 web pods' Ready ones while `body` runs (sampleReadyPods), stopped however it ends:
 * the fewest seen and the number of samples.
 */
export async function sampleWebWhile(reads: ClusterReads, body: () => Promise<void>): Promise<{ minReady: number; samples: number }> {
  const sampler = sampleReadyPods(() => reads.webPods(), 3);
  try {
    await body();
  } finally {
    await sampler.stop();
  }
  return sampler.stop();
}

/**
 * Registers the suite's before and after hooks in the enclosing describe; what it returns is
 * there once before has run.
 */
export function realClusterSuite(options: RealClusterSuiteOptions): RealClusterSuite {
  let started: { cluster: KubeadmCluster; reads: ClusterReads; flags: readonly string[] } | undefined;
  let scratch: string | undefined;
  const children: SpawnedCli[] = [];
  const up = () => started ?? assert.fail('the real kubeadm cluster is not started (its before hook has not run or failed)');

  const suite: RealClusterSuite = {
    get cluster() {
      return up().cluster;
    },
    get reads() {
      return up().reads;
    },
    get scratch() {
      return scratch ?? assert.fail('the suite has no scratch directory yet');
    },
    get flags() {
      return up().flags;
    },
    spawn(argv) {
      const child = spawnCli(argv);
      children.push(child);
      return child;
    },
    async applyFromPlan(planArgs = []) {
      const planned = await runCliCaptured(['plan', ...suite.flags, '--to', TARGET, ...planArgs, '-o', 'json']);
      assert.equal(planned.code, 0, planned.stderr);
      const planFile = join(suite.scratch, 'plan.json');
      writeFileSync(planFile, planned.stdout);
      const argv = ['apply', ...suite.flags, '--plan', planFile, '--yes'];
      return { argv, run: suite.spawn(argv) };
    },
  };

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), `kubehop-${options.name}-`));
    const cluster = await startKubeadmCluster({ workers: 2, spares: options.spares ?? 0 });
    started = { cluster, reads: clusterReads(cluster, scratch), flags: ['--kubeconfig', cluster.kubeconfig, ...cluster.sshFlags] };
    await options.prepare?.(suite);
    const { reads } = started;
    if (options.pool !== undefined) {
      for (const worker of cluster.nodes.filter((n) => n.name.startsWith('worker-'))) {
        await reads.kubectl(['label', 'node', worker.name, `pool=${options.pool}`]);
        await reads.kubectl(['taint', 'node', worker.name, `dedicated=${options.pool}:NoSchedule`]);
      }
    }
    await reads.kubectl(['apply'], webWorkload(options.pool));
    await eventually('3 web pods Ready', async () => ((await reads.webPods()).filter(isReady).length === 3 ? true : undefined));
  });

  after(async () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await started?.cluster.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  return suite;
}
