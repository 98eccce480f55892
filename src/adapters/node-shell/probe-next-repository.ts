import { FIRST_PKGS_MINOR, LEGACY_FROZEN_ON } from '../../core/version/index.js';
import type { NodeShell } from '../../ports/index.js';
import { failureReason } from './failure-reason.js';
import type { ConfiguredRepository } from './parse-repository-file.js';

// Whether a node reaches the package repository of the minor it installs next, asked from the
// node itself (its DNS, proxy and firewall) by fetching the repository's index with curl.
// pkgs.k8s.io has one repository per minor: the configured URL with its /v1.N/ segment replaced,
// which also fits a mirror that keeps the layout. The legacy Google repositories were frozen on
// 2023-09-13 and the plan moves such nodes to pkgs.k8s.io, so that is what is probed for them.
// The URL is rebuilt from validated parts and an integer minor: text from the node's repository
// file never reaches the command unchecked.

export interface NextRepository {
  readonly repository: ConfiguredRepository;
  /** The minor line to probe, e.g. the kubelet's minor + 1. */
  readonly minor: number;
}

export type IndexUrlResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly errors: readonly string[] };

export interface RepositoryProbe {
  /** Absent: not observed (see problems). */
  readonly reachable?: boolean;
  /** The URL probed, when one was. */
  readonly url?: string;
  readonly problems: readonly string[];
}

export interface ProbeNextRepositoryOptions {
  /** curl's --max-time. Default 10. */
  readonly timeoutSeconds?: number;
}

const INDEX: Readonly<Record<ConfiguredRepository['format'], string>> = { deb: 'InRelease', rpm: 'repodata/repomd.xml' };
const PKGS_SEGMENT = /^(.*\/core:\/(?:stable|prerelease):\/)v1\.\d+\/(.*)$/;
const SAFE_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const SAFE_PATH = /^[A-Za-z0-9._~:/%+-]*$/;
/** curl's exit codes for "the repository did not answer": proxy/host not resolved, no connection, HTTP >= 400 (-f), timeout, TLS, redirects, empty or broken replies. */
const UNREACHABLE_EXIT_CODES = new Set([5, 6, 7, 16, 22, 28, 35, 47, 52, 55, 56, 60, 97]);

/** The index file of the repository for `minor`, in the layout of the node's configured one. */
export function nextRepositoryIndexUrl(repository: ConfiguredRepository, minor: number): IndexUrlResult {
  if (!Number.isInteger(minor) || minor < 0 || minor > 999) return { ok: false, errors: [`invalid minor ${minor}: expected an integer minor line such as 31`] };
  const index = INDEX[repository.format];
  if (repository.era === 'legacy') {
    if (minor < FIRST_PKGS_MINOR) {
      return { ok: false, errors: [`the legacy Kubernetes package repository is frozen since ${LEGACY_FROZEN_ON} and pkgs.k8s.io starts at v1.${FIRST_PKGS_MINOR}: there is no official repository of v1.${minor} to probe`] };
    }
    return { ok: true, value: `https://pkgs.k8s.io/core:/stable:/v1.${minor}/${repository.format}/${index}` };
  }
  let url: URL;
  try {
    url = new URL(repository.url);
  } catch {
    return { ok: false, errors: [`invalid repository URL "${repository.url}": not a URL`] };
  }
  const path = PKGS_SEGMENT.exec(url.pathname);
  const problems = [
    ...(url.protocol === 'https:' || url.protocol === 'http:' ? [] : [`its scheme is ${url.protocol} (only http and https are probed)`]),
    ...(url.username || url.password ? ['it carries credentials'] : []),
    ...(url.search || url.hash ? ['it has a query or fragment'] : []),
    ...(SAFE_HOST.test(url.host) && SAFE_PATH.test(url.pathname) ? [] : ['it has characters kubehop does not pass to a command']),
    ...(path ? [] : ['it has no /core:/stable:/v1.N/ segment']),
  ];
  if (problems.length > 0 || !path) return { ok: false, errors: [`invalid repository URL "${repository.url}": ${problems.join(', ')}`] };
  const [, before = '', after = ''] = path;
  const rest = after === '' || after.endsWith('/') ? after : `${after}/`;
  return { ok: true, value: `${url.protocol}//${url.host}${before}v1.${minor}/${rest}${index}` };
}

/** Fetches the next minor's repository index from the node; the body goes nowhere. */
export async function probeNextRepository(shell: NodeShell, node: string, next: NextRepository, options: ProbeNextRepositoryOptions = {}): Promise<RepositoryProbe> {
  const built = nextRepositoryIndexUrl(next.repository, next.minor);
  if (!built.ok) return { problems: built.errors.map((e) => `failed to check that node ${node} reaches the package repository of v1.${next.minor}: ${e}`) };
  const url = built.value;
  const seconds = options.timeoutSeconds ?? 10;
  const result = await shell.run(node, ['curl', '-fsS', '-o', '/dev/null', '--max-time', String(seconds), url], { privileged: false, timeoutMs: seconds * 1000 + 5000, readOnly: true });
  if (result.exitCode === 0) return { reachable: true, url, problems: [] };
  if (!result.timedOut && result.exitCode !== null && UNREACHABLE_EXIT_CODES.has(result.exitCode)) return { reachable: false, url, problems: [] };
  if (result.exitCode === 127) return { url, problems: [`failed to probe ${url} from node ${node}: curl is not installed there; install it, or check by hand that the node reaches the repository`] };
  return { url, problems: [`failed to probe ${url} from node ${node}: ${failureReason(result, 'curl')}`] };
}
