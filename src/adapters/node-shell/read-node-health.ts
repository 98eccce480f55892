import type { CertificateExpiry, NodeFacts, NodeRole } from '../../core/cluster/index.js';
import type { CommandResult, NodeShell } from '../../ports/index.js';
import { failureReason } from './failure-reason.js';
import { probeNextRepository, type NextRepository } from './probe-next-repository.js';

// What the preflight checks want from a node itself: whether swap is on, the free space where
// packages and images land, whether it reaches the package repository of the next minor
// (probe-next-repository.ts), and on control-plane nodes the kubeadm certificates' expiry dates.
// Read-only commands; a command that ran and failed is a problem, not a throw (a NodeCommandError
// from an unreachable node still propagates).

export interface ObservedNodeHealth {
  readonly node: string;
  readonly facts: Pick<NodeFacts, 'swapOn' | 'freeDiskBytes' | 'repositoryReachable' | 'repositoryProbed' | 'repositoryKubeadmVersions'>;
  /** Control-plane nodes only, when kubeadm answered. */
  readonly certificates?: readonly CertificateExpiry[];
  /** What could not be read, one sentence each. */
  readonly problems: readonly string[];
}

export interface ReadNodeHealthOptions {
  /** Per command. Default 30 s. */
  readonly timeoutMs?: number;
  /** The node's configured repository and the minor it installs next: probe that minor's repository. Absent: not probed. */
  readonly nextRepository?: NextRepository;
}

/** The filesystem the new packages and images are written to. */
export const DISK_PATH = '/var/lib';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// "apiserver   Nov 24, 2027 20:31 UTC   364d   ca   no"
const CERT_LINE = /^(\S+)\s+([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) \d{1,2}:\d{2} UTC(\s|$)/;

/** /proc/swaps lists one line per active swap area under its header. */
export function parseProcSwaps(text: string): boolean {
  return text.split('\n').slice(1).some((line) => line.trim() !== '');
}

/** `df -B1 --output=avail PATH`: a header, then the bytes; undefined when the answer is not that. */
export function parseDfAvail(text: string): number | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = lines.length >= 2 ? lines[lines.length - 1] : undefined;
  return last !== undefined && /^\d+$/.test(last) ? Number(last) : undefined;
}

/** The certificate and CA tables of `kubeadm certs check-expiration`; lines that are no certificate are skipped. */
export function parseCertificateExpiration(text: string): CertificateExpiry[] {
  const found: CertificateExpiry[] = [];
  for (const line of text.split('\n')) {
    const match = CERT_LINE.exec(line.trim());
    if (!match) continue;
    const [, name = '', month = '', day = '', year = ''] = match;
    const index = MONTHS.indexOf(month);
    if (index < 0) continue;
    found.push({ name, expiresOn: `${year}-${String(index + 1).padStart(2, '0')}-${day.padStart(2, '0')}` });
  }
  return found;
}

export async function readNodeHealth(shell: NodeShell, node: string, role: NodeRole, options: ReadNodeHealthOptions = {}): Promise<ObservedNodeHealth> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const run = (argv: readonly string[], privileged = false): Promise<CommandResult> => shell.run(node, argv, { privileged, timeoutMs, readOnly: true });
  const problems: string[] = [];
  let facts: ObservedNodeHealth['facts'] = {};

  const swaps = await run(['cat', '/proc/swaps']);
  if (swaps.exitCode === 0) facts = { ...facts, swapOn: parseProcSwaps(swaps.stdout) };
  else problems.push(`failed to read /proc/swaps on node ${node}: ${failureReason(swaps)}`);

  const df = await run(['df', '-B1', '--output=avail', DISK_PATH]);
  const free = df.exitCode === 0 ? parseDfAvail(df.stdout) : undefined;
  if (free !== undefined) facts = { ...facts, freeDiskBytes: free };
  else problems.push(`failed to read the free disk space of ${DISK_PATH} on node ${node}: ${df.exitCode === 0 ? `unexpected df output "${df.stdout.trim().slice(0, 80)}"` : failureReason(df)}`);

  if (options.nextRepository) {
    const probe = await probeNextRepository(shell, node, options.nextRepository);
    if (probe.reachable !== undefined) facts = { ...facts, repositoryReachable: probe.reachable, ...(probe.url !== undefined && { repositoryProbed: probe.url }), ...(probe.kubeadmVersions !== undefined && { repositoryKubeadmVersions: probe.kubeadmVersions }) };
    problems.push(...probe.problems);
  }

  if (role !== 'control-plane') return { node, facts, problems };

  // kubeadm before v1.20 only has the alpha command; v1.20 and v1.21 have both.
  let certs = await run(['kubeadm', 'certs', 'check-expiration'], true);
  if (certs.exitCode !== 0) {
    const alpha = await run(['kubeadm', 'alpha', 'certs', 'check-expiration'], true);
    if (alpha.exitCode === 0) certs = alpha;
  }
  if (certs.exitCode !== 0) {
    problems.push(`failed to check certificate expiration on node ${node}: ${failureReason(certs)}`);
    return { node, facts, problems };
  }
  const certificates = parseCertificateExpiration(certs.stdout);
  if (certificates.length === 0) problems.push(`failed to check certificate expiration on node ${node}: kubeadm certs check-expiration listed no certificate`);
  return { node, facts, ...(certificates.length > 0 ? { certificates } : {}), problems };
}
