import type { KubeVersion } from '../core/version/index.js';

/** Adds and removes worker nodes, for the surge strategy. Only the simulator has one so far. */
export interface NodeProvisioner {
  /** Creates a worker like `template` at `version`; resolves with its name once it has joined. */
  addWorker(template: string, version: KubeVersion): Promise<string>;
  /** Deletes the node object and the machine behind it. */
  removeWorker(name: string): Promise<void>;
}
