import type { CommandOutcome, CommandRun } from './command-run.js';

// The little of a node's file system the plans touch: `mkdir -p` and `mv` for the etcd backup,
// `test` for a step's doneIf check. Files come from the commands that write them (etcdctl).

const BASE = ['/', '/etc', '/etc/kubernetes', '/etc/kubernetes/manifests', '/etc/kubernetes/pki', '/tmp', '/var', '/var/lib', '/var/lib/etcd', '/var/lib/kubelet', '/root', '/home'];

export function baseDirectories(): Set<string> {
  return new Set(BASE);
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export async function runMkdir(run: CommandRun): Promise<CommandOutcome> {
  const args = run.argv.slice(1);
  const parents = args.includes('-p') || args.includes('--parents');
  const { dirs, files } = run.node;
  for (const raw of args.filter((a) => !a.startsWith('-'))) {
    const path = raw.replace(/\/+$/, '') || '/';
    if (files.has(path)) return run.fail(`mkdir: cannot create directory '${raw}': File exists`, 1);
    if (dirs.has(path)) {
      if (parents) continue;
      return run.fail(`mkdir: cannot create directory '${raw}': File exists`, 1);
    }
    if (!parents && !dirs.has(parentOf(path))) return run.fail(`mkdir: cannot create directory '${raw}': No such file or directory`, 1);
    if (path.startsWith('/var') || path.startsWith('/etc')) {
      const denied = run.needsRoot();
      if (denied) return denied;
    }
    for (let p = path; p !== '/' && !dirs.has(p); p = parentOf(p)) dirs.add(p);
  }
  return run.exit(0);
}

/** `test -e|-f|-s|-d PATH` (and `[ ... ]` without the brackets). */
export async function runTest(run: CommandRun): Promise<CommandOutcome> {
  const [, flag, path] = run.argv;
  if (flag === undefined || path === undefined) return run.exit(1);
  const { dirs, files } = run.node;
  const size = files.get(path);
  const holds =
    flag === '-e' ? size !== undefined || dirs.has(path) : flag === '-f' ? size !== undefined : flag === '-s' ? (size ?? 0) > 0 : flag === '-d' ? dirs.has(path) : false;
  return run.exit(holds ? 0 : 1);
}

/** `mv [-f] SOURCE DEST` of one file. */
export async function runMv(run: CommandRun): Promise<CommandOutcome> {
  const [source, dest] = run.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (source === undefined || dest === undefined) return run.fail('mv: missing file operand', 1);
  const { dirs, files } = run.node;
  const size = files.get(source);
  if (size === undefined) return run.fail(`mv: cannot stat '${source}': No such file or directory`, 1);
  if ([source, dest].some((p) => p.startsWith('/var') || p.startsWith('/etc'))) {
    const denied = run.needsRoot();
    if (denied) return denied;
  }
  const target = dirs.has(dest) ? `${dest}/${source.slice(source.lastIndexOf('/') + 1)}` : dest;
  if (!dirs.has(parentOf(target))) return run.fail(`mv: cannot move '${source}' to '${dest}': No such file or directory`, 1);
  files.delete(source);
  files.set(target, size);
  return run.exit(0);
}
