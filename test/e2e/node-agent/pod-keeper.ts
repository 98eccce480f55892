import { createHash } from 'node:crypto';
import { ApiException, PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { NO_AGENT_LABEL } from './cluster-objects.js';

// The kubelet's part for pods bound to the emulated nodes: a pod starts (Running and Ready,
// containers running) shortly after it is bound, and a pod being deleted is finalised (a DELETE
// with gracePeriodSeconds=0 as a query parameter) once its grace period has passed, capped short
// for tests. Pods labelled kubehop.io/no-agent are left alone, for tests that need a pod stuck.

export interface PodKeeperOptions {
  readonly core: CoreV1Api;
  /** The index of an emulated node (for pod IPs), undefined for nodes not ours. */
  readonly nodeIndex: (node: string) => number | undefined;
  readonly podStartMs: number;
  readonly maxGraceMs: number;
  readonly log: (line: string) => void;
}

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function isApiStatus(error: unknown, code: number): boolean {
  return error instanceof ApiException && error.code === code;
}

function isReadyRunning(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function keyOf(pod: V1Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

export class PodKeeper {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly addresses = new Map<string, number>();
  private stopped = false;

  constructor(private readonly options: PodKeeperOptions) {}

  /** Takes note of a pod as the informer sees it; schedules its start or its finalisation. */
  observe(pod: V1Pod): void {
    const node = pod.spec?.nodeName;
    if (this.stopped || !node || this.options.nodeIndex(node) === undefined) return;
    if (pod.metadata?.labels?.[NO_AGENT_LABEL] !== undefined) return;
    const key = keyOf(pod);
    if (pod.metadata?.deletionTimestamp) {
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
      this.schedule(`delete/${key}`, Math.min(grace, this.options.maxGraceMs), () => this.finalise(pod));
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || isReadyRunning(pod)) return;
    this.schedule(`start/${key}`, this.options.podStartMs, () => this.markRunning(pod));
  }

  forget(pod: V1Pod): void {
    const key = keyOf(pod);
    for (const prefix of ['start/', 'delete/']) {
      clearTimeout(this.timers.get(prefix + key));
      this.timers.delete(prefix + key);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(key: string, ms: number, run: () => Promise<void>): void {
    if (this.timers.has(key)) return;
    this.timers.set(
      key,
      setTimeout(() => {
        run()
          .catch((error: unknown) => this.options.log(`failed to ${key}: ${(error as Error).message}`))
          .finally(() => this.timers.delete(key));
      }, ms),
    );
  }

  private podIp(pod: V1Pod): string {
    if (pod.spec?.hostNetwork) return '127.0.0.1';
    // Loopback addresses stand in for the pod network: nothing here is ever routed elsewhere.
    const node = pod.spec?.nodeName ?? '';
    const next = (this.addresses.get(node) ?? 1) + 1;
    this.addresses.set(node, next);
    return `127.${100 + (this.options.nodeIndex(node) ?? 0)}.${Math.floor(next / 250) % 250}.${next % 250}`;
  }

  /** Patches the pod's status as a kubelet does once its containers run. */
  async markRunning(pod: V1Pod): Promise<void> {
    const { name = '', namespace = 'default' } = pod.metadata ?? {};
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    const ip = this.podIp(pod);
    const containerId = (container: string) => createHash('sha256').update(`${pod.metadata?.uid ?? name}/${container}`).digest('hex');
    const body = {
      status: {
        phase: 'Running',
        hostIP: '127.0.0.1',
        podIP: ip,
        podIPs: [{ ip }],
        startTime: now,
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
        containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: `${c.image ?? ''}@sha256:${containerId(`image/${c.image ?? ''}`)}`,
          containerID: `containerd://${containerId(c.name)}`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: now } },
        })),
      },
    };
    try {
      await this.options.core.patchNamespacedPodStatus({ name, namespace, body }, MERGE_PATCH);
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
    }
  }

  /** The kubelet's last word on a deleted pod; only for the very pod (uid) that was being deleted. */
  private async finalise(pod: V1Pod): Promise<void> {
    const { name = '', namespace = 'default', uid } = pod.metadata ?? {};
    try {
      const current = await this.options.core.readNamespacedPod({ name, namespace });
      if (current.metadata?.uid !== uid || !current.metadata?.deletionTimestamp) return;
      await this.options.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
      this.options.log(`finalised the deletion of pod ${namespace}/${name}`);
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
    }
  }
}
