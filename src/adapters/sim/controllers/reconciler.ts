import { controllersUp, schedulerUp } from '../nodes/control-plane.js';
import { reconcileWorkload } from './controllers.js';
import { resumePodsOn } from '../nodes/pod-lifecycle.js';
import { PodScheduler } from './scheduler.js';
import type { SimContext } from '../sim-context.js';
import type { SimChange } from '../state/sim-state.js';
import type { TimerHandle } from '../../shared/virtual-clock.js';

// Turns state changes into controller and scheduler work: marks the workloads a change concerns,
// and runs one coalesced pass a moment later — controllers if a controller-manager can reach the
// API, then the scheduler if a scheduler can. While the control plane is down the marks wait, so
// nothing is replaced or rescheduled until it is back. Also restarts pods on a node whose
// kubelet came back.

export class Reconciler {
  private readonly dirty = new Set<string>();
  private readonly scheduler: PodScheduler;
  private pending: TimerHandle | undefined;

  constructor(private readonly ctx: SimContext) {
    this.scheduler = new PodScheduler(ctx);
    for (const key of ctx.state.workloads.keys()) this.dirty.add(key);
    ctx.state.subscribe((changes) => this.observe(changes));
    this.ensureScheduled();
  }

  private observe(changes: readonly SimChange[]): void {
    const { state } = this.ctx;
    for (const change of changes) {
      switch (change.kind) {
        case 'pod': {
          const { pod, what } = change;
          if (what === 'added') this.scheduler.podAdded(pod);
          if (what === 'removed') {
            this.scheduler.podRemoved(pod);
            if (pod.node !== undefined) this.scheduler.nodeChanged(pod.node);
          }
          if (pod.workload === undefined) break;
          const workload = state.workloads.get(pod.workload);
          const stateful = workload?.kind === 'StatefulSet';
          if (what === 'deleting' || what === 'removed' || (stateful && what !== 'bound' && what !== 'added') || pod.phase === 'Failed') {
            this.dirty.add(pod.workload);
          }
          break;
        }
        case 'node': {
          const { node, what } = change;
          if (what === 'added' || what === 'removed') {
            this.scheduler.nodesAddedOrRemoved();
            for (const workload of state.workloads.values()) if (workload.kind === 'DaemonSet') this.dirty.add(workload.key);
          }
          if (what === 'ready' && state.nodes.get(node.name) === node) resumePodsOn(this.ctx, node);
          if (what === 'added' || what === 'ready' || what === 'uncordoned') this.scheduler.nodeChanged(node.name);
          break;
        }
        case 'api':
        case 'components':
        case 'addons':
          break;
      }
    }
    this.ensureScheduled();
  }

  private ensureScheduled(): void {
    if (this.pending) return;
    const { state } = this.ctx;
    const controllers = this.dirty.size > 0 && controllersUp(state);
    const scheduling = this.scheduler.hasWork() && schedulerUp(state);
    if (!controllers && !scheduling) return;
    this.pending = this.ctx.clock.schedule(this.ctx.tunables.reactionMs, () => {
      this.pending = undefined;
      state.batch(() => this.run());
      this.ensureScheduled();
    });
  }

  private run(): void {
    const { state } = this.ctx;
    if (controllersUp(state)) {
      const keys = [...this.dirty];
      this.dirty.clear();
      for (const key of keys) {
        const workload = state.workloads.get(key);
        if (workload) reconcileWorkload(this.ctx, workload);
      }
    }
    if (schedulerUp(state)) this.scheduler.run();
  }
}
