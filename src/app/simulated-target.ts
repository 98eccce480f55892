import { readBreakingChanges } from '../adapters/file/read-breaking-changes.js';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FileJournal } from '../adapters/file/file-journal.js';
import { FileLock } from '../adapters/file/file-lock.js';
import { writeAtomically } from '../adapters/file/write-atomically.js';
import { createSimulation, restoreSimulation, validateSavedSimulation, type SavedSimulation, type Simulation } from '../adapters/sim/index.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { ConfigError } from '../core/errors.js';
import { validatePlanDocument, type UpgradePlan } from '../core/planning/index.js';
import type { EventSink, Journal, JournalRecord } from '../ports/index.js';
import type { UpgradePorts } from '../engine/index.js';

/** Where kubehop keeps locks and journals of clusters it has no API for (built-in and file clusters). */
export function stateDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.KUBEHOP_STATE_DIR ?? join(env.HOME ?? homedir(), '.kubehop');
}

/** The files that stand for a simulated cluster between two kubehop processes. */
export interface SimulatedPaths {
  readonly lock: string;
  readonly journal: string;
  /** The simulated cluster as the last apply left it, beside its journal. */
  readonly state: string;
}

export function simulatedPaths(dir: string, cluster: Pick<ClusterSnapshot, 'name'>): SimulatedPaths {
  const safe = cluster.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return { lock: join(dir, `${safe}.lock`), journal: join(dir, `${safe}.journal.json`), state: join(dir, `${safe}.simulation.json`) };
}

/** What a state file holds: the simulation and which cluster description it grew from. */
interface StateFile {
  readonly format: 'kubehop.simulated-cluster/v1';
  /** Hash of the built-in or file cluster it started from: an edited file starts afresh. */
  readonly source: string;
  readonly simulation: SavedSimulation;
  /** The plan of the run that saved it: what `apply --resume` without --plan goes on with. */
  readonly plan?: UpgradePlan;
}

export interface SimulatedState {
  readonly simulation: SavedSimulation;
  readonly plan: UpgradePlan | undefined;
}

function sourceId(cluster: ClusterSnapshot): string {
  return createHash('sha256').update(JSON.stringify(cluster)).digest('hex');
}

/** The simulated cluster as an earlier apply left it, or undefined when none did (or the cluster file changed since). */
export async function readSimulatedState(dir: string, cluster: ClusterSnapshot): Promise<SimulatedState | undefined> {
  const path = simulatedPaths(dir, cluster).state;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`failed to read the simulated cluster ${path}: ${(error as Error).message}`);
  }
  const bad = (why: string) => new ConfigError(`invalid simulated cluster ${path}: ${why}; delete it to start again from cluster "${cluster.name}" as described`);
  let doc: Partial<StateFile>;
  try {
    doc = JSON.parse(text) as Partial<StateFile>;
  } catch (error) {
    throw bad(`it is not JSON (${(error as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== 'kubehop.simulated-cluster/v1' || typeof doc.source !== 'string') throw bad('it is not a kubehop simulated cluster');
  if (doc.source !== sourceId(cluster)) return undefined;
  const checked = validateSavedSimulation(doc.simulation);
  if (!checked.ok) throw bad(checked.error);
  if (checked.value.cluster.name !== cluster.name) throw bad(`it holds cluster "${checked.value.cluster.name}"`);
  if (doc.plan === undefined) return { simulation: checked.value, plan: undefined };
  const plan = validatePlanDocument(doc.plan);
  if (!plan.ok) throw bad(`its plan: ${plan.errors.slice(0, 3).join('; ')}`);
  return { simulation: checked.value, plan: plan.value };
}


/** Saves the simulation after every journal write, so journal and cluster never disagree after a kill. */
class SavingJournal implements Journal {
  constructor(
    private readonly inner: Journal,
    private readonly save: () => Promise<void>,
  ) {}

  read(): Promise<JournalRecord | undefined> {
    return this.inner.read();
  }

  async write(record: JournalRecord): Promise<void> {
    await this.inner.write(record);
    await this.save();
  }

  keepPlan(document: string): Promise<void> {
    return this.inner.keepPlan(document);
  }

  keptPlan(): Promise<string | undefined> {
    return this.inner.keptPlan();
  }
}

export interface SimulatedTarget {
  readonly sim: Simulation;
  readonly ports: UpgradePorts;
  readonly paths: SimulatedPaths;
  /** Keeps `plan` with the saved cluster: what a resume without --plan goes on with. */
  recordPlan(plan: UpgradePlan): void;
}

/**
 * How long a restored simulation runs before anyone looks at it: kubelets and pods that were
 * starting when the last process stopped finish starting, as on real machines in the meantime.
 */
export const SETTLE_AFTER_RESTORE_MS = 60_000;

/**
 * A simulated copy of `cluster` to apply a plan to, with a lock file and journal on disk so that
 * a second `apply` of the same cluster is refused while one runs, as on a real cluster. With
 * `saved` it goes on from where an earlier process left the cluster; unless `persist` is false
 * (a dry run), the cluster is written beside the journal whenever the journal is.
 */
export async function openSimulatedTarget(
  cluster: ClusterSnapshot,
  options: { seed: number; speed?: number; apiDowntimeSeconds?: number; dir: string; events: EventSink; saved?: SavedSimulation; persist?: boolean },
): Promise<SimulatedTarget> {
  await mkdir(options.dir, { recursive: true });
  const paths = simulatedPaths(options.dir, cluster);
  const simOptions = {
    seed: options.seed,
    breakingChanges: await readBreakingChanges(),
    ...(options.speed ? { pacing: { speed: options.speed } } : {}),
    ...(options.apiDowntimeSeconds !== undefined ? { apiDowntimeSeconds: options.apiDowntimeSeconds } : {}),
    eventLog: false,
  };
  const sim = options.saved ? restoreSimulation(options.saved, simOptions) : createSimulation(cluster, simOptions);
  if (options.saved) await sim.advance(SETTLE_AFTER_RESTORE_MS);
  const source = sourceId(cluster);
  let plan: UpgradePlan | undefined;
  const save = () => writeAtomically(paths.state, `${JSON.stringify({ format: 'kubehop.simulated-cluster/v1', source, simulation: sim.save(), ...(plan ? { plan } : {}) } satisfies StateFile)}\n`);
  const journal = new FileJournal(paths.journal);
  return {
    sim,
    paths,
    recordPlan: (p) => void (plan = p),
    ports: {
      api: sim.api,
      shell: sim.shell,
      clock: sim.clock,
      provisioner: sim.provisioner,
      events: options.events,
      lock: new FileLock(paths.lock),
      journal: options.persist === false ? journal : new SavingJournal(journal, save),
    },
  };
}
