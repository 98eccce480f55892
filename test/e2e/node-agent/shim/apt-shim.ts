import { compareVersions, formatBareVersion } from '../../../../src/core/version/index.js';
import { nodeIn, updateStates, type NodeState, type PackageName } from '../node-state.js';
import { debRevision, legacyVersionsOf, readAptSources, readRepository, versionOfPackage, type Repository } from './package-repository.js';
import type { ShimContext } from './shim-context.js';

// apt-get, apt-mark and dpkg-query for the Kubernetes packages, with apt's rules as the simulator
// keeps them: a version installs only from what `apt-get update` fetched from the node's
// repository (pkgs.k8s.io: its one minor; legacy: every version the cluster state lists, revision 00); versions are exact
// or glob patterns (`kubeadm=1.21.14-*`); a held package is not changed without
// --allow-change-held-packages; a downgrade needs --allow-downgrades.

const MANAGED: readonly PackageName[] = ['kubeadm', 'kubelet', 'kubectl'];
const OTHERS: readonly string[] = ['cri-tools', 'kubernetes-cni'];

interface Wanted {
  readonly name: string;
  /** The text after `=`, if any. */
  readonly versionText?: string;
}

function isManaged(name: string): name is PackageName {
  return (MANAGED as readonly string[]).includes(name);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The one version the fetched lists offer for `versionText`, or undefined when there is none. */
function candidate(repo: Repository, listsMinor: number | null, legacyVersions: readonly string[], versionText: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)-(.+)$/.exec(versionText);
  if (!m || repo.era === 'none') return undefined;
  const minor = Number(m[2]);
  if (repo.era === 'pkgs' && minor !== listsMinor) return undefined;
  if (repo.era === 'legacy' && !legacyVersions.includes(`${m[1]}.${m[2]}.${m[3]}`)) return undefined;
  const offered = `${m[1]}.${m[2]}.${m[3]}-${debRevision(repo.era)}`;
  return globToRegExp(versionText).test(offered) ? offered : undefined;
}

export function runAptGet(ctx: ShimContext): number {
  const [sub, ...args] = ctx.args;
  const repo = readRepository();
  if (sub === 'update') {
    // What the sources file names is what answers (the curl shim serves the same release files).
    // apt shows a flat ("/") source by its URL alone.
    readAptSources().forEach((source, i) => ctx.out(`Hit:${i + 1} ${source.url.replace(/\/$/, '')} ${source.suite === '/' ? '' : source.suite} InRelease`));
    updateStates(ctx.clusterDir, (tx) => {
      const node = nodeIn(tx.nodes, ctx.nodeName);
      node.aptListsMinor = repo.era === 'pkgs' ? repo.minor : null;
      tx.changed(node);
    });
    ctx.out('Reading package lists... Done');
    return 0;
  }
  if (sub !== 'install') {
    ctx.err(`E: Invalid operation ${sub ?? ''}`);
    return 100;
  }
  const yes = args.some((a) => a === '-y' || a === '--yes' || a === '--assume-yes' || a === '-qy');
  const allowHeld = args.includes('--allow-change-held-packages');
  const allowDowngrades = args.includes('--allow-downgrades');
  const wanted: Wanted[] = args.filter((a) => !a.startsWith('-')).map((spec) => {
    const i = spec.indexOf('=');
    return i < 0 ? { name: spec } : { name: spec.slice(0, i), versionText: spec.slice(i + 1) };
  });
  ctx.out('Reading package lists...');
  ctx.out('Building dependency tree...');
  const state = ctx.node();
  const changes: { name: PackageName; from?: string; to: string }[] = [];
  for (const w of wanted) {
    if (repo.era === 'none' || (!isManaged(w.name) && !OTHERS.includes(w.name))) {
      ctx.err(`E: Unable to locate package ${w.name}`);
      return 100;
    }
    const to = w.versionText === undefined ? undefined : candidate(repo, state.aptListsMinor, legacyVersionsOf(ctx), w.versionText);
    if (w.versionText !== undefined && to === undefined) {
      ctx.err(`E: Version '${w.versionText}' for '${w.name}' was not found`);
      return 100;
    }
    if (!isManaged(w.name)) continue;
    const from = state.packages[w.name]?.version;
    if (to === undefined || to === from) {
      if (from) ctx.out(`${w.name} is already the newest version (${from}).`);
      continue;
    }
    changes.push({ name: w.name, ...(from ? { from } : {}), to });
  }
  if (changes.length === 0) {
    ctx.out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
    return 0;
  }
  const held = changes.filter((c) => state.packages[c.name]?.held);
  if (held.length > 0 && !allowHeld) {
    ctx.out(`The following held packages will be changed:\n  ${held.map((c) => c.name).join(' ')}`);
    ctx.err('E: Held packages were changed and -y was used without --allow-change-held-packages.');
    return 100;
  }
  const downgraded = changes.filter((c) => c.from !== undefined && compareVersions(versionOfPackage(c.to), versionOfPackage(c.from)) < 0);
  if (downgraded.length > 0 && !allowDowngrades) {
    ctx.out(`The following packages will be DOWNGRADED:\n  ${downgraded.map((c) => c.name).join(' ')}`);
    ctx.err('E: Packages were downgraded and -y was used without --allow-downgrades.');
    return 100;
  }
  const upgraded = changes.filter((c) => c.from !== undefined && !downgraded.includes(c));
  if (upgraded.length > 0) ctx.out(`The following packages will be upgraded:\n  ${upgraded.map((c) => c.name).join(' ')}`);
  if (!yes) {
    ctx.out('Do you want to continue? [Y/n] Abort.');
    return 1;
  }
  updateStates(ctx.clusterDir, (tx) => {
    const node = nodeIn(tx.nodes, ctx.nodeName);
    for (const c of changes) node.packages[c.name] = { version: c.to, held: node.packages[c.name]?.held ?? false };
    tx.changed(node);
  });
  for (const c of changes) {
    ctx.out(c.from ? `Unpacking ${c.name} (${c.to}) over (${c.from}) ...` : `Unpacking ${c.name} (${c.to}) ...`);
    ctx.out(`Setting up ${c.name} (${c.to}) ...`);
  }
  return 0;
}

export function runAptMark(ctx: ShimContext): number {
  const [sub, ...names] = ctx.args;
  if (sub === 'showhold') {
    const state = ctx.node();
    for (const name of MANAGED) if (state.packages[name]?.held) ctx.out(name);
    return 0;
  }
  if (sub !== 'hold' && sub !== 'unhold') {
    ctx.err(`E: Invalid operation ${sub ?? ''}`);
    return 100;
  }
  const hold = sub === 'hold';
  let code = 0;
  updateStates(ctx.clusterDir, (tx) => {
    const node = nodeIn(tx.nodes, ctx.nodeName);
    for (const name of names) {
      const pkg = isManaged(name) ? node.packages[name] : undefined;
      if (!pkg) {
        ctx.err(`E: Can't select installed nor candidate version from package '${name}' as it has neither of them`);
        code = 100;
        continue;
      }
      if (pkg.held === hold) ctx.out(hold ? `${name} was already set on hold.` : `${name} was already not on hold.`);
      else ctx.out(hold ? `${name} set on hold.` : `Canceled hold on ${name}.`);
      pkg.held = hold;
    }
    tx.changed(node);
  });
  return code;
}

/** `dpkg-query -W [-f=FORMAT] PKG...`, with ${Package}, ${Version} and ${db:Status-Abbrev} in FORMAT. */
export function runDpkgQuery(ctx: ShimContext): number {
  const args = ctx.args;
  let format: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-f' || a === '--showformat') format = args[++i] ?? '';
    else if (a.startsWith('-f=') || a.startsWith('--showformat=')) format = a.slice(a.indexOf('=') + 1);
    else if (!a.startsWith('-')) names.push(a);
  }
  if (!args.includes('-W') && !args.includes('--show')) {
    ctx.err('dpkg-query: only -W (--show) is emulated');
    return 2;
  }
  const state = ctx.node();
  let code = 0;
  for (const name of names) {
    const pkg = isManaged(name) ? state.packages[name] : undefined;
    if (!pkg) {
      ctx.err(`dpkg-query: no packages found matching ${name}`);
      code = 1;
      continue;
    }
    if (format === undefined) {
      ctx.out(`${name}\t${pkg.version}`);
    } else {
      const text = format
        .replace(/\$\{Package\}/g, name)
        .replace(/\$\{Version\}/g, pkg.version)
        .replace(/\$\{db:Status-Abbrev\}/g, pkg.held ? 'hi ' : 'ii ')
        .replace(/\\n/g, '\n')
        .replace(/\\t/g, '\t');
      process.stdout.write(text);
    }
  }
  return code;
}

/** The bare version of a package as kubeadm and kubelet print it. */
export function packageVersionOf(state: NodeState, name: PackageName): string | undefined {
  const pkg = state.packages[name];
  return pkg ? `v${formatBareVersion(versionOfPackage(pkg.version))}` : undefined;
}
