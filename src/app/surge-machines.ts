import { freeSpares, KubeadmJoinProvisioner, MachinePool, type CommandHook, type Machine } from '../adapters/provision/index.js';
import type { SshNodeShell } from '../adapters/ssh/ssh-node-shell.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import { compareNames } from '../core/compare-names.js';
import { ConfigError } from '../core/errors.js';
import { replacesWorkers, type UpgradePlan } from '../core/planning/index.js';
import type { Clock, NodeProvisioner } from '../ports/index.js';

/** Where a live surge run gets its machines: --spare-host / --spare-hosts, --provision-command, --decommission-command. */
export interface SurgeMachines {
  readonly spares: readonly Machine[];
  readonly provision?: CommandHook;
  readonly decommission?: CommandHook;
}

export const SURGE_MACHINE_FLAGS = '--spare-host, --spare-hosts, --provision-command and --decommission-command';

/**
 * Refuses, before anything changes, machine settings that cannot carry the plan out: machines for
 * a plan that is not surge, a surge without machines, fewer free spares than --max-surge with no
 * hook to make more, a spare that is a node already. A resumed run may find its spares joined.
 */
export function checkSurgeMachines(plan: UpgradePlan, cluster: ClusterSnapshot, machines: SurgeMachines, resume: boolean): void {
  const given = machines.spares.length > 0 || machines.provision !== undefined || machines.decommission !== undefined;
  if (!replacesWorkers(plan.strategy)) {
    if (given) throw new ConfigError(`${SURGE_MACHINE_FLAGS} go with --strategy surge or blue-green, and this plan's workers are ${plan.strategy.kind}`);
    return;
  }
  const kind = plan.strategy.kind;
  if (machines.spares.length === 0 && !machines.provision) {
    throw new ConfigError(`${kind} on a real cluster needs machines for the new workers: give spare hosts (--spare-host NAME=ADDRESS, repeatable, or --spare-hosts FILE) or a --provision-command that makes one — or plan with --strategy rolling`);
  }
  if (resume) return;
  const nodes = new Set(cluster.nodes.map((n) => n.name));
  const joined = machines.spares.filter((m) => nodes.has(m.name)).map((m) => m.name);
  if (joined.length > 0) throw new ConfigError(`spare host${joined.length === 1 ? '' : 's'} ${joined.join(', ')} ${joined.length === 1 ? 'is' : 'are'} already a node of cluster "${cluster.name}": a spare must be a machine with nothing of Kubernetes on it, under a name no node has`);
  if (machines.provision) return;
  const givenText = `${machines.spares.length} spare host${machines.spares.length === 1 ? ' is' : 's are'} given`;
  if (plan.strategy.kind === 'surge' && machines.spares.length < plan.strategy.maxSurge) {
    throw new ConfigError(`--max-surge ${plan.strategy.maxSurge} brings up ${plan.strategy.maxSurge} new nodes at a time but ${givenText}: give more, plan with a lower --max-surge, or add a --provision-command`);
  }
  // Blue-green brings up a machine for every worker of a round before it frees any.
  const pool = Math.max(0, ...[...countBy(plan.steps.filter((s) => s.action === 'join-node').map((s) => s.batch ?? ''))].map(([, n]) => n));
  if (plan.strategy.kind === 'blue-green' && machines.spares.length < pool) {
    throw new ConfigError(`blue-green brings up a new pool of ${pool} nodes before it removes the old one but ${givenText}: give ${pool}, use --strategy surge (one spare is enough), or add a --provision-command`);
  }
}

/**
 * The provisioner of a live surge run: spare hosts and hooks, reached over the run's SSH shell,
 * joined with tokens made on the control-plane node the plan names for them.
 */
export function liveSurgeProvisioner(plan: UpgradePlan, cluster: ClusterSnapshot, shell: SshNodeShell, clock: Clock, machines: SurgeMachines, commandTimeoutMs = 15 * 60_000): NodeProvisioner {
  const controlPlane = plan.steps.find((s) => s.action === 'create-join-token')?.host
    ?? cluster.nodes.filter((n) => n.role === 'control-plane').map((n) => n.name).sort(compareNames)[0];
  if (!controlPlane) throw new ConfigError(`cluster "${cluster.name}" has no control-plane node to create join tokens on`);
  // Every spare is reachable from the start: a resumed run may reset one its node no longer names.
  for (const m of machines.spares) if (m.host !== undefined) shell.reach(m.name, m.host, m.port);
  const pool = new MachinePool({
    cluster: cluster.name,
    spares: freeSpares(machines.spares, cluster.nodes.map((n) => n.name)),
    ...(machines.provision ? { provision: machines.provision } : {}),
    ...(machines.decommission ? { decommission: machines.decommission } : {}),
  });
  return new KubeadmJoinProvisioner({
    shell,
    machines: pool,
    reach: (m) => {
      if (m.host !== undefined) shell.reach(m.name, m.host, m.port);
    },
    controlPlane,
    clock,
    commandTimeoutMs,
  });
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
