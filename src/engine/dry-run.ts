import type { ClusterSnapshot, NodeSnapshot, PodSnapshot } from '../core/cluster/index.js';
import { podKey } from '../core/drain/index.js';
import type { UpgradePlan } from '../core/planning/index.js';
import { formatVersion } from '../core/version/index.js';
import type { ClusterApi, DryRunAction, Journal, JournalRecord, Lock, NodeProvisioner, NodeShell } from '../ports/index.js';
import type { HealthGates } from './health-gates.js';
import { runUpgrade } from './run-upgrade.js';
import type { RunResult, RunUpgradeOptions, UpgradePorts } from './upgrade-options.js';

export type { DryRunAction } from '../ports/index.js';

// Dry run is a composition, not a mode: the engine runs unchanged against decorators that record
// every mutation instead of making it and pass every read through, plus gates that only record
// what they would wait for. There is no `if (dryRun)` anywhere in the engine.

export type DryRunRecorder = (action: DryRunAction) => void;

/**
 * Reads pass through to the real cluster, with this run's own intended changes laid over them
 * (a node it "cordoned" reads as cordoned, a pod it "evicted" is gone), so the engine's checks and
 * waits see the effects they expect. Mutations are recorded, never sent.
 */
export function dryRunClusterApi(api: ClusterApi, record: DryRunRecorder): ClusterApi {
  const cordoned = new Map<string, boolean>();
  const removed = new Set<string>();
  const overlayNode = (node: NodeSnapshot | undefined) => {
    const value = node ? cordoned.get(node.name) : undefined;
    return node && value !== undefined ? { ...node, cordoned: value } : node;
  };
  const present = (pod: PodSnapshot) => !removed.has(`${podKey(pod)}/${pod.uid}`);
  const remove = async (namespace: string, name: string) => {
    const pod = await api.getPod(namespace, name);
    if (pod) removed.add(`${podKey(pod)}/${pod.uid}`);
  };
  return {
    readSnapshot: async (): Promise<ClusterSnapshot> => {
      const snapshot = await api.readSnapshot();
      return { ...snapshot, nodes: snapshot.nodes.map((n) => overlayNode(n) ?? n), pods: snapshot.pods.filter(present) };
    },
    getNode: async (name) => overlayNode(await api.getNode(name)),
    listPodsOnNode: async (node) => (await api.listPodsOnNode(node)).filter(present),
    getPod: async (namespace, name) => {
      const pod = await api.getPod(namespace, name);
      return pod && present(pod) ? pod : undefined;
    },
    listWorkloads: () => api.listWorkloads(),
    listPdbs: () => api.listPdbs(),
    listWorkloadReadiness: () => api.listWorkloadReadiness(),
    cordon: async (node) => {
      record({ kind: 'api', call: 'cordon', target: node });
      cordoned.set(node, true);
    },
    uncordon: async (node) => {
      record({ kind: 'api', call: 'uncordon', target: node });
      cordoned.set(node, false);
    },
    evictPod: async (namespace, name) => {
      record({ kind: 'api', call: 'evict', target: `${namespace}/${name}` });
      await remove(namespace, name);
    },
    deletePod: async (namespace, name) => {
      record({ kind: 'api', call: 'delete', target: `${namespace}/${name}` });
      await remove(namespace, name);
    },
    isApiReady: () => api.isApiReady(),
    // What a narrowed wait waits for is this run's own doing: a pod it "evicted" is gone, and its
    // evictions are recorded, never refused, so a budget has nothing to free.
    waitForChange: async (target, timeoutMs) => {
      if (target.kind === 'pod' && target.untilGoneUid !== undefined && removed.has(`${podKey(target)}/${target.untilGoneUid}`)) return 'reached';
      if (target.kind === 'pdb' && target.untilDisruptionAllowed === true) return 'reached';
      return api.waitForChange(target, timeoutMs);
    },
  };
}

/** Read-only checks (`kubeadm version`, doneIf tests) run for real; every other command is recorded. */
export function dryRunNodeShell(shell: NodeShell, record: DryRunRecorder): NodeShell {
  return {
    run: async (node, argv, options) => {
      if (options.readOnly) return shell.run(node, argv, options);
      record({ kind: 'command', node, argv, privileged: options.privileged });
      return { exitCode: 0, stdout: '', stderr: '', timedOut: false, durationMs: 0 };
    },
  };
}

/** Gates that pass at once, recording what a real run would wait for. */
export function dryRunGates(record: DryRunRecorder): HealthGates {
  return {
    nodeReady: async (node, version) => record({ kind: 'wait', what: `node ${node} Ready with kubelet ${version}` }),
    daemonSetPodsReady: async (node) => record({ kind: 'wait', what: `DaemonSet pods on node ${node} Ready` }),
    controlPlaneReady: async (node, version) => record({ kind: 'wait', what: `control plane on ${node} at ${version} and the API server ready` }),
  };
}

/** Surge without machines: records the workers it would add and remove. */
export function dryRunProvisioner(record: DryRunRecorder): NodeProvisioner {
  return {
    addWorker: async (request, named) => {
      const name = request.name ?? `${request.template.name}-surge-${formatVersion(request.version)}`;
      await named(name);
      record({ kind: 'node', call: 'add', node: name });
      return name;
    },
    removeWorker: async (name) => record({ kind: 'node', call: 'remove', node: name }),
    adoptWorker: async (name) => record({ kind: 'node', call: 'adopt', node: name }),
  };
}

/** A journal that lives for one dry run only: the real one is not touched. */
function scratchJournal(): Journal {
  let record: JournalRecord | undefined;
  let plan: string | undefined;
  return { read: async () => record, write: async (next) => void (record = next), keepPlan: async (next) => void (plan = next), keptPlan: async () => plan };
}

/** A dry run changes nothing, so it needs no lock and does not wait for one. */
const NO_LOCK: Lock = { acquire: async (holder) => ({ holder, renew: async () => {}, release: async () => {} }) };

export interface DryRunResult {
  readonly result: RunResult;
  readonly actions: readonly DryRunAction[];
}

/**
 * The engine composed for a dry run: real reads, recorded writes, recording gates, a scratch
 * journal and no lock. The actions are exactly what `apply` would do against the cluster as it is.
 */
export async function dryRunUpgrade(plan: UpgradePlan, ports: Pick<UpgradePorts, 'api' | 'shell' | 'clock' | 'events' | 'provisioner'>, options: Omit<RunUpgradeOptions, 'gates' | 'resume' | 'startOver'>): Promise<DryRunResult> {
  const actions: DryRunAction[] = [];
  const record: DryRunRecorder = (action) => actions.push(action);
  const result = await runUpgrade(
    plan,
    {
      api: dryRunClusterApi(ports.api, record),
      shell: dryRunNodeShell(ports.shell, record),
      clock: ports.clock,
      events: ports.events,
      journal: scratchJournal(),
      lock: NO_LOCK,
      // Surge is refused without a provisioner in a dry run too, exactly as in a real one.
      ...(ports.provisioner ? { provisioner: dryRunProvisioner(record) } : {}),
    },
    { ...options, gates: dryRunGates(record) },
  );
  return { result, actions };
}
