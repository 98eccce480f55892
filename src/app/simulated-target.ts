import { readBreakingChanges } from '../adapters/file/read-breaking-changes.js';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FileJournal } from '../adapters/file/file-journal.js';
import { FileLock } from '../adapters/file/file-lock.js';
import { createSimulation, type Simulation } from '../adapters/sim/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { EventSink } from '../ports/index.js';
import type { UpgradePorts } from '../engine/index.js';

/** Where kubehop keeps locks and journals of clusters it has no API for (built-in and file clusters). */
export function stateDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.KUBEHOP_STATE_DIR ?? join(env.HOME ?? homedir(), '.kubehop');
}

export interface SimulatedTarget {
  readonly sim: Simulation;
  readonly ports: UpgradePorts;
  readonly lockPath: string;
  readonly journalPath: string;
}

/**
 * A simulated copy of `cluster` to apply a plan to, with a lock file and journal on disk so that
 * a second `apply` of the same cluster is refused while one runs, as on a real cluster.
 */
export async function openSimulatedTarget(
  cluster: ClusterSnapshot,
  options: { seed: number; speed?: number; apiDowntimeSeconds?: number; dir: string; events: EventSink },
): Promise<SimulatedTarget> {
  await mkdir(options.dir, { recursive: true });
  const safe = cluster.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  const lockPath = join(options.dir, `${safe}.lock`);
  const journalPath = join(options.dir, `${safe}.journal.json`);
  const sim = createSimulation(cluster, {
    seed: options.seed,
    breakingChanges: await readBreakingChanges(),
    ...(options.speed ? { pacing: { speed: options.speed } } : {}),
    ...(options.apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds: options.apiDowntimeSeconds } : {}),
    eventLog: false,
  });
  return {
    sim,
    lockPath,
    journalPath,
    ports: {
      api: sim.api,
      shell: sim.shell,
      clock: sim.clock,
      provisioner: sim.provisioner,
      events: options.events,
      lock: new FileLock(lockPath),
      journal: new FileJournal(journalPath),
    },
  };
}
