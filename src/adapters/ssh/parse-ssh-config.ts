// A reader of the user's ~/.ssh/config for what kubehop needs: which lines apply to a host, in
// order. Pure: `Include` lines are returned as lines and expanded by readSshConfig, which does I/O.

/** A condition a line sits under: a `Host` line, a `Match` line, or none (the top of a file). */
export type SshConfigCondition =
  | { readonly kind: 'host'; readonly patterns: readonly string[] }
  /** `Match` with only `all`, `host`, `originalhost` and `user` criteria; all must hold. */
  | { readonly kind: 'match'; readonly host?: readonly string[]; readonly originalHost?: readonly string[]; readonly user?: readonly string[] }
  /** A `Match` criterion kubehop cannot evaluate (exec, localuser, canonical, ...): its block never applies. */
  | { readonly kind: 'never'; readonly reason: string };

export interface SshConfigLine {
  /** Every condition must hold: one per nesting level (an Include inside a Host block adds its own). */
  readonly conditions: readonly SshConfigCondition[];
  /** Lowercase, as OpenSSH compares keywords. */
  readonly keyword: string;
  readonly args: readonly string[];
  readonly file: string;
  readonly line: number;
}

export interface ParsedSshConfig {
  readonly lines: readonly SshConfigLine[];
  /** "FILE:LINE: what is wrong", for lines skipped. */
  readonly warnings: readonly string[];
}

/** Splits a line's arguments on whitespace, honouring "double" and 'single' quotes. */
export function splitSshConfigArgs(text: string): string[] | undefined {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) args.push(current);
  return args;
}

function parseMatch(args: readonly string[]): SshConfigCondition {
  if (args.length === 1 && args[0]?.toLowerCase() === 'all') return { kind: 'match' };
  const criteria: { host?: string[]; originalHost?: string[]; user?: string[] } = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = (args[i] ?? '').toLowerCase();
    const value = args[i + 1];
    if (value === undefined) return { kind: 'never', reason: `Match ${name} without a value` };
    const patterns = value.split(',');
    if (name === 'host') criteria.host = patterns;
    else if (name === 'originalhost') criteria.originalHost = patterns;
    else if (name === 'user') criteria.user = patterns;
    else return { kind: 'never', reason: `Match ${name} is not supported` };
  }
  return { kind: 'match', ...criteria };
}

/** Parses ssh_config text; `outer` are the conditions of the Include line that pulled it in. */
export function parseSshConfig(text: string, file: string, outer: readonly SshConfigCondition[] = []): ParsedSshConfig {
  const lines: SshConfigLine[] = [];
  const warnings: string[] = [];
  let block: SshConfigCondition | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(trimmed);
    if (!m) {
      warnings.push(`${file}:${line}: not a "Keyword value" line`);
      return;
    }
    const keyword = (m[1] ?? '').toLowerCase();
    const args = splitSshConfigArgs(m[2] ?? '');
    if (!args) {
      warnings.push(`${file}:${line}: unbalanced quote`);
      return;
    }
    if (keyword === 'host') {
      block = { kind: 'host', patterns: args };
      return;
    }
    if (keyword === 'match') {
      block = parseMatch(args);
      if (block.kind === 'never') warnings.push(`${file}:${line}: ${block.reason}; kubehop ignores this block`);
      return;
    }
    if (args.length === 0) {
      warnings.push(`${file}:${line}: ${m[1] ?? keyword} without a value`);
      return;
    }
    lines.push({ conditions: block ? [...outer, block] : outer, keyword, args, file, line });
  });
  return { lines, warnings };
}
