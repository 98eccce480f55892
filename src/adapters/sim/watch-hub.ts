import type { WatchTarget } from '../../ports/index.js';
import type { SimContext } from './sim-context.js';
import type { TimerHandle } from './virtual-clock.js';
import type { SimChange } from './sim-state.js';

// waitForChange: a waiter resolves 'changed' on the next change that may concern its target, or
// 'timeout' after its virtual timeout. A pod change also wakes the waiters on its node and on its
// PodDisruptionBudgets (their status follows the pod); the API going down or up wakes everyone,
// as a broken watch connection would.

interface Watcher {
  readonly resolve: (result: 'changed' | 'timeout') => void;
  timer: TimerHandle | undefined;
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

  wait(target: WatchTarget, timeoutMs: number): Promise<'changed' | 'timeout'> {
    const key = keyOf(target);
    return new Promise((resolve) => {
      const watcher: Watcher = { resolve, timer: undefined };
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
    let everyone = false;
    for (const change of changes) {
      switch (change.kind) {
        case 'pod':
          keys.add(`pod/${change.pod.key}`);
          if (change.pod.node !== undefined) keys.add(`node/${change.pod.node}`);
          for (const pdb of change.pod.pdbs) keys.add(`pdb/${pdb.key}`);
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
      this.watchers.delete(key);
      for (const watcher of set) {
        watcher.timer?.cancel();
        watcher.resolve('changed');
      }
    }
  }
}
