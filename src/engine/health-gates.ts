import { ClusterApiError, NodeCommandError } from '../core/errors.js';
import { compareVersions, formatVersion, parseVersion, type KubeVersion } from '../core/version/index.js';
import type { WatchTarget } from '../ports/index.js';
import type { EngineContext } from './engine-context.js';
import { formatDuration } from '../core/format-duration.js';
import { readKubeletCrashLoop } from './read-kubelet-crash-loop.js';
import { throwIfAborted, waitForChangeOrPause } from './wait-for.js';

const RECHECK_MS = 30_000;

/**
 * What must hold before the run moves on from a node. Given to the engine as a dependency: a
 * real run waits on the cluster, a dry run passes ones that only record what would be waited for.
 */
export interface HealthGates {
  /** The node is Ready and its kubelet reports `version` (or newer). */
  nodeReady(node: string, version: string): Promise<void>;
  /** The DaemonSet pods on the node (kube-proxy, CNI, ...) are Running and Ready again. */
  daemonSetPodsReady(node: string): Promise<void>;
  /** The node's kube-apiserver, controller-manager and scheduler run `version` and the API is ready. */
  controlPlaneReady(node: string, version: string): Promise<void>;
}

const atLeast = (actual: KubeVersion | undefined, wanted: KubeVersion) => actual !== undefined && compareVersions(actual, wanted) >= 0;

/** Gates that wait on the cluster through watches, each with a timeout on the run's clock. */
export function clusterHealthGates(ctx: EngineContext, timeoutMs: number): HealthGates {
  /** `hopeless` says why waiting longer cannot help (looked at after each wait), or undefined. */
  const gate = async (node: string, name: string, what: string, target: () => Promise<WatchTarget>, satisfied: () => Promise<boolean>, describe: () => Promise<string>, hopeless?: () => Promise<string | undefined>) => {
    const deadline = ctx.clock.now() + timeoutMs;
    // An API error while waiting (the API server restarting) means "not yet", not failure.
    const safely = async () => satisfied().catch(() => false);
    let announced = false;
    for (;;) {
      throwIfAborted(ctx.signal);
      if (await safely()) break;
      const remaining = deadline - ctx.clock.now();
      if (remaining <= 0) {
        const now = await describe().catch((error: unknown) => `the API server did not answer (${(error as Error).message})`);
        throw new ClusterApiError(`failed to wait for ${what} within ${formatDuration(timeoutMs)}: ${now}`, undefined);
      }
      if (!announced) ctx.emit({ kind: 'waiting', what });
      announced = true;
      const watched = await target().catch((): WatchTarget => ({ kind: 'node', name: node }));
      await waitForChangeOrPause(ctx, watched, Math.min(remaining, RECHECK_MS));
      const why = await hopeless?.();
      if (why !== undefined && !(await safely())) {
        throw new NodeCommandError(`failed to wait for ${what}: ${why}. Fix the node, then run kubehop apply --resume`, { node, argv: [], exitCode: null, stdout: '', stderr: '', timedOut: false });
      }
    }
    ctx.emit({ kind: 'health-gate-passed', node, gate: name });
  };

  return {
    nodeReady: (node, version) => {
      const wanted = parseVersion(version);
      return gate(node, 'node-ready', `node ${node} to be Ready with kubelet ${version}`, async () => ({ kind: 'node', name: node }), async () => {
        const n = await ctx.api.getNode(node);
        return n !== undefined && n.ready && atLeast(n.kubelet, wanted);
      }, async () => {
        const n = await ctx.api.getNode(node);
        return n ? `it is ${n.ready ? 'Ready' : 'NotReady'} with kubelet ${formatVersion(n.kubelet)}` : 'the node is gone';
      }, () => readKubeletCrashLoop(ctx, node));
    },
    daemonSetPodsReady: (node) => {
      const unready = async () => (await ctx.api.listPodsOnNode(node)).filter((p) => p.owner?.kind === 'DaemonSet' && p.phase !== 'Succeeded' && p.phase !== 'Failed' && !(p.phase === 'Running' && p.ready));
      // Wait on one pod that is not Ready yet; the loop looks at all of them again after each change.
      const next = async (): Promise<WatchTarget> => {
        const pod = (await unready())[0];
        return pod ? { kind: 'pod', namespace: pod.namespace, name: pod.name } : { kind: 'node', name: node };
      };
      return gate(node, 'daemonset-pods', `the DaemonSet pods on node ${node} to be Ready`, next, async () => (await unready()).length === 0, async () => {
        const pods = await unready();
        return `not Ready: ${pods.map((p) => `${p.namespace}/${p.name}`).join(', ')}`;
      });
    },
    controlPlaneReady: (node, version) => {
      const wanted = parseVersion(version);
      return gate(node, 'control-plane', `the control plane on ${node} to run ${version} and the API server to be ready`, async () => ({ kind: 'node', name: node }), async () => {
        const cp = (await ctx.api.getNode(node))?.controlPlane;
        return cp !== undefined && atLeast(cp.apiserver, wanted) && atLeast(cp.controllerManager, wanted) && atLeast(cp.scheduler, wanted) && (await ctx.api.isApiReady());
      }, async () => {
        const cp = (await ctx.api.getNode(node))?.controlPlane;
        const ready = await ctx.api.isApiReady();
        if (!cp) return `node ${node} reports no control-plane components`;
        return `kube-apiserver ${formatVersion(cp.apiserver)}, kube-controller-manager ${formatVersion(cp.controllerManager)}, kube-scheduler ${formatVersion(cp.scheduler)}, API server ${ready ? 'ready' : 'not ready'}`;
      });
    },
  };
}
