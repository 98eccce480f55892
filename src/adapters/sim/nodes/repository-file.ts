import { TIMING_MODEL } from '../../../core/timing/index.js';
import type { PackageRepository } from '../../../core/cluster/index.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import type { SimNode } from '../state/sim-model.js';

// The Kubernetes package repository file on a node, as text, so that the plan's `sed` edit is
// applied for real (a substitution over the file) and the repository is read back from the result.

export const APT_SOURCES = '/etc/apt/sources.list.d/kubernetes.list';
export const YUM_REPO = '/etc/yum.repos.d/kubernetes.repo';

export function repositoryFileOf(node: SimNode): string {
  return node.os.packageManager === 'apt' ? APT_SOURCES : YUM_REPO;
}

export function repositoryText(node: SimNode): string {
  const { era } = node.repository;
  if (node.os.packageManager === 'apt') {
    return era === 'pkgs'
      ? `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] ${aptBaseUrl(node)}/ /\n`
      : `deb ${aptBaseUrl(node)}/ kubernetes-xenial main\n`;
  }
  const excludes = node.host.yumExcludes;
  return ['[kubernetes]', 'name=Kubernetes', `baseurl=${yumBaseUrl(node)}`, 'enabled=1', 'gpgcheck=1', ...(excludes.length > 0 ? [`exclude=${excludes.join(' ')}`] : []), ''].join('\n');
}

/** The apt repository's URL, without the trailing slash: pkgs.k8s.io for the node's minor, or the legacy apt.kubernetes.io. */
export function aptBaseUrl(node: SimNode): string {
  return node.repository.era === 'pkgs' ? `https://pkgs.k8s.io/core:/stable:/v1.${node.repository.minor}/deb` : 'https://apt.kubernetes.io';
}

/** The yum/dnf repository's baseurl. */
export function yumBaseUrl(node: SimNode): string {
  const { era, minor } = node.repository;
  return era === 'pkgs' ? `https://pkgs.k8s.io/core:/stable:/v1.${minor}/rpm/` : 'https://packages.cloud.google.com/yum/repos/kubernetes-el7-$basearch';
}

export function repositoryFromText(text: string, before: PackageRepository): PackageRepository {
  const m = /core:\/stable:\/v1\.(\d+)\//.exec(text);
  if (m) return { era: 'pkgs', minor: Number(m[1]) };
  return before.era === 'legacy' ? before : { era: 'legacy' };
}

/** An `s<d>pattern<d>replacement<d>flags` expression as a JavaScript regular expression and replacement. */
function parseSubstitution(expression: string, extended: boolean): { regex: RegExp; replacement: string } | undefined {
  if (!expression.startsWith('s') || expression.length < 4) return undefined;
  const delimiter = expression[1] as string;
  const parts: string[] = [''];
  for (let i = 2; i < expression.length; i++) {
    const c = expression[i] as string;
    if (c === '\\' && expression[i + 1] === delimiter) {
      parts[parts.length - 1] += delimiter;
      i++;
    } else if (c === delimiter) parts.push('');
    else parts[parts.length - 1] += c;
  }
  if (parts.length !== 3) return undefined;
  const [pattern = '', replacement = '', flags = ''] = parts;
  // Basic regular expressions group with \( \) and repeat with \{ \}; extended ones like JavaScript.
  const source = extended ? pattern : pattern.replace(/\\([(){}+?|])|([(){}+?|])/g, (_, escaped: string | undefined, plain: string | undefined) => (escaped ?? `\\${plain ?? ''}`));
  try {
    return { regex: new RegExp(source, flags.includes('g') ? 'g' : ''), replacement: replacement.replace(/\\(\d)/g, '$$$1').replace(/&/g, '$$&') };
  } catch {
    return undefined;
  }
}

/** `sed [-E] -i EXPRESSION FILE` on the repository file or a configuration file. */
export async function runSed(run: CommandRun): Promise<CommandOutcome> {
  const args = run.argv.slice(1);
  const extended = args.includes('-E') || args.includes('-r');
  const inPlace = args.includes('-i');
  const rest = args.filter((a) => !['-E', '-r', '-i'].includes(a));
  const [expression, file] = rest;
  if (expression === undefined || file === undefined) return run.fail('sed: usage: sed [-E] -i EXPRESSION FILE', 1);
  const substitution = parseSubstitution(expression, extended);
  if (!substitution) return run.fail(`sed: -e expression #1, char ${expression.length}: unknown command`, 1);
  const other = run.node.host.texts.get(file);
  if (other !== undefined) {
    // A configuration file (node-config-files.ts): the substitution applies line by line, as sed's does.
    if (inPlace) {
      const denied = run.needsRoot();
      if (denied) return denied;
    }
    const edited = other.split('\n').map((line) => line.replace(substitution.regex, substitution.replacement)).join('\n');
    if (inPlace) run.node.host.texts.set(file, edited);
    else run.print(edited.trimEnd());
    return run.exit(0);
  }
  if (file !== repositoryFileOf(run.node)) return run.fail(`sed: can't read ${file}: No such file or directory`, 2);
  if (inPlace) {
    const denied = run.needsRoot();
    if (denied) return denied;
  }
  await run.takes(TIMING_MODEL.fileEdit);
  // sed works line by line: ^ and $ anchor at each line.
  const text = repositoryText(run.node).split('\n').map((line) => line.replace(substitution.regex, substitution.replacement)).join('\n');
  if (!inPlace) {
    run.print(text.trimEnd());
    return run.exit(0);
  }
  const repository = repositoryFromText(text, run.node.repository);
  if (repository.era !== run.node.repository.era || repository.minor !== run.node.repository.minor) {
    run.ctx.state.batch(() => {
      run.node.repository = repository;
      run.ctx.state.touchNode(run.node, 'packages');
      run.ctx.log.add('repository-switched', run.node.name, repository.minor === undefined ? repository.era : `v1.${repository.minor}`);
    });
  }
  return run.exit(0);
}

/** `cat FILE` for the repository file. */
export async function catRepositoryFile(run: CommandRun): Promise<CommandOutcome> {
  const file = run.argv[1];
  if (file !== repositoryFileOf(run.node)) return run.fail(`cat: ${file ?? ''}: No such file or directory`, 1);
  run.print(repositoryText(run.node).trimEnd());
  return run.exit(0);
}
