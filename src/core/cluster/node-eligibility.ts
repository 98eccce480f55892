import type { NodeSnapshot, PodTemplate, Taint, Toleration } from './cluster-snapshot.js';
import { matchesLabels } from './matches-labels.js';

// Whether the scheduler may put a workload's pod on a node, by labels and taints. PreferNoSchedule
// is only a preference, so it never makes a node ineligible.

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return toleration.key === undefined || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

export function toleratesTaints(tolerations: readonly Toleration[], taints: readonly Taint[]): boolean {
  return taints.every((taint) => taint.effect === 'PreferNoSchedule' || tolerations.some((t) => tolerates(t, taint)));
}

export function matchesNodeSelector(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return matchesLabels(selector, labels);
}

/** Selector and taints only; cordons, readiness and capacity are the caller's business. */
export function isEligibleNode(template: PodTemplate, node: NodeSnapshot): boolean {
  return matchesNodeSelector(template.nodeSelector, node.labels) && toleratesTaints(template.tolerations, node.taints);
}
