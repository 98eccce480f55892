import { FIRST_PKGS_MINOR } from '../../../../src/core/version/index.js';
import { legacyVersionsOf, packagesFilesOf, packagesIndexOf, readAptSources, readRepository, releaseFilesOf } from './package-repository.js';
import type { ShimContext } from './shim-context.js';

// curl as kubehop's repository probe runs it (`curl -fsS -o /dev/null --max-time S URL`, and
// `curl -fsS --max-time S URL` for a legacy source's Packages index, printed). The
// emulated nodes have no internet: pkgs.k8s.io answers from here (a repository index of v1.24 on
// is there, anything else is a 404), and so does the source the node's own apt sources file
// names (the legacy apt.kubernetes.io or a mirror of it): its release files (dists/SUITE/InRelease
// and Release) are there, as apt-get update fetches them, and for the legacy one the Packages index
// of what apt installs from it; anything else on its host is a 404.
// Every other host is unknown. A node whose state lists a host in `unreachableHosts` cannot
// resolve it, as behind a broken DNS or proxy.

const INDEX_PATH = /^\/core:\/(?:stable|prerelease):\/v1\.(\d+)\/(?:deb\/InRelease|rpm\/repodata\/repomd\.xml)$/;

export function runCurl(ctx: ShimContext): number {
  const printed = ctx.args.length === 4;
  const [fail, o, out, maxTime, seconds, url, ...extra] = printed ? [ctx.args[0], '-o', '-', ...ctx.args.slice(1)] : ctx.args;
  if (fail !== '-fsS' || o !== '-o' || (out !== '/dev/null' && !printed) || maxTime !== '--max-time' || !/^\d+$/.test(seconds ?? '') || url === undefined || extra.length > 0) {
    ctx.err(`curl: only "curl -fsS [-o /dev/null] --max-time SECONDS URL" is emulated on this node, not: curl ${ctx.args.join(' ')}`);
    return 2;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    ctx.err(`curl: (3) URL rejected: Malformed input to a URL function`);
    return 3;
  }
  const unreachable = ctx.node().unreachableHosts ?? [];
  const sources = readAptSources();
  const ownHosts = sources.map((s) => new URL(s.url).hostname);
  if ((parsed.hostname !== 'pkgs.k8s.io' && !ownHosts.includes(parsed.hostname)) || unreachable.includes(parsed.hostname)) {
    ctx.err(`curl: (6) Could not resolve host: ${parsed.hostname}`);
    return 6;
  }
  if (sources.some((s) => releaseFilesOf(s).includes(parsed.href))) return 0;
  if (readRepository().era === 'legacy' && sources.some((s) => packagesFilesOf(s).includes(parsed.href))) {
    if (printed) ctx.out(packagesIndexOf(legacyVersionsOf(ctx)));
    return 0;
  }
  const index = INDEX_PATH.exec(parsed.pathname);
  if (parsed.hostname !== 'pkgs.k8s.io' || parsed.protocol !== 'https:' || !index || Number(index[1]) < FIRST_PKGS_MINOR) {
    ctx.err('curl: (22) The requested URL returned error: 404');
    return 22;
  }
  return 0;
}
