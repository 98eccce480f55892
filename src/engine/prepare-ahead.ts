import type { StepAction } from '../core/planning/index.js';
import { stepsByNode, type StepUnit } from './group-steps.js';

// Workers' kubeadm steps (repository switch, kubeadm install, `kubeadm upgrade node`) change
// nothing a pod sees, so the plan groups them into prepare units ahead of the drains. The engine
// runs those units one after another in the background while earlier batches drain; a batch waits
// only for its own nodes' preparation before its cordon. One unit at a time bounds the
// concurrency to the plan's --prepare-ahead.

const PREPARE_ACTIONS: ReadonlySet<StepAction> = new Set(['switch-repository', 'upgrade-kubeadm', 'kubeadm-upgrade-node']);

export function isPrepareUnit(unit: StepUnit): boolean {
  return unit.batch !== undefined && unit.steps.every((s) => s.phase === 'workers' && PREPARE_ACTIONS.has(s.action));
}

export class PrepareAhead {
  private chain: Promise<void> = Promise.resolve();
  private readonly prepared = new Map<string, Promise<void>>();

  /** Queues a prepare unit after the ones before it; a failure fails every later one too. */
  start(unit: StepUnit, run: (unit: StepUnit) => Promise<void>): void {
    const done = this.chain.then(() => run(unit));
    // Seen by whoever waits for these nodes, or by settle(); never an unhandled rejection.
    done.catch(() => undefined);
    this.chain = done;
    for (const node of stepsByNode(unit.steps).keys()) this.prepared.set(node, done);
  }

  /** Resolves once every node of `unit` is prepared; rejects with the preparation's error. */
  async before(unit: StepUnit): Promise<void> {
    await Promise.all([...stepsByNode(unit.steps).keys()].map((node) => this.prepared.get(node)));
  }

  /** Waits for whatever is still running, and rethrows its failure. */
  async settle(): Promise<void> {
    await this.chain;
  }
}
