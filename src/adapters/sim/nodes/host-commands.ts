import type { NodeOs } from '../../../core/cluster/index.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import { catRepositoryFile } from './repository-file.js';
import { freeDiskBytesOf } from './sim-host.js';

// What a node says about its machine, answered the way Linux does, so the readers written for
// live nodes (src/adapters/node-shell: read-node-facts, read-node-health, the repository probe) work on
// the simulator too: `cat` of /etc/os-release, /proc/swaps and the repository file, `df` of
// /var/lib, and `curl` of a repository URL.

const SWAPS_HEADER = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority';

/** /etc/os-release for the node's OS; parses back to the same family and package manager. */
export function osReleaseText(os: NodeOs): string {
  const number = /\d+(?:\.\d+)*/.exec(os.image)?.[0];
  const major = number === undefined ? undefined : Number.parseInt(number, 10);
  let id: string;
  let versionId: string | undefined = number;
  if (os.family === 'debian') {
    id = /ubuntu/i.test(os.image) ? 'ubuntu' : 'debian';
  } else {
    const known: Array<[RegExp, string]> = [[/rocky/i, 'rocky'], [/alma/i, 'almalinux'], [/centos/i, 'centos'], [/fedora/i, 'fedora'], [/amazon/i, 'amzn'], [/oracle/i, 'ol']];
    id = known.find(([pattern]) => pattern.test(os.image))?.[1] ?? 'rhel';
    // A VERSION_ID that agrees with the package manager: dnf from release 8 (Amazon Linux after 2), yum before.
    const dnf = os.packageManager === 'dnf';
    const fits = major !== undefined && (id === 'amzn' ? (major === 2) !== dnf : id === 'fedora' ? dnf : (major >= 8) === dnf);
    if (!fits) versionId = id === 'amzn' ? (dnf ? '2023' : '2') : dnf ? '9' : '7';
  }
  const like = os.family === 'debian' ? (id === 'debian' ? undefined : 'debian') : id === 'rhel' ? 'fedora' : '"rhel centos fedora"';
  return [
    `PRETTY_NAME="${os.image}"`,
    `NAME="${os.image.split(' ')[0] ?? id}"`,
    ...(versionId !== undefined ? [`VERSION_ID="${versionId}"`] : []),
    `ID=${id}`,
    ...(like !== undefined ? [`ID_LIKE=${like}`] : []),
  ].join('\n');
}

/** `cat FILE`: the OS release, the active swap areas and the Kubernetes repository file. */
export async function runCat(run: CommandRun): Promise<CommandOutcome> {
  const file = run.argv[1];
  if (file === '/etc/os-release') {
    run.print(osReleaseText(run.node.os));
    return run.exit(0);
  }
  if (file === '/proc/swaps') {
    run.print(SWAPS_HEADER);
    if (run.node.host.swapOn) run.print('/swap.img                               file\t\t4194300\t\t0\t\t-2');
    return run.exit(0);
  }
  const text = file === undefined ? undefined : run.node.host.texts.get(file);
  if (text !== undefined) {
    run.print(text.replace(/\n$/, ''));
    return run.exit(0);
  }
  return catRepositoryFile(run);
}

/** `df -B1 --output=avail PATH`: the free bytes of the filesystem (one for the whole node). */
export async function runDf(run: CommandRun): Promise<CommandOutcome> {
  const args = run.argv.slice(1);
  if (!args.includes('-B1') || !args.includes('--output=avail')) return run.fail('df: only "df -B1 --output=avail PATH" is simulated', 1);
  const path = args.find((a) => !a.startsWith('-'));
  if (path !== undefined && !run.node.dirs.has(path)) return run.fail(`df: ${path}: No such file or directory`, 1);
  const avail = String(freeDiskBytesOf(run.node.host));
  run.print('Avail'.padStart(avail.length));
  run.print(avail);
  return run.exit(0);
}

/** `curl -fsS -o /dev/null --max-time N URL`: whether the node reaches the URL (a repository index). */
export async function runCurl(run: CommandRun): Promise<CommandOutcome> {
  const url = run.argv.slice(1).find((a) => /^[a-z]+:\/\//i.test(a));
  if (url === undefined) return run.fail('curl: no URL specified!', 2);
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return run.fail('curl: (3) URL rejected: Malformed input to a URL function', 3);
  }
  if (!run.node.host.repositoryReachable) {
    await run.takes({ min: 0.02, max: 0.2 });
    return run.fail(`curl: (6) Could not resolve host: ${host}`, 6);
  }
  await run.takes({ min: 0.1, max: 0.5 });
  return run.exit(0);
}

/** `ls -1 DIR`: the files written under it. */
export async function runLs(run: CommandRun): Promise<CommandOutcome> {
  const dir = run.argv.slice(1).find((a) => !a.startsWith('-'))?.replace(/\/+$/, '');
  if (dir === undefined) return run.fail('ls: only "ls -1 DIR" is simulated', 2);
  const names = [...run.node.host.texts.keys()].filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/')).map((f) => f.slice(dir.length + 1)).sort();
  if (names.length === 0 && !run.node.dirs.has(dir)) return run.fail(`ls: cannot access '${dir}': No such file or directory`, 2);
  for (const name of names) run.print(name);
  return run.exit(0);
}

/** `uname -m`: the machine, which yum's $basearch follows (the simulated nodes are x86_64, as their packages). */
export async function runUname(run: CommandRun): Promise<CommandOutcome> {
  if (run.argv.slice(1).join(' ') !== '-m') return run.fail('uname: only "uname -m" is simulated', 1);
  run.print('x86_64');
  return run.exit(0);
}

/** `stat -fc %T /sys/fs/cgroup`: the cgroup hierarchy's file system type. */
export async function runStat(run: CommandRun): Promise<CommandOutcome> {
  const args = run.argv.slice(1);
  if (args.join(' ') !== '-fc %T /sys/fs/cgroup') return run.fail('stat: only "stat -fc %T /sys/fs/cgroup" is simulated', 1);
  run.print(run.node.host.cgroupVersion === 1 ? 'tmpfs' : 'cgroup2fs');
  return run.exit(0);
}
