import { clusterVersion, type ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import { formatVersion } from '../core/version/index.js';
import { wrapProse } from './wrap-text.js';
import { columnsThatFit, renderTable, tableWidthOf } from './text-table.js';

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

const WIDE_HEADERS = ['NODE', 'ROLE', 'KUBELET', 'KUBE-PROXY', 'KUBEADM', 'APISERVER', 'CONTROLLER-MGR', 'SCHEDULER', 'ETCD', 'STATUS', 'SCHEDULABLE'];
const [STATUS, SCHEDULABLE] = [9, 10];
/**
 * Left out first when the table is too wide: the components that move with another shown column
 * (the controller manager and scheduler with the API server, kube-proxy with the kubelet) before
 * the ones that differ on their own. Node, role, kubelet and status always stay.
 */
const LEAVE_OUT_FIRST = [6, 7, 3, 8, 5, 4];

/** How the inventory table is drawn: `wide` keeps every column whatever the width. */
export interface CheckTableFit {
  readonly width?: number;
  readonly wide?: boolean;
}

/**
 * The node table, every column when it fits (or when asked for wide). Narrower, schedulability
 * joins the status as kubectl shows it ("Ready,cordoned") and the least telling components are
 * left out until it fits, with a line saying which and where to see them.
 */
function inventoryTable(cluster: ClusterSnapshot, fit: CheckTableFit): string {
  const rows = inventoryRows(cluster);
  if (fit.wide || fit.width === undefined || tableWidthOf(WIDE_HEADERS, rows) <= fit.width) return renderTable(WIDE_HEADERS, rows);
  const narrowRows = rows.map((r) => [...r.slice(0, STATUS), r[SCHEDULABLE] === 'cordoned' ? `${r[STATUS]},cordoned` : (r[STATUS] ?? '')]);
  const narrowHeaders = WIDE_HEADERS.slice(0, SCHEDULABLE);
  const kept = columnsThatFit(narrowHeaders, narrowRows, fit.width, LEAVE_OUT_FIRST);
  const left = narrowHeaders.filter((_, i) => !kept.includes(i));
  const table = renderTable(kept.map((i) => narrowHeaders[i] ?? ''), narrowRows.map((r) => kept.map((i) => r[i] ?? '')));
  const said = left.length > 0 ? `(-o wide adds ${left.join(', ')})` : '(-o wide shows SCHEDULABLE as its own column)';
  return [table, ...wrapProse(said, fit.width)].join('\n');
}

export function renderCheckTable(report: CheckReport, fit: CheckTableFit = {}): string {
  const { cluster, findings } = report;
  const version = clusterVersion(cluster);
  const workers = cluster.nodes.filter((n) => n.role === 'worker').length;
  // On a terminal prose wraps at spaces, indented under its own start, instead of mid-word at the edge.
  const prose = (text: string, indent = '') => wrapProse(text, fit.width, indent);
  const out = [
    ...prose(`Cluster "${cluster.name}": control plane ${version ? formatVersion(version) : 'unknown'} — ${cluster.nodes.length - workers} control-plane node${cluster.nodes.length - workers === 1 ? '' : 's'}, ${workers} worker${workers === 1 ? '' : 's'}, etcd ${cluster.etcd}`),
    '',
    inventoryTable(cluster, fit),
    '',
  ];
  const addons = [cluster.addons.coreDNS ? `CoreDNS ${cluster.addons.coreDNS}` : undefined, cluster.addons.kubeProxy ? `kube-proxy ${formatVersion(cluster.addons.kubeProxy)}` : undefined, cluster.kubectl ? `your kubectl ${formatVersion(cluster.kubectl)}` : undefined].filter(Boolean);
  if (addons.length > 0) out.push(...prose(`Addons: ${addons.join(', ')}`), '');
  for (const f of report.support) out.push(...prose(`Support: ${f.message}`), '');
  const problems = findings.filter((f) => f.severity !== 'info');
  const infos = findings.filter((f) => f.severity === 'info');
  if (problems.length === 0) out.push(...prose('No skew problems: every component is inside the Kubernetes version skew policy and kubeadm\'s rules.'));
  else {
    out.push(`Findings (${problems.length}):`);
    for (const f of problems) out.push(`  ${f.severity.toUpperCase().padEnd(11)} ${f.code}  ${f.subject}`, ...prose(f.message, '              '));
  }
  if (infos.length > 0) {
    out.push('', 'Notes:');
    for (const f of infos) out.push(...prose(`${f.code}  ${f.message}`, '  '));
  }
  if (report.catalogWarning) out.push('', ...prose(`Warning: ${report.catalogWarning}`));
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
