import { FIRST_PKGS_MINOR, LEGACY_FROZEN_ON } from '../../core/version/index.js';
import type { NodeShell } from '../../ports/index.js';
import { failureReason } from './failure-reason.js';
import type { ConfiguredRepository } from './parse-repository-file.js';

// Whether a node reaches the package repository of the minor it installs next, asked from the
// node itself (its DNS, proxy and firewall) by fetching the repository's index with curl.
// pkgs.k8s.io has one repository per minor: the configured URL with its /v1.N/ segment replaced,
// which also fits a mirror that keeps the layout. The legacy Google repositories were frozen on
// 2023-09-13 and the plan moves such nodes to pkgs.k8s.io from v1.24 on, so that is what is probed
// for them then. Before v1.24 no official repository exists, so the node's own source is asked,
// where its installs will come from: a mirror that keeps the legacy packages answers, Google's
// (gone since 2024-03-04) does not. The URL is rebuilt from validated parts and an integer minor:
// text from the node's repository file never reaches the command unchecked.

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
  /**
   * Before v1.24 on the node's own legacy apt source: the kubeadm versions of the minor its
   * Packages index lists (e.g. ["v1.21.0"]). Absent: not told (no index read, or none answered).
   */
  readonly kubeadmVersions?: readonly string[];
  readonly problems: readonly string[];
}

export interface IndexUrlOptions {
  /** yum's $basearch on the node (uname -m), for a legacy baseurl that names it. */
  readonly arch?: string;
}

export interface ProbeNextRepositoryOptions {
  /** curl's --max-time. Default 10. */
  readonly timeoutSeconds?: number;
}

const INDEX: Readonly<Record<ConfiguredRepository['format'], string>> = { deb: 'InRelease', rpm: 'repodata/repomd.xml' };
const PKGS_SEGMENT = /^(.*\/core:\/(?:stable|prerelease):\/)v1\.\d+\/(.*)$/;
const SAFE_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const SAFE_PATH = /^[A-Za-z0-9._~:/%+-]*$/;
const SAFE_SUITE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SAFE_ARCH = /^[A-Za-z0-9_]+$/;
const YUM_ARCH_VARIABLE = /\$(?:basearch\b|\{basearch\})/;
/** curl's exit codes for "the repository did not answer": proxy/host not resolved, no connection, HTTP >= 400 (-f), timeout, TLS, redirects, empty or broken replies. */
const UNREACHABLE_EXIT_CODES = new Set([5, 6, 7, 16, 22, 28, 35, 47, 52, 55, 56, 60, 97]);

/** The index file of the repository for `minor`, in the layout of the node's configured one. */
export function nextRepositoryIndexUrl(repository: ConfiguredRepository, minor: number, options: IndexUrlOptions = {}): IndexUrlResult {
  if (!Number.isInteger(minor) || minor < 0 || minor > 999) return { ok: false, errors: [`invalid minor ${minor}: expected an integer minor line such as 31`] };
  const index = INDEX[repository.format];
  if (repository.era === 'legacy') {
    if (minor < FIRST_PKGS_MINOR) return ownSourceIndexUrl(repository, minor, options);
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

/**
 * The index of the node's own legacy source: apt's dists/SUITE/InRelease under the URL of its
 * source line, or the repodata of its yum baseurl (with $basearch as the node has it).
 */
function ownSourceIndexUrl(repository: ConfiguredRepository, minor: number, options: IndexUrlOptions): IndexUrlResult {
  const none = (why: string): IndexUrlResult => ({ ok: false, errors: [`pkgs.k8s.io starts at v1.${FIRST_PKGS_MINOR} and the legacy repository is frozen since ${LEGACY_FROZEN_ON}, so the node's own source "${repository.url}" is where v1.${minor} would come from, but ${why}`] });
  let text = repository.url;
  if (repository.format === 'rpm' && YUM_ARCH_VARIABLE.test(text)) {
    if (options.arch === undefined || !SAFE_ARCH.test(options.arch)) return none('its $basearch could not be read on the node');
    text = text.replaceAll(new RegExp(YUM_ARCH_VARIABLE.source, 'g'), options.arch);
  }
  if (text.includes('$')) return none('it names yum variables kubehop does not resolve');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return none('it is not a URL');
  }
  const safe = (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash && SAFE_HOST.test(url.host) && SAFE_PATH.test(url.pathname);
  if (!safe) return none('its URL is not one kubehop probes (http or https, no credentials, query or shell characters)');
  const base = `${url.protocol}//${url.host}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
  if (repository.format === 'rpm') return { ok: true, value: `${base}${INDEX.rpm}` };
  if (repository.suite === undefined) return none('its source line names no suite to find the index under');
  if (!SAFE_SUITE.test(repository.suite)) return none(`its suite "${repository.suite}" has characters kubehop does not pass to a command`);
  return { ok: true, value: `${base}dists/${repository.suite}/${INDEX.deb}` };
}

/** Debian's architecture name for a kernel's machine name (`uname -m`). */
const DEBIAN_ARCH: Readonly<Record<string, string>> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'armhf', ppc64le: 'ppc64el', s390x: 's390x', i686: 'i386' };

/** The upstream versions of kubeadm of `minor` in an apt Packages index ("Version: 1.21.0-00" -> v1.21.0), oldest first. */
export function kubeadmVersionsIn(packages: string, minor: number): string[] {
  const found = new Set<string>();
  for (const stanza of packages.split(/\r?\n\s*\r?\n/)) {
    if (!/^Package:\s*kubeadm\s*$/m.test(stanza)) continue;
    const version = /^Version:\s*(?:\d+:)?(\d+)\.(\d+)\.(\d+)-/m.exec(stanza);
    if (version && Number(version[1]) === 1 && Number(version[2]) === minor) found.add(`v1.${minor}.${Number(version[3])}`);
  }
  return [...found].sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
}

/**
 * The kubeadm versions of `minor` the node's own legacy apt source lists, from its Packages index
 * under the release files just reached (dists/SUITE/COMPONENT/binary-ARCH/Packages). Undefined
 * where it cannot tell: no index there, an unknown architecture, or an index naming no package.
 */
async function listKubeadmVersions(shell: NodeShell, node: string, releaseUrl: string, repository: ConfiguredRepository, minor: number, seconds: number): Promise<string[] | undefined> {
  const component = repository.components?.[0] ?? 'main';
  const machine = await readArch(shell, node);
  const arch = machine === undefined ? undefined : DEBIAN_ARCH[machine];
  if (arch === undefined || !SAFE_SUITE.test(component)) return undefined;
  const url = releaseUrl.replace(/[^/]+$/, `${component}/binary-${arch}/Packages`);
  const result = await shell.run(node, ['curl', '-fsS', '--max-time', String(seconds), url], { privileged: false, timeoutMs: seconds * 1000 + 5000, readOnly: true });
  if (result.exitCode !== 0 || !/^Package:/m.test(result.stdout)) return undefined;
  return kubeadmVersionsIn(result.stdout, minor);
}

/** `uname -m` on the node, for yum's $basearch; undefined when it did not answer plainly. */
async function readArch(shell: NodeShell, node: string): Promise<string | undefined> {
  const result = await shell.run(node, ['uname', '-m'], { privileged: false, timeoutMs: 15_000, readOnly: true });
  const arch = result.stdout.trim();
  return result.exitCode === 0 && SAFE_ARCH.test(arch) ? arch : undefined;
}

/**
 * Fetches the next minor's repository index from the node; the body goes nowhere. An apt source
 * without InRelease is asked for Release, as apt itself does.
 */
export async function probeNextRepository(shell: NodeShell, node: string, next: NextRepository, options: ProbeNextRepositoryOptions = {}): Promise<RepositoryProbe> {
  const ownYumSource = next.repository.era === 'legacy' && next.repository.format === 'rpm' && next.minor < FIRST_PKGS_MINOR && YUM_ARCH_VARIABLE.test(next.repository.url);
  const arch = ownYumSource ? await readArch(shell, node) : undefined;
  const built = nextRepositoryIndexUrl(next.repository, next.minor, arch !== undefined ? { arch } : {});
  if (!built.ok) return { problems: built.errors.map((e) => `failed to check that node ${node} reaches the package repository of v1.${next.minor}: ${e}`) };
  const url = built.value;
  const seconds = options.timeoutSeconds ?? 10;
  const fetch = (target: string) => shell.run(node, ['curl', '-fsS', '-o', '/dev/null', '--max-time', String(seconds), target], { privileged: false, timeoutMs: seconds * 1000 + 5000, readOnly: true });
  let result = await fetch(url);
  // curl -f exits 22 on an HTTP error: a source may serve only the older Release (signed apart).
  const release = url.replace(/\/InRelease$/, '/Release');
  let answered: string | undefined = result.exitCode === 0 ? url : undefined;
  if (result.exitCode === 22 && release !== url) {
    result = await fetch(release);
    if (result.exitCode === 0) answered = release;
  }
  if (answered !== undefined) {
    // Before v1.24 the source is the node's own legacy one, which may lack the minor: its index says.
    const own = next.repository.era === 'legacy' && next.repository.format === 'deb' && next.minor < FIRST_PKGS_MINOR;
    const kubeadmVersions = own ? await listKubeadmVersions(shell, node, answered, next.repository, next.minor, seconds) : undefined;
    return { reachable: true, url: answered, ...(kubeadmVersions !== undefined && { kubeadmVersions }), problems: [] };
  }
  if (!result.timedOut && result.exitCode !== null && UNREACHABLE_EXIT_CODES.has(result.exitCode)) return { reachable: false, url, problems: [] };
  if (result.exitCode === 127) return { url, problems: [`failed to probe ${url} from node ${node}: curl is not installed there; install it, or check by hand that the node reaches the repository`] };
  return { url, problems: [`failed to probe ${url} from node ${node}: ${failureReason(result, 'curl')}`] };
}
