import { formatDuration } from '../core/format-duration.js';
import type { StoryLine, UpgradeEvent } from '../ports/index.js';

/** An API outage as the simulator measures it (src/adapters/sim/metrics). */
export interface Outage {
  readonly from: number;
  readonly to?: number;
  /** Workload pods Ready (and serving) at the worst moment of the outage, of how many. */
  readonly serving: { readonly lowest: number; readonly total: number };
}

const KEY_ACTIONS = new Set(['etcd-backup', 'kubeadm-apply', 'kubeadm-upgrade-node', 'drain', 'upgrade-kubelet', 'uncordon']);

/**
 * The upgrade as a story: the control plane's steps, each API outage with what kept serving, each
 * node's drain with what it moved, surge nodes coming and going. Built from the engine's events.
 */
export function tellUpgradeStory(events: readonly UpgradeEvent[], outages: readonly Outage[], start: number): StoryLine[] {
  const lines: StoryLine[] = [];
  const evicted = new Map<string, number>();
  for (const e of events) {
    const at = e.at - start;
    switch (e.kind) {
      case 'pod-evicted':
        evicted.set(e.node, (evicted.get(e.node) ?? 0) + 1);
        break;
      case 'pod-deleted':
        evicted.set(e.node, (evicted.get(e.node) ?? 0) + 1);
        break;
      case 'step-finished': {
        const step = e.step;
        if (!KEY_ACTIONS.has(step.action)) break;
        if (step.action === 'kubeadm-upgrade-node' && step.phase === 'workers') break;
        const text = {
          'etcd-backup': `etcd snapshot saved and verified (${step.commands.at(-1)?.at(-1) ?? ''})`,
          'kubeadm-apply': `kubeadm upgrade apply ${step.version}: control plane upgraded`,
          'kubeadm-upgrade-node': `kubeadm upgrade node: control plane upgraded to ${step.version}`,
          drain: `drained: ${evicted.get(step.node) ?? 0} pod${evicted.get(step.node) === 1 ? '' : 's'} moved away`,
          'upgrade-kubelet': `kubelet ${step.version} installed and restarted`,
          uncordon: 'back in service (uncordoned)',
        }[step.action as string];
        evicted.delete(step.node);
        if (text) lines.push({ at, node: step.node, text });
        break;
      }
      case 'step-failed':
        lines.push({ at, node: e.step.node, text: `FAILED ${e.step.id}: ${e.error}` });
        break;
      case 'node-added':
        lines.push({ at, node: e.node, text: `new node joined at ${e.version}` });
        break;
      case 'node-removed':
        lines.push({ at, node: e.node, text: 'old node removed' });
        break;
      case 'node-skipped':
        lines.push({ at, node: e.node, text: `left cordoned at its old version: ${e.reason}` });
        break;
      case 'warning':
        lines.push({ at, text: `warning: ${e.message}` });
        break;
      case 'batch-split':
        lines.push({ at, text: `${e.batch} drained in ${e.parts.length} parts, pods having moved since the plan: ${e.parts.map((p) => p.join(', ')).join(' | ')}` });
        break;
      default:
        break;
    }
  }
  for (const o of outages) {
    lines.push({ at: o.from, text: `API server down; workloads kept serving (at worst ${o.serving.lowest}/${o.serving.total} pods ready), nothing was rescheduled` });
    if (o.to !== undefined) lines.push({ at: o.to, text: `API server back after ${formatDuration(o.to - o.from, 'short')}` });
  }
  return lines.sort((a, b) => a.at - b.at);
}
