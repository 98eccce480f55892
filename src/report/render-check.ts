import { clusterVersion, type ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import { formatVersion } from '../core/version/index.js';
import { renderTable } from './text-table.js';

export interface CheckReport {
  readonly cluster: ClusterSnapshot;
  /** Skew policy and kubeadm findings. */
  readonly findings: readonly Finding[];
  /** Whether the cluster's minor is still supported. */
  readonly support: readonly Finding[];
  readonly date: string;
  readonly catalogWarning?: string;
}

const dash = '-';

export function inventoryRows(cluster: ClusterSnapshot): string[][] {
  return cluster.nodes.map((n) => [
    n.name,
    n.role,
    formatVersion(n.kubelet),
    n.kubeProxy ? formatVersion(n.kubeProxy) : cluster.addons.kubeProxy ? formatVersion(cluster.addons.kubeProxy) : dash,
    n.kubeadm ? formatVersion(n.kubeadm) : dash,
    n.controlPlane ? formatVersion(n.controlPlane.apiserver) : dash,
    n.controlPlane ? formatVersion(n.controlPlane.controllerManager) : dash,
    n.controlPlane ? formatVersion(n.controlPlane.scheduler) : dash,
    n.controlPlane?.etcd ?? dash,
    n.ready ? 'Ready' : 'NotReady',
    n.cordoned ? 'cordoned' : 'yes',
  ]);
}

export function renderCheckTable(report: CheckReport): string {
  const { cluster, findings } = report;
  const version = clusterVersion(cluster);
  const workers = cluster.nodes.filter((n) => n.role === 'worker').length;
  const out = [
    `Cluster "${cluster.name}": control plane ${version ? formatVersion(version) : 'unknown'} — ${cluster.nodes.length - workers} control-plane node${cluster.nodes.length - workers === 1 ? '' : 's'}, ${workers} worker${workers === 1 ? '' : 's'}, etcd ${cluster.etcd}`,
    '',
    renderTable(['NODE', 'ROLE', 'KUBELET', 'KUBE-PROXY', 'KUBEADM', 'APISERVER', 'CONTROLLER-MGR', 'SCHEDULER', 'ETCD', 'STATUS', 'SCHEDULABLE'], inventoryRows(cluster)),
    '',
  ];
  const addons = [cluster.addons.coreDNS ? `CoreDNS ${cluster.addons.coreDNS}` : undefined, cluster.addons.kubeProxy ? `kube-proxy ${formatVersion(cluster.addons.kubeProxy)}` : undefined, cluster.kubectl ? `your kubectl ${formatVersion(cluster.kubectl)}` : undefined].filter(Boolean);
  if (addons.length > 0) out.push(`Addons: ${addons.join(', ')}`, '');
  for (const f of report.support) out.push(`Support: ${f.message}`, '');
  const problems = findings.filter((f) => f.severity !== 'info');
  const infos = findings.filter((f) => f.severity === 'info');
  if (problems.length === 0) out.push('No skew problems: every component is inside the Kubernetes version skew policy and kubeadm\'s rules.');
  else {
    out.push(`Findings (${problems.length}):`);
    for (const f of problems) out.push(`  ${f.severity.toUpperCase().padEnd(11)} ${f.code}  ${f.subject}`, `              ${f.message}`);
  }
  if (infos.length > 0) {
    out.push('', 'Notes:');
    for (const f of infos) out.push(`  ${f.code}  ${f.message}`);
  }
  if (report.catalogWarning) out.push('', `Warning: ${report.catalogWarning}`);
  return `${out.join('\n')}\n`;
}

export function checkJson(report: CheckReport): object {
  const version = clusterVersion(report.cluster);
  return {
    cluster: report.cluster.name,
    version: version ? formatVersion(version) : null,
    date: report.date,
    nodes: report.cluster.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      kubelet: formatVersion(n.kubelet),
      kubeProxy: n.kubeProxy ? formatVersion(n.kubeProxy) : report.cluster.addons.kubeProxy ? formatVersion(report.cluster.addons.kubeProxy) : null,
      kubeadm: n.kubeadm ? formatVersion(n.kubeadm) : null,
      controlPlane: n.controlPlane
        ? { apiserver: formatVersion(n.controlPlane.apiserver), controllerManager: formatVersion(n.controlPlane.controllerManager), scheduler: formatVersion(n.controlPlane.scheduler), etcd: n.controlPlane.etcd ?? null }
        : null,
      ready: n.ready,
      cordoned: n.cordoned,
    })),
    addons: {
      coreDNS: report.cluster.addons.coreDNS ?? null,
      kubeProxy: report.cluster.addons.kubeProxy ? formatVersion(report.cluster.addons.kubeProxy) : null,
    },
    kubectl: report.cluster.kubectl ? formatVersion(report.cluster.kubectl) : null,
    support: report.support,
    findings: report.findings,
    blocking: [...report.findings, ...report.support].some((f) => f.severity === 'blocking'),
    ...(report.catalogWarning ? { catalogWarning: report.catalogWarning } : {}),
  };
}
