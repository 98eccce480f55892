import type { CommandOutcome, CommandRun } from './command-run.js';
import { KUBEADM_CA_CERTIFICATES, kubeadmLeafCertificateNames } from '../../../core/cluster/index.js';
import { CERTIFICATE_VALIDITY_MS, type SimCertificate } from './sim-host.js';

// `kubeadm certs check-expiration` (`kubeadm alpha certs` before v1.20, both until v1.21) on a
// control-plane node: kubeadm's two tables, certificates then CAs, with the dates of the node's
// certificates (sim-host.ts) and the time left on the simulated clock. `kubeadm upgrade apply`
// and `upgrade node` renew the leaf certificates, as kubeadm does unless
// --certificate-renewal=false; CAs are never renewed.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOUR_MS = 3_600_000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "Jan 01, 2026 00:00 UTC", as kubeadm prints an expiry. */
export function kubeadmDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()] ?? '?'} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** Time left the short way Kubernetes prints durations: "45s", "12m", "5h", "364d", "9y", "<invalid>" once past. */
export function residualTime(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.trunc(seconds / 60)}m`;
  const hours = Math.trunc(ms / HOUR_MS);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function authorityOf(name: string): string {
  if (name.startsWith('etcd-') || name === 'apiserver-etcd-client') return 'etcd-ca';
  if (name === 'front-proxy-client') return 'front-proxy-ca';
  return 'ca';
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join(''));
}

export async function runKubeadmCerts(run: CommandRun, args: readonly string[]): Promise<CommandOutcome> {
  if (args[0] !== 'check-expiration') return run.fail(`unknown command "${args[0] ?? ''}" for "kubeadm certs" (only check-expiration is simulated)`, 1);
  const denied = run.needsRoot();
  if (denied) return denied;
  const certificates = run.node.host.certificates;
  if (!certificates) return run.fail('error reading certificates: open /etc/kubernetes/pki/ca.crt: no such file or directory', 1);
  await run.takes({ min: 0.5, max: 1.5 });
  const now = run.ctx.clock.now();
  run.print('[check-expiration] Reading configuration from the cluster...');
  run.print("[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'");
  run.print('');
  const when = (c: SimCertificate) => [kubeadmDate(c.expiresMs), residualTime(c.expiresMs - now)];
  const leaves = certificates.filter((c) => !KUBEADM_CA_CERTIFICATES.includes(c.name));
  const cas = certificates.filter((c) => KUBEADM_CA_CERTIFICATES.includes(c.name));
  const leafRows = leaves.map((c) => [c.name, ...when(c), authorityOf(c.name), 'no']);
  for (const line of table([['CERTIFICATE', 'EXPIRES', 'RESIDUAL TIME', 'CERTIFICATE AUTHORITY', 'EXTERNALLY MANAGED'], ...leafRows])) run.print(line);
  run.print('');
  for (const line of table([['CERTIFICATE AUTHORITY', 'EXPIRES', 'RESIDUAL TIME', 'EXTERNALLY MANAGED'], ...cas.map((c) => [c.name, ...when(c), 'no'])])) run.print(line);
  return run.exit(0);
}

/** kubeadm's certificate renewal during an upgrade: every leaf certificate good for a year from now. */
export function renewCertificates(run: CommandRun, args: readonly string[]): void {
  const { node } = run;
  if (!node.host.certificates || args.includes('--certificate-renewal=false')) return;
  const expiresMs = run.ctx.clock.now() + CERTIFICATE_VALIDITY_MS;
  const cas = node.host.certificates.filter((c) => KUBEADM_CA_CERTIFICATES.includes(c.name));
  const leaves = kubeadmLeafCertificateNames({ kubeadm: node.packages.kubeadm.version, etcd: run.ctx.state.meta.etcd }).map((name) => ({ name, expiresMs }));
  node.host.certificates = [...leaves, ...cas];
  run.ctx.log.add('certificates-renewed', node.name, `until ${kubeadmDate(expiresMs)}`);
}
