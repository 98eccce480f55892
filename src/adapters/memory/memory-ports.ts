import type { ClusterSnapshot } from '../../core/cluster/index.js';
import type { Journal, JournalRecord } from '../../ports/index.js';
import { MemoryCluster, type MemoryClusterOptions } from './memory-cluster.js';
import { MemoryEventSink } from './memory-event-sink.js';
import { MemoryJournal } from './memory-journal.js';
import { MemoryLock } from './memory-lock.js';
import { MemoryNodeShell, type MemoryNodeShellOptions } from './memory-node-shell.js';
import { recordCalls, type CallRecorder } from './record-calls.js';
import { VirtualClock } from '../shared/virtual-clock.js';

/** Everything a test run of the engine needs, over one in-memory cluster on a virtual clock. */
export interface MemoryPorts {
  readonly clock: VirtualClock;
  readonly cluster: MemoryCluster;
  readonly shell: MemoryNodeShell;
  readonly journal: MemoryJournal;
  readonly lock: MemoryLock;
  readonly events: MemoryEventSink;
  /** Records mutations; kill() makes the api and shell dead, like a killed process. */
  readonly recorder: CallRecorder;
}

export function createMemoryPorts(snapshot: ClusterSnapshot, options: MemoryClusterOptions & MemoryNodeShellOptions = {}): MemoryPorts {
  const clock = new VirtualClock({ startMs: Date.parse('2026-03-01T10:00:00Z') });
  const cluster = new MemoryCluster(snapshot, clock, options);
  const shell = new MemoryNodeShell(cluster, options);
  return {
    clock,
    cluster,
    shell,
    journal: new MemoryJournal(),
    lock: new MemoryLock(() => clock.now()),
    events: new MemoryEventSink(),
    recorder: recordCalls(cluster, shell),
  };
}

/** A journal that stops writing once `dead()` says so: what is on disk when a process is killed. */
export function killableJournal(journal: Journal, dead: () => boolean, onWrite: (record: JournalRecord) => void = () => {}): Journal {
  return {
    read: () => journal.read(),
    write: async (record) => {
      if (dead()) throw new Error('the process was killed');
      await journal.write(record);
      onWrite(record);
    },
    keepPlan: async (document) => {
      if (dead()) throw new Error('the process was killed');
      await journal.keepPlan(document);
    },
    keptPlan: () => journal.keptPlan(),
  };
}

/** A kill -9 at a chosen moment of a run: see killOnRecord. */
export interface KillSwitch {
  /** Pass to runUpgrade: aborted at the kill. */
  readonly signal: AbortSignal;
  /** Wraps the run's journal: the first record `when` accepts is written, then the process dies. */
  journal(journal: Journal): Journal;
  /** The run's recorded calls, which fail from the kill on. */
  attach(recorder: CallRecorder): void;
}

/** Kills the run right after it writes the first journal record `when` accepts: no more calls, no more writes. */
export function killOnRecord(when: (record: JournalRecord) => boolean): KillSwitch {
  let dead = false;
  let recorder: CallRecorder | undefined;
  const controller = new AbortController();
  return {
    signal: controller.signal,
    journal: (journal) =>
      killableJournal(journal, () => dead, (record) => {
        if (dead || !when(record)) return;
        dead = true;
        recorder?.kill();
        controller.abort(new Error('killed'));
      }),
    attach: (calls) => void (recorder = calls),
  };
}
