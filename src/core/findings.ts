// Checks return findings and never throw. `--force` lifts only `overridable` ones.

import { compareText } from './compare-names.js';

export type Severity = 'blocking' | 'overridable' | 'info';

export interface Finding {
  /** Stable, SCREAMING_SNAKE code, e.g. KUBELET_NEWER_THAN_APISERVER. */
  readonly code: string;
  readonly severity: Severity;
  /** What the finding is about: "node/worker-1 kubelet", "kube-apiserver", "kubectl". */
  readonly subject: string;
  /** Says what is wrong, with names and versions, and what to do. */
  readonly message: string;
}

export function hasBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'blocking');
}

const ORDER: Record<Severity, number> = { blocking: 0, overridable: 1, info: 2 };

export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || compareText(a.code, b.code) || compareText(a.subject, b.subject));
}
