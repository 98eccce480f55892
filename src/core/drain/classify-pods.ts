import type { PodSnapshot } from '../cluster/index.js';
import { DRAIN_RULES, type DrainRule } from './drain-rules.js';
import { isFinished, podKey, type ClassifiedPods, type ClassifyOptions, type PodDisposition } from './pod-disposition.js';

/**
 * Decides for every pod on a node what a drain does with it, with kubectl drain's semantics:
 * finished pods are deleted, DaemonSet and mirror pods stay, emptyDir pods need
 * deleteEmptyDirData, pods without a controller need force. Errors and warnings are grouped by
 * message like kubectl prints them.
 */
export function classifyPods(pods: readonly PodSnapshot[], options: ClassifyOptions, rules: readonly DrainRule[] = DRAIN_RULES): ClassifiedPods {
  const errors = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  const note = (groups: Map<string, string[]>, message: string, pod: PodSnapshot) => {
    const list = groups.get(message) ?? [];
    list.push(podKey(pod));
    groups.set(message, list);
  };
  const decided = pods.map((pod): PodDisposition => {
    // Like kubectl, only the last warning a pod collects is kept.
    let warning: string | undefined;
    for (const rule of rules) {
      const verdict = rule.decide(pod, options);
      if (verdict.decision === 'block') {
        note(errors, verdict.error, pod);
        return { pod, disposition: 'blocked', reason: `cannot delete ${verdict.error}` };
      }
      if (verdict.warning !== undefined) warning = verdict.warning;
      if (verdict.decision === 'skip') {
        if (warning !== undefined) note(warnings, warning, pod);
        return { pod, disposition: verdict.disposition, reason: warning ?? 'mirror pod of a static pod' };
      }
    }
    if (warning !== undefined) note(warnings, warning, pod);
    if (isFinished(pod)) return { pod, disposition: 'delete-finished', reason: `finished (${pod.phase})` };
    return { pod, disposition: 'evict', reason: warning ?? `managed by ${pod.owner?.kind ?? 'no controller'} ${pod.owner?.name ?? ''}`.trimEnd() };
  });
  return {
    pods: decided,
    errors: [...errors].map(([message, keys]) => `cannot delete ${message}: ${keys.join(', ')}`),
    warnings: [...warnings].map(([message, keys]) => `${message}: ${keys.join(', ')}`),
  };
}
