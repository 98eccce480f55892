import type { ClusterApi, CommandResult, NodeShell, RunOptions } from '../../ports/index.js';

export interface CallRecorder {
  /** "cordon worker-1", "evictPod default/web-1", "run worker-1 apt-get update". */
  readonly mutations: string[];
  /** After kill() every call rejects, the way a dead process makes no more calls. */
  kill(): void;
  readonly api: ClusterApi;
  readonly shell: NodeShell;
}

/** Wraps an api and a shell, passing every call through and noting each mutation (read-only commands are not). */
export function recordCalls(api: ClusterApi, shell: NodeShell): CallRecorder {
  const mutations: string[] = [];
  let dead = false;
  const alive = () => {
    if (dead) throw new Error('the process was killed');
  };
  const wrapped: ClusterApi = {
    readSnapshot: async () => (alive(), api.readSnapshot()),
    getNode: async (name) => (alive(), api.getNode(name)),
    listPodsOnNode: async (node) => (alive(), api.listPodsOnNode(node)),
    getPod: async (ns, name) => (alive(), api.getPod(ns, name)),
    listWorkloads: async () => (alive(), api.listWorkloads()),
    listPdbs: async () => (alive(), api.listPdbs()),
    listWorkloadReadiness: async () => (alive(), api.listWorkloadReadiness()),
    cordon: async (node, mark) => (alive(), mutations.push(`cordon ${node}`), api.cordon(node, mark)),
    uncordon: async (node) => (alive(), mutations.push(`uncordon ${node}`), api.uncordon(node)),
    evictPod: async (ns, name, options) => (alive(), mutations.push(`evictPod ${ns}/${name}`), api.evictPod(ns, name, options)),
    deletePod: async (ns, name, options) => (alive(), mutations.push(`deletePod ${ns}/${name}`), api.deletePod(ns, name, options)),
    isApiReady: async () => (alive(), api.isApiReady()),
    waitForChange: async (target, timeoutMs) => (alive(), api.waitForChange(target, timeoutMs)),
  };
  const wrappedShell: NodeShell = {
    run: async (node: string, argv: readonly string[], options: RunOptions): Promise<CommandResult> => {
      alive();
      // Checks marked read-only change nothing: they are not mutations.
      if (!options.readOnly) mutations.push(`run ${node} ${argv.join(' ')}`);
      return shell.run(node, argv, options);
    },
  };
  return {
    mutations,
    kill: () => {
      dead = true;
    },
    api: wrapped,
    shell: wrappedShell,
  };
}
