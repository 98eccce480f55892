import { formatVersion } from '../../core/version/index.js';
import type { SimContext } from './sim-context.js';
import type { SimNode } from './sim-model.js';

// `systemctl restart kubelet`: the node goes NotReady, and 10–20 s later the kubelet — now the
// installed binary — registers again and the node is Ready at that version. Its containers keep
// running meanwhile (a kubelet restart does not stop pods), but they count as not ready while the
// node is NotReady. A node with the never-ready fault stays NotReady.

export function restartKubelet(ctx: SimContext, node: SimNode): void {
  const { state } = ctx;
  const generation = ++node.kubeletGeneration;
  state.batch(() => {
    state.setNodeReady(node, false);
    ctx.log.add('kubelet-restarted', node.name);
  });
  if (ctx.faults.nodeNeverReady(node.name)) return;
  ctx.clock.schedule(ctx.rng.durationMs(10, 20), () => {
    if (node.kubeletGeneration !== generation || state.nodes.get(node.name) !== node) return;
    state.batch(() => {
      node.kubelet = node.packages.kubelet.version;
      state.touchNode(node, 'versions');
      state.setNodeReady(node, true);
      ctx.log.add('node-ready', node.name, `kubelet ${formatVersion(node.kubelet)}`);
    });
  });
}
