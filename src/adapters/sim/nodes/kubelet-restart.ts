import { TIMING_MODEL } from '../../../core/timing/index.js';
import { formatVersion } from '../../../core/version/index.js';
import { kubeletFlagsOf, kubeletStartFailure } from './node-config-files.js';
import type { SimContext } from '../sim-context.js';
import type { SimNode } from '../state/sim-model.js';

// `systemctl restart kubelet`: the node goes NotReady, and 10–20 s later the kubelet — now the
// installed binary — registers again and the node is Ready at that version. Its containers keep
// running meanwhile (a kubelet restart does not stop pods), but they count as not ready while the
// node is NotReady. A node with the never-ready fault stays NotReady, and so does a node with swap
// on: a kubelet with failSwapOn (the default) exits at start ("running with swap on is not
// supported") and systemd restarts it in a loop. The kubelet that was running kept going because
// it started before swap was turned on (an fstab entry after a reboot, a new image); the restart
// of the upgrade is what finds out.

export function restartKubelet(ctx: SimContext, node: SimNode): void {
  const { state } = ctx;
  const generation = ++node.kubeletGeneration;
  node.kubeletFailing = undefined;
  state.batch(() => {
    state.setNodeReady(node, false);
    ctx.log.add('kubelet-restarted', node.name);
  });
  if (ctx.faults.nodeNeverReady(node.name)) return;
  // Flags and a runtime the new kubelet refuses: it exits at start and systemd restarts it in a loop.
  const refused = kubeletStartFailure(node.packages.kubelet.version, kubeletFlagsOf(node.host.texts), node.host.containerRuntimeVersion, ctx.breakingChanges);
  if (refused) {
    ctx.log.add('kubelet-failed', node.name, refused);
    return;
  }
  if (node.host.swapOn) {
    const message = 'failed to run Kubelet: running with swap on is not supported, please disable swap or set --fail-swap-on flag to false';
    node.kubeletFailing = { since: ctx.clock.now(), message };
    ctx.log.add('kubelet-failed', node.name, message);
    return;
  }
  ctx.clock.schedule(ctx.rng.durationIn(TIMING_MODEL.kubeletReady), () => {
    if (node.kubeletGeneration !== generation || state.nodes.get(node.name) !== node) return;
    state.batch(() => {
      node.kubelet = node.packages.kubelet.version;
      state.touchNode(node, 'versions');
      state.setNodeReady(node, true);
      ctx.log.add('node-ready', node.name, `kubelet ${formatVersion(node.kubelet)}`);
    });
  });
}
