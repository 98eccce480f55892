import type { ClusterSnapshot } from '../core/cluster/index.js';
import { quoteArgv } from '../core/command/quote-argv.js';
import type { PlanStep, UpgradePlan, WorkerStrategy } from '../core/planning/index.js';
import { compareEtcdTags, kubeadmAddonVersions } from '../core/releases/index.js';
import { formatVersion, tryParseVersion } from '../core/version/index.js';
import { renderTable } from './text-table.js';

export function describeStrategy(strategy: WorkerStrategy): string {
  switch (strategy.kind) {
    case 'rolling':
      return strategy.maxUnavailable === 'auto'
        ? `rolling, workers batched by their budgets, workloads and room${workloadShare(strategy.maxWorkloadUnavailable)}`
        : `rolling, up to ${strategy.maxUnavailable} worker${strategy.maxUnavailable === 1 ? '' : 's'} at a time${workloadShare(strategy.maxWorkloadUnavailable)}`;
    case 'all-at-once':
      return 'all at once (workloads go down while the workers are upgraded)';
    case 'surge':
      return `surge, ${strategy.maxSurge} new node${strategy.maxSurge === 1 ? '' : 's'} at a time`;
    case 'blue-green':
      return `blue-green, old pool drained ${strategy.batch} at a time`;
  }
}

/** Where a step's commands are typed: the node (or the host the step names), the new machine, or the operator's shell. */
export function whereStepRuns(step: PlanStep): string | undefined {
  switch (step.runOn) {
    case 'node':
      return step.host ?? step.node;
    case 'new-node':
      return `new machine for ${step.node}`;
    case 'operator':
      return undefined;
  }
}

function workloadShare(share: number | undefined): string {
  return share === undefined ? '' : ` (at most ${Math.round(share * 100)}% of a workload without a budget down at once)`;
}

/** A command line as the operator would type it: node commands with sudo. */
export function renderCommand(step: PlanStep, argv: readonly string[]): string {
  return (step.privileged ? 'sudo ' : '') + quoteArgv(argv);
}

/** kubeadm-style COMPONENT / NODE / CURRENT / TARGET rows. */
export function componentRows(cluster: ClusterSnapshot, plan: UpgradePlan): string[][] {
  const rows: string[][] = [];
  const cps = cluster.nodes.filter((n) => n.controlPlane);
  for (const [component, pick] of [
    ['kube-apiserver', (c: NonNullable<(typeof cps)[number]['controlPlane']>) => c.apiserver],
    ['kube-controller-manager', (c: NonNullable<(typeof cps)[number]['controlPlane']>) => c.controllerManager],
    ['kube-scheduler', (c: NonNullable<(typeof cps)[number]['controlPlane']>) => c.scheduler],
  ] as const) {
    for (const n of cps) if (n.controlPlane) rows.push([component, n.name, formatVersion(pick(n.controlPlane)), plan.to]);
  }
  for (const n of cluster.nodes) rows.push(['kubelet', n.name, formatVersion(n.kubelet), plan.to]);
  if (cluster.addons.kubeProxy) rows.push(['kube-proxy', '', formatVersion(cluster.addons.kubeProxy), plan.to]);
  const target = tryParseVersion(plan.to);
  const addons = target ? kubeadmAddonVersions(target.minor) : undefined;
  const approx = addons?.approximate ? ' (approx.)' : '';
  if (cluster.addons.coreDNS) rows.push(['CoreDNS', '', cluster.addons.coreDNS, addons ? addons.coreDNS + approx : `as kubeadm ${plan.to} installs it`]);
  for (const n of cps) {
    const current = n.controlPlane?.etcd;
    if (!current || cluster.etcd !== 'local') continue;
    // kubeadm never downgrades etcd: a member newer than the target's pin stays as it is.
    const kept = addons !== undefined && compareEtcdTags(current, addons.etcd) >= 0;
    rows.push(['etcd', n.name, current, !addons ? `as kubeadm ${plan.to} installs it` : kept ? `${current} (kept: kubeadm does not downgrade etcd)` : addons.etcd + approx]);
  }
  return rows;
}

export function renderPlanTable(cluster: ClusterSnapshot, plan: UpgradePlan): string {
  const out: string[] = [];
  out.push(`Upgrade plan for cluster "${plan.cluster}": ${plan.from} -> ${plan.to}`);
  if (plan.hops.length === 0 && plan.steps.length === 0) {
    out.push('', `Nothing to do: every component is already at ${plan.to}.`);
    return out.join('\n') + '\n';
  }
  out.push(`Workers: ${describeStrategy(plan.strategy)}; kubelets ${plan.workersEveryHop ? 'follow every hop' : 'upgraded as few times as the skew rules allow'}.`);
  out.push('', renderTable(['COMPONENT', 'NODE', 'CURRENT', 'TARGET'], componentRows(cluster, plan)));
  out.push('', 'Hops (the control plane moves one minor at a time):');
  out.push(renderTable(['HOP', 'FROM', 'TO'], plan.hops.map((h) => [String(h.index), h.from, h.version])));
  const drains = Object.entries(plan.drains);
  const total = drains.reduce((sum, [, n]) => sum + n, 0);
  if (plan.etcdBackup) out.push('', `etcd snapshot: ${plan.etcdBackup.path} on ${plan.etcdBackup.node} (taken and verified before the control plane changes)`);
  out.push('', `Drains: ${total} in all (${drains.map(([node, n]) => `${node} ${n}`).join(', ')})`);
  if (plan.notes.length > 0) {
    out.push('', 'Notes:');
    for (const note of plan.notes) out.push(`  - [${note.code}] ${note.message}`);
  }
  out.push('', `Steps (${plan.steps.length}):`);
  plan.steps.forEach((step, i) => {
    out.push(`${String(i + 1).padStart(4)}. ${step.id}  — ${step.description}`);
    const where = whereStepRuns(step);
    for (const argv of step.commands) out.push(`        ${where ? `[${where}] ` : ''}${renderCommand(step, argv)}`);
  });
  return out.join('\n') + '\n';
}
