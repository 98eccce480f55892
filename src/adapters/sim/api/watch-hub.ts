import type { WaitOutcome, WatchTarget } from '../../../ports/index.js';
import { pdbBudgetOf } from './pdb-status.js';
import type { SimContext } from '../sim-context.js';
import type { SimPdb, SimWorkload } from '../state/sim-model.js';
import type { TimerHandle } from '../../shared/virtual-clock.js';
import type { SimChange } from '../state/sim-state.js';

// waitForChange: a waiter resolves 'changed' on the next change that may concern its target, or
// 'timeout' after its virtual timeout. A pod change also wakes the waiters on its node; a
// PodDisruptionBudget's waiters wake when its status numbers change (the controller writes the
// status only then); the API going down or up wakes everyone, as a broken watch connection would.
// A narrowed target sleeps through the changes it did not ask for: a pod waited on until it is
// gone wakes once no pod of that uid has its name, a budget waited on until it allows a
// disruption wakes once it allows one; either resolves 'reached', at once when that holds already.

interface Watcher {
  readonly target: WatchTarget;
  readonly resolve: (result: WaitOutcome) => void;
  timer: TimerHandle | undefined;
  /** For a PDB: its status when the watch began. */
  readonly status: string | undefined;
}

function statusOf(pdb: SimPdb, workloads: ReadonlyMap<string, SimWorkload>): string {
  const b = pdbBudgetOf(pdb, workloads);
  return `${b.currentHealthy}/${b.desiredHealthy}/${b.expectedPods}/${b.disruptionsAllowed}`;
}

function keyOf(target: WatchTarget): string {
  switch (target.kind) {
    case 'pod':
      return `pod/${target.namespace}/${target.name}`;
    case 'pdb':
      return `pdb/${target.namespace}/${target.name}`;
    case 'node':
      return `node/${target.name}`;
    case 'any':
      return 'any';
  }
}

export class WatchHub {
  private readonly watchers = new Map<string, Set<Watcher>>();

  constructor(private readonly ctx: SimContext) {
    ctx.state.subscribe((changes) => this.observe(changes));
  }

  wait(target: WatchTarget, timeoutMs: number): Promise<WaitOutcome> {
    const narrowed = (target.kind === 'pod' && target.untilGoneUid !== undefined) || (target.kind === 'pdb' && target.untilDisruptionAllowed === true);
    if (narrowed && this.awaited(target)) return Promise.resolve('reached');
    const key = keyOf(target);
    const pdb = target.kind === 'pdb' ? this.ctx.state.pdbs.get(`${target.namespace}/${target.name}`) : undefined;
    const status = pdb ? statusOf(pdb, this.ctx.state.workloads) : undefined;
    return new Promise((resolve) => {
      const watcher: Watcher = { target, resolve, timer: undefined, status };
      let set = this.watchers.get(key);
      if (!set) {
        set = new Set();
        this.watchers.set(key, set);
      }
      set.add(watcher);
      watcher.timer = this.ctx.clock.wait(timeoutMs, () => {
        this.watchers.get(key)?.delete(watcher);
        resolve('timeout');
      });
    });
  }

  private observe(changes: readonly SimChange[]): void {
    if (this.watchers.size === 0) return;
    const keys = new Set<string>();
    const pdbs = new Set<SimPdb>();
    let everyone = false;
    for (const change of changes) {
      switch (change.kind) {
        case 'pod':
          keys.add(`pod/${change.pod.key}`);
          if (change.pod.node !== undefined) keys.add(`node/${change.pod.node}`);
          for (const pdb of change.pod.pdbs) pdbs.add(pdb);
          break;
        case 'node':
          keys.add(`node/${change.node.name}`);
          break;
        case 'components':
          keys.add(`node/${change.node}`);
          break;
        case 'api':
          everyone = true;
          break;
        case 'addons':
          for (const key of this.watchers.keys()) if (key.startsWith('node/')) keys.add(key);
          break;
      }
    }
    if (everyone) for (const key of this.watchers.keys()) keys.add(key);
    keys.add('any');
    for (const key of keys) {
      const set = this.watchers.get(key);
      if (!set) continue;
      for (const watcher of set) {
        if (!everyone && !this.awaited(watcher.target)) continue;
        set.delete(watcher);
        this.fire(watcher, everyone ? 'changed' : this.outcomeOf(watcher.target));
      }
      if (set.size === 0) this.watchers.delete(key);
    }
    if (everyone) return;
    for (const pdb of pdbs) {
      const set = this.watchers.get(`pdb/${pdb.key}`);
      if (!set) continue;
      const now = statusOf(pdb, this.ctx.state.workloads);
      for (const watcher of set) {
        if (watcher.status === now || !this.awaited(watcher.target)) continue;
        set.delete(watcher);
        this.fire(watcher, this.outcomeOf(watcher.target));
      }
      if (set.size === 0) this.watchers.delete(`pdb/${pdb.key}`);
    }
  }

  /** Whether what a narrowed target waits for may have come (always, for a plain one). */
  private awaited(target: WatchTarget): boolean {
    if (target.kind === 'pod' && target.untilGoneUid !== undefined) return this.ctx.state.pods.get(`${target.namespace}/${target.name}`)?.uid !== target.untilGoneUid;
    if (target.kind === 'pdb' && target.untilDisruptionAllowed === true) {
      const pdb = this.ctx.state.pdbs.get(`${target.namespace}/${target.name}`);
      return pdb === undefined || pdbBudgetOf(pdb, this.ctx.state.workloads).disruptionsAllowed > 0;
    }
    return true;
  }

  /** 'reached' for a narrowed target woken by what it waits for; 'changed' for a plain one. */
  private outcomeOf(target: WatchTarget): WaitOutcome {
    return (target.kind === 'pod' && target.untilGoneUid !== undefined) || (target.kind === 'pdb' && target.untilDisruptionAllowed === true) ? 'reached' : 'changed';
  }

  private fire(watcher: Watcher, outcome: WaitOutcome): void {
    watcher.timer?.cancel();
    watcher.resolve(outcome);
  }
}
