import { ConfigError } from '../core/errors.js';
import type { OptionSpec } from './parse-command-line.js';

// Shell completion scripts, written from the same option definitions the parser uses: commands,
// then each command's options. Words are kubehop's own names ([a-z-]), so they need no quoting.

function flags(spec: OptionSpec): string[] {
  return [...Object.keys(spec).map((name) => `--${name}`), '--help'].sort();
}

function bash(commands: Readonly<Record<string, OptionSpec>>): string {
  const cases = Object.entries(commands).map(([name, spec]) => `    ${name}) opts="${flags(spec).join(' ')}" ;;`);
  return `# kubehop completion for bash: source <(kubehop completion bash)
_kubehop() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="\${COMP_WORDS[1]}" opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${Object.keys(commands).join(' ')} help --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
${cases.join('\n')}
    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -F _kubehop kubehop kubectl-hop
`;
}

function zsh(commands: Readonly<Record<string, OptionSpec>>): string {
  const cases = Object.entries(commands).map(([name, spec]) => `    ${name}) _arguments '*:file:_files' ${flags(spec).map((f) => `'${f}'`).join(' ')} ;;`);
  return `#compdef kubehop kubectl-hop
# kubehop completion for zsh: source <(kubehop completion zsh)
_kubehop() {
  if (( CURRENT == 2 )); then
    compadd -- ${Object.keys(commands).join(' ')} help --help --version
    return
  fi
  case "$words[2]" in
${cases.join('\n')}
  esac
}
compdef _kubehop kubehop kubectl-hop
`;
}

export function renderCompletion(shell: string | undefined, commands: Readonly<Record<string, OptionSpec>>): string {
  if (shell === 'bash') return bash(commands);
  if (shell === 'zsh') return zsh(commands);
  throw new ConfigError(`${shell === undefined ? 'no shell given' : `unknown shell "${shell}"`}: use "kubehop completion bash" or "kubehop completion zsh" (then source its output)`);
}
