import { journalTextOf } from '../../src/adapters/kube/kube-config-map-journal.js';

// What the end-to-end suites read back with kubectl -o json: the few fields they assert on, and
// kubehop's journal as its ConfigMap keeps it.

export interface KubeList<T> {
  readonly items: readonly T[];
}

export interface Node {
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: { readonly unschedulable?: boolean };
  readonly status: { readonly nodeInfo: { readonly kubeletVersion: string }; readonly conditions: readonly { type: string; status: string }[] };
}

export interface Pod {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly spec: { readonly nodeName?: string; readonly containers: readonly { image: string }[] };
  readonly status: { readonly phase?: string; readonly conditions?: readonly { type: string; status: string }[] };
}

export interface JournalRecord {
  readonly completedSteps: string[];
  readonly status: string;
}

/** Running, Ready and not being deleted: a pod that serves. */
export const isReady = (pod: Pod): boolean =>
  pod.status.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') && !pod.metadata.deletionTimestamp;

/** The journal in `kubectl get configmap kubehop-journal -o json` output, decoded as kubehop reads it; undefined when there is none. */
export function journalOf(configMapJson: string): JournalRecord | undefined {
  if (configMapJson.trim() === '') return undefined;
  const text = journalTextOf(JSON.parse(configMapJson) as Parameters<typeof journalTextOf>[0]);
  return text === undefined ? undefined : (JSON.parse(text) as JournalRecord);
}
