import { TIMING_MODEL } from '../../../core/timing/index.js';
import { formatBareVersion, type KubeVersion } from '../../../core/version/index.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import { aptDiskFailure, aptDownloadUnreachable, aptUpdateUnreachable, rpmDiskFailure, rpmMetadataUnreachable } from './package-failures.js';
import { aptBaseUrl } from './repository-file.js';
import { OTHER_PACKAGES } from './sim-host.js';
import type { SimNode, SimPackage } from '../state/sim-model.js';

// apt-get, apt-mark, yum/dnf and the package queries, for the Kubernetes packages. pkgs.k8s.io
// serves one minor per repository, so a version installs only from a repository (and, for apt,
// package lists fetched by `apt-get update`) at its minor; the legacy era stands for the
// operator's own mirror and has every version. apt refuses to change a held package; yum/dnf
// see the packages the repository file excludes only with --disableexcludes=kubernetes. A node
// that cannot reach the repository or lacks disk fails as package-failures.ts describes.

type PackageName = 'kubeadm' | 'kubelet' | 'kubectl';
const MANAGED: readonly string[] = ['kubeadm', 'kubelet', 'kubectl'];
const OTHERS: readonly string[] = ['cri-tools', 'kubernetes-cni'];

function packageOf(node: SimNode, name: PackageName): SimPackage | undefined {
  return node.packages[name];
}

/** The full package version as the repository of the node's era names it. */
export function packageVersionText(node: SimNode, version: KubeVersion): string {
  const deb = node.os.packageManager === 'apt';
  const revision = node.repository.era === 'pkgs' ? (deb ? '1.1' : '150500.1.1') : deb ? '00' : '0';
  return `${formatBareVersion(version)}-${revision}`;
}

interface Wanted {
  readonly name: string;
  readonly spec: string;
  readonly version: KubeVersion | undefined;
  readonly revision: string | undefined;
}

function parseVersionText(text: string): { version: KubeVersion; revision: string | undefined } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(text);
  if (!m) return undefined;
  return { version: { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }, revision: m[4] };
}

/** Whether the node's configured repository (apt: its fetched lists) offers this version. */
function available(node: SimNode, wanted: Wanted, listsMinor: number | undefined): boolean {
  if (!wanted.version) return true;
  const legacy = node.repository.era === 'legacy';
  if (wanted.revision !== undefined && wanted.revision !== '*') {
    if (legacy !== /^0+$/.test(wanted.revision)) return false;
  }
  return legacy || wanted.version.minor === listsMinor;
}

function install(run: CommandRun, wanted: readonly Wanted[]): string[] {
  const lines: string[] = [];
  const node = run.node;
  run.ctx.state.batch(() => {
    for (const w of wanted) {
      if (!MANAGED.includes(w.name) || !w.version) continue;
      const current = packageOf(node, w.name as PackageName);
      const version = w.version;
      if (current) current.version = version;
      else {
        node.packages.kubectl = { version, held: node.host.otherHolds.has('kubectl') };
        node.host.otherHolds.delete('kubectl');
      }
      lines.push(`Setting up ${w.name} (${packageVersionText(node, version)}) ...`);
    }
    run.ctx.state.touchNode(node, 'packages');
    run.ctx.log.add('packages-installed', node.name, wanted.map((w) => w.spec).join(' '));
  });
  return lines;
}

function changes(node: SimNode, wanted: readonly Wanted[]): Wanted[] {
  return wanted.filter((w) => {
    if (!MANAGED.includes(w.name) || !w.version) return false;
    const current = packageOf(node, w.name as PackageName);
    return !current || formatBareVersion(current.version) !== formatBareVersion(w.version);
  });
}

export async function runAptGet(run: CommandRun): Promise<CommandOutcome> {
  const [, sub, ...args] = run.argv;
  if (sub !== 'update' && sub !== 'install') return run.fail(`E: Invalid operation ${sub ?? ''}`, 100);
  const denied = run.needsRoot();
  if (denied) return denied;
  const node = run.node;
  if (sub === 'update') {
    if (!node.host.repositoryReachable) return aptUpdateUnreachable(run);
    await run.takes(TIMING_MODEL.packageIndexUpdate);
    node.aptListsMinor = node.repository.era === 'pkgs' ? node.repository.minor : undefined;
    run.print(node.repository.era === 'pkgs' ? `Hit:1 ${aptBaseUrl(node)}  InRelease` : `Hit:1 ${aptBaseUrl(node)} kubernetes-xenial InRelease`);
    run.print('Reading package lists...');
    return run.exit(0);
  }
  const yes = args.some((a) => a === '-y' || a === '--yes' || a === '--assume-yes');
  const allowHeld = args.includes('--allow-change-held-packages');
  const wanted: Wanted[] = [];
  for (const spec of args.filter((a) => !a.startsWith('-'))) {
    const [name = '', versionText] = spec.split('=');
    const parsed = versionText === undefined ? undefined : parseVersionText(versionText);
    if (versionText !== undefined && !parsed) return run.fail(`E: Version '${versionText}' for '${name}' was not found`, 100);
    wanted.push({ name, spec, version: parsed?.version, revision: parsed?.revision });
  }
  run.print('Reading package lists...');
  for (const w of wanted) {
    if (!MANAGED.includes(w.name) && !OTHERS.includes(w.name)) return run.fail(`E: Unable to locate package ${w.name}`, 100);
    if (!available(node, w, node.aptListsMinor)) {
      const versionText = w.spec.slice(w.name.length + 1);
      return run.fail(`E: Version '${versionText}' for '${w.name}' was not found`, 100);
    }
  }
  const changing = changes(node, wanted);
  if (changing.length === 0) {
    for (const w of wanted) run.print(`${w.name} is already the newest version.`);
    return run.exit(0);
  }
  const held = changing.filter((w) => packageOf(node, w.name as PackageName)?.held);
  if (held.length > 0 && !allowHeld) {
    run.print(`The following held packages will be changed:\n  ${held.map((w) => w.name).join(' ')}`);
    return run.fail('E: Held packages were changed and -y was used without --allow-change-held-packages.', 100);
  }
  const full = aptDiskFailure(run, changing.map((w) => w.name));
  if (full) return full;
  if (!yes) {
    run.print('Do you want to continue? [Y/n] Abort.');
    return run.exit(1);
  }
  if (!node.host.repositoryReachable) {
    return aptDownloadUnreachable(run, changing.map((w) => ({ name: w.name, versionText: packageVersionText(node, w.version as KubeVersion) })));
  }
  await run.takes(TIMING_MODEL.packageInstall);
  for (const line of install(run, changing)) run.print(line);
  return run.exit(0);
}

export async function runAptMark(run: CommandRun): Promise<CommandOutcome> {
  const [, sub, ...names] = run.argv;
  const node = run.node;
  if (sub === 'showhold') {
    const held = [...MANAGED.filter((name) => packageOf(node, name as PackageName)?.held), ...node.host.otherHolds];
    for (const name of held.sort()) run.print(name);
    return run.exit(0);
  }
  if (sub !== 'hold' && sub !== 'unhold') return run.fail(`E: Invalid operation ${sub ?? ''}`, 100);
  const denied = run.needsRoot();
  if (denied) return denied;
  await run.takes(TIMING_MODEL.packageHold);
  const hold = sub === 'hold';
  for (const name of names) {
    const pkg = MANAGED.includes(name) ? packageOf(node, name as PackageName) : undefined;
    if (!pkg && !MANAGED.includes(name) && !OTHER_PACKAGES.includes(name)) {
      run.printError(`E: Unable to locate package ${name}`);
      continue;
    }
    const was = pkg ? pkg.held : node.host.otherHolds.has(name);
    if (was === hold) run.print(hold ? `${name} was already set on hold.` : `${name} was already not on hold.`);
    else run.print(hold ? `${name} set on hold.` : `Canceled hold on ${name}.`);
    if (pkg) pkg.held = hold;
    else if (hold) node.host.otherHolds.add(name);
    else node.host.otherHolds.delete(name);
  }
  return run.exit(0);
}

/** yum or dnf install; RHEL 8+ (dnf) also answers to yum, RHEL 7 (yum) has no dnf. */
export async function runYum(run: CommandRun): Promise<CommandOutcome> {
  const tool = run.argv[0] ?? 'yum';
  const [, sub, ...args] = run.argv;
  if (sub !== 'install') return run.fail(`No such command: ${sub ?? ''}. Please use /usr/bin/${tool} --help`, 1);
  const denied = run.needsRoot();
  if (denied) return denied;
  const node = run.node;
  const yes = args.some((a) => a === '-y' || a === '--assumeyes');
  const disableExcludes = args.some((a, i) => a === '--disableexcludes=kubernetes' || a === '--disableexcludes=all' || (a === '--disableexcludes' && ['kubernetes', 'all'].includes(args[i + 1] ?? '')));
  const specs = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--disableexcludes');
  if (!node.host.repositoryReachable) return rpmMetadataUnreachable(run);
  await run.takes(TIMING_MODEL.rpmMetadata);
  const wanted: Wanted[] = [];
  for (const spec of specs) {
    const m = /^(kubeadm|kubelet|kubectl|cri-tools|kubernetes-cni)(?:-(\d.*))?$/.exec(spec);
    const parsed = m?.[2] === undefined ? undefined : parseVersionText(m[2]);
    const w: Wanted = { name: m?.[1] ?? spec, spec, version: parsed?.version, revision: parsed?.revision };
    const excluded = !disableExcludes && node.host.yumExcludes.includes(w.name);
    if (!m || (m[2] !== undefined && !parsed) || excluded || !available(node, w, node.repository.minor)) {
      return tool === 'dnf' || node.os.packageManager === 'dnf'
        ? run.fail(`Error: Unable to find a match: ${spec}`, 1)
        : run.fail(`No package ${spec} available.\nError: Nothing to do`, 1);
    }
    wanted.push(w);
  }
  const changing = changes(node, wanted);
  if (changing.length === 0) {
    run.print('Nothing to do.');
    return run.exit(0);
  }
  if (!yes) {
    run.print('Is this ok [y/N]: Operation aborted.');
    return run.exit(1);
  }
  const first = changing[0] as Wanted;
  const full = rpmDiskFailure(run, `${first.name}-${packageVersionText(node, first.version as KubeVersion)}`);
  if (full) return full;
  await run.takes(TIMING_MODEL.rpmInstall);
  install(run, changing);
  run.print(`Installed:\n  ${changing.map((w) => `${w.name}-${packageVersionText(node, w.version as KubeVersion)}`).join('  ')}\n\nComplete!`);
  return run.exit(0);
}

/** `dpkg-query -W [-f=${Version}] PKG...` and `rpm -q PKG...`. */
export async function runPackageQuery(run: CommandRun): Promise<CommandOutcome> {
  const node = run.node;
  const dpkg = run.argv[0] === 'dpkg-query';
  const args = run.argv.slice(1);
  const versionOnly = args.some((a) => a.startsWith('-f=') || a.startsWith('--showformat=') || a === '-f' || a === '--qf' || a.startsWith('--queryformat'));
  const names = args.filter((a, i) => !a.startsWith('-') && !['-f', '--qf', '--queryformat'].includes(args[i - 1] ?? ''));
  let code = 0;
  for (const name of names) {
    const pkg = MANAGED.includes(name) ? packageOf(node, name as PackageName) : undefined;
    if (!pkg) {
      run.printError(dpkg ? `dpkg-query: no packages found matching ${name}` : `package ${name} is not installed`);
      code = 1;
      continue;
    }
    const text = packageVersionText(node, pkg.version);
    run.print(versionOnly ? text : dpkg ? `${name}\t${text}` : `${name}-${text}.x86_64`);
  }
  return run.exit(code);
}
