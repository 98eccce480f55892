import { gunzipSync } from 'node:zlib';

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

/** The journal in `kubectl get configmap kubehop-journal -o json` output (gzip in binaryData, or plain); undefined when there is none. */
export function journalOf(configMapJson: string): JournalRecord | undefined {
  if (configMapJson.trim() === '') return undefined;
  const map = JSON.parse(configMapJson) as { data?: Record<string, string>; binaryData?: Record<string, string> };
  const gz = Object.values(map.binaryData ?? {})[0];
  const text = gz !== undefined ? gunzipSync(Buffer.from(gz, 'base64')).toString('utf8') : (Object.values(map.data ?? {})[0] ?? '');
  return JSON.parse(text) as JournalRecord;
}
