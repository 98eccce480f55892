import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { clusterObservedFile, nodeDirOf, nodeObservedFile, readClusterState, readNodeState, readObserved, type ClusterState, type NodeState } from '../node-state.js';

// One run of a node-side tool: who it runs as (the node and cluster directories come from the
// session's environment, set by node-session.sh), its arguments, and its output. Tools return an
// exit code; they print as they go, as the real ones do.

export interface ShimContext {
  readonly tool: string;
  readonly args: readonly string[];
  readonly clusterDir: string;
  readonly nodeName: string;
  readonly nodeDir: string;
  out(line: string): void;
  err(line: string): void;
  /** The node's state as it is now (re-read on each call). */
  node(): NodeState;
  cluster(): ClusterState;
}

export type Tool = (ctx: ShimContext) => Promise<number> | number;

export function shimContextFromEnv(tool: string, args: readonly string[], env: NodeJS.ProcessEnv): ShimContext {
  const nodeDir = env.KUBEHOP_NODE_DIR;
  const clusterDir = env.KUBEHOP_CLUSTER_DIR;
  if (!nodeDir || !clusterDir) {
    throw new Error(`failed to run ${tool}: KUBEHOP_NODE_DIR and KUBEHOP_CLUSTER_DIR are not set; run it in an emulated node's session`);
  }
  const nodeName = basename(nodeDir);
  return {
    tool,
    args,
    clusterDir,
    nodeName,
    nodeDir,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    node: () => readNodeState(nodeDirOf(clusterDir, nodeName)),
    cluster: () => readClusterState(clusterDir),
  };
}

/** The repository file as the node sees it (its own /etc, see node-namespace.sh); undefined when absent. */
export function readNodeFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Waits until the agent has made the API show the given generations, as kubeadm waits for the
 * kubelet to restart a static pod. Returns false after the cluster's agentWaitMs.
 */
export async function waitForAgent(ctx: ShimContext, want: { node?: number; cluster?: number }): Promise<boolean> {
  const limit = ctx.cluster().agentWaitMs;
  if (limit <= 0) return true;
  const deadline = Date.now() + limit;
  for (;;) {
    const nodeDone = want.node === undefined || readObserved(nodeObservedFile(ctx.nodeDir)) >= want.node;
    const clusterDone = want.cluster === undefined || readObserved(clusterObservedFile(ctx.clusterDir)) >= want.cluster;
    if (nodeDone && clusterDone) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
