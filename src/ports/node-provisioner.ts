import type { NodeSnapshot } from '../core/cluster/index.js';
import type { KubeVersion } from '../core/version/index.js';

/** A new worker to bring up in place of an old one. */
export interface NewWorkerRequest {
  /** The worker it replaces: its OS, repository, size, labels and taints are the new one's. */
  readonly template: NodeSnapshot;
  readonly version: KubeVersion;
  /** The plan's batch id, e.g. "v1.21/workers/batch-1". */
  readonly batch: string;
  /** A name recorded by an earlier, interrupted attempt that never joined: bring that machine up again. */
  readonly name?: string;
  /**
   * Machines this run has joined or promised to other workers (per its journal): never hand one
   * of them out for this worker. A resumed process may have read the cluster before a node that
   * joined just before the crash registered, so its spare list alone cannot tell.
   */
  readonly busy?: readonly string[];
}

/**
 * Adds and removes worker nodes, for the surge strategy: spare hosts over SSH, command hooks, or
 * the simulator. Both calls are safe to repeat after a crash.
 */
export interface NodeProvisioner {
  /**
   * Brings up a worker like `request.template` at `request.version` and resolves with its node
   * name once it has joined and carries the template's workload labels and taints (it may not be
   * Ready yet). `named` is awaited as soon as the name is known, before anything joins, so a
   * crash after the join still leaves a record of the node.
   */
  addWorker(request: NewWorkerRequest, named: (name: string) => Promise<void>): Promise<string>;
  /**
   * Deletes the node object (if still there) and frees the machine behind it. `like` is the node
   * or, when it is already gone, its replacement: what the machine ran (OS, package manager).
   */
  removeWorker(name: string, like: NodeSnapshot): Promise<void>;
  /**
   * Takes over node `name`, which joined before a crash cut its addWorker short: gives it the
   * labels and taints of `template` that workloads select on (it may not carry them yet) and
   * removes what the interrupted join left behind (its join token). Safe to repeat.
   */
  adoptWorker(name: string, template: NodeSnapshot): Promise<void>;
}
