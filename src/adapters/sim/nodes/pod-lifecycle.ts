import { TIMING_MODEL } from '../../../core/timing/index.js';
import type { SimContext } from '../sim-context.js';
import type { SimNode, SimPod } from '../state/sim-model.js';

// What a kubelet does with its pods: start them once they are bound to a Ready node (Running
// soon, Ready after startupSeconds, jittered), and take them down within their grace period.
// A pod whose node's kubelet is down cannot finish terminating until the node is Ready again.

/** Default terminationGracePeriodSeconds, the bound on a deletion without an override. */
const DEFAULT_GRACE_SECONDS = 30;

export function startPod(ctx: SimContext, pod: SimPod): void {
  if (pod.starting || pod.started || pod.deleting || pod.mirror || pod.node === undefined) return;
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return;
  const node = ctx.state.nodes.get(pod.node);
  if (!node?.ready) return;
  pod.starting = true;
  const readyMs = ctx.rng.jitterMs(pod.startupSeconds ?? ctx.tunables.defaultStartupSeconds, 0.2);
  const runningMs = Math.min(readyMs, ctx.rng.durationMs(0.5, 2));
  const { state } = ctx;
  if (pod.phase !== 'Running') {
    pod.timers.push(ctx.clock.schedule(runningMs, () => state.batch(() => state.updatePod(pod, (p) => void (p.phase = 'Running'), 'running'))));
  }
  if (pod.owner && ctx.faults.podsNeverReady(pod.namespace, pod.owner.name)) return;
  pod.timers.push(
    ctx.clock.schedule(readyMs, () =>
      state.batch(() => {
        state.updatePod(pod, (p) => {
          p.started = true;
          p.starting = false;
        }, 'ready');
        if (pod.ready) ctx.log.add('pod-ready', pod.key, `on ${pod.node ?? '?'}`);
      }),
    ),
  );
}

/**
 * A DELETE (or an accepted eviction): the pod stops serving at once and goes away when its
 * containers have stopped — their own time, at most the grace period.
 */
export function deletePodGracefully(ctx: SimContext, pod: SimPod, graceSeconds?: number): void {
  const { state } = ctx;
  if (pod.deleting) return;
  if (pod.mirror) {
    // The API cannot delete a static pod: the kubelet recreates its mirror pod at once.
    state.updatePod(pod, (p) => void (p.uid = ctx.rng.uid()), 'replaced');
    return;
  }
  if (pod.node === undefined || pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    state.removePod(pod);
    return;
  }
  for (const timer of pod.timers) timer.cancel();
  pod.timers = [];
  pod.starting = false;
  state.updatePod(pod, (p) => void (p.deleting = true), 'deleting');
  const ownTime = !pod.started
    ? ctx.rng.durationIn(TIMING_MODEL.finishedPodTermination)
    : pod.terminationGraceSeconds !== undefined
      ? pod.terminationGraceSeconds * 1000
      : ctx.rng.durationIn(TIMING_MODEL.podTermination);
  const bound = (graceSeconds ?? pod.terminationGraceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  scheduleRemoval(ctx, pod, Math.min(ownTime, bound));
}

/** The pod's containers stop after `ms`; then it goes (once its kubelet can report it). */
export function scheduleRemoval(ctx: SimContext, pod: SimPod, ms: number): void {
  pod.timers.push(ctx.clock.schedule(ms, () => ctx.state.batch(() => finishDeletion(ctx, pod))));
}

function finishDeletion(ctx: SimContext, pod: SimPod): void {
  const node = pod.node === undefined ? undefined : ctx.state.nodes.get(pod.node);
  if (node && !node.ready) {
    pod.awaitingNodeToGo = true;
    return;
  }
  ctx.state.removePod(pod);
}

/** The node's kubelet is back: finish deletions that waited for it and start waiting pods. */
export function resumePodsOn(ctx: SimContext, node: SimNode): void {
  for (const pod of [...ctx.state.podsOn(node.name)]) {
    if (pod.awaitingNodeToGo) ctx.state.removePod(pod);
    else if (pod.phase === 'Pending' && !pod.deleting) startPod(ctx, pod);
  }
}
