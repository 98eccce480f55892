import type { PodSnapshot } from '../cluster/index.js';
import { isFinished, type ClassifyOptions } from './pod-disposition.js';

/**
 * What one rule decides: `pass` lets the next rule look (optionally with a warning), `skip`
 * leaves the pod on the node, `block` stops the whole drain of the node.
 */
export type RuleVerdict =
  | { readonly decision: 'pass'; readonly warning?: string }
  | { readonly decision: 'skip'; readonly disposition: 'skip-daemonset' | 'skip-mirror'; readonly warning?: string }
  | { readonly decision: 'block'; readonly error: string };

export interface DrainRule {
  readonly name: string;
  readonly decide: (pod: PodSnapshot, options: ClassifyOptions) => RuleVerdict;
}

const PASS: RuleVerdict = { decision: 'pass' };

// The messages are kubectl's, so operators recognise them and can search for them.
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_ERROR = 'Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
export const UNREPLICATED_ERROR = 'Pods that declare no controller (use --force to override)';
export const UNREPLICATED_WARNING = 'deleting Pods that declare no controller';

/** kubectl's filters, in kubectl's order; the first rule that does not pass decides. */
export const DRAIN_RULES: readonly DrainRule[] = [
  {
    name: 'daemonset',
    // A finished DaemonSet pod may go; a running one would come straight back, so it stays.
    decide: (pod) => {
      if (pod.owner?.kind !== 'DaemonSet' || isFinished(pod)) return PASS;
      return { decision: 'skip', disposition: 'skip-daemonset', warning: DAEMONSET_WARNING };
    },
  },
  {
    name: 'mirror',
    // A static pod's mirror cannot be deleted through the API; the kubelet owns it. Silent, like kubectl.
    decide: (pod) => (pod.mirror ? { decision: 'skip', disposition: 'skip-mirror' } : PASS),
  },
  {
    name: 'local-storage',
    decide: (pod, options) => {
      if (!pod.emptyDir || isFinished(pod)) return PASS;
      return options.deleteEmptyDirData ? { decision: 'pass', warning: LOCAL_STORAGE_WARNING } : { decision: 'block', error: LOCAL_STORAGE_ERROR };
    },
  },
  {
    name: 'unreplicated',
    decide: (pod, options) => {
      if (isFinished(pod) || pod.owner) return PASS;
      return options.force ? { decision: 'pass', warning: UNREPLICATED_WARNING } : { decision: 'block', error: UNREPLICATED_ERROR };
    },
  },
];
