import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { matchGlob } from './match-host-pattern.js';
import { parseSshConfig, type ParsedSshConfig, type SshConfigLine } from './parse-ssh-config.js';
import { expandSshPath } from './resolve-ssh-config.js';

// Reads ~/.ssh/config (or another file) with its Include lines expanded in place. A missing file is
// an empty config, as it is for ssh. Include globs are honoured in the file name part only.

const MAX_DEPTH = 16;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function includedFiles(pattern: string, homeDir: string): string[] {
  const expanded = expandSshPath(pattern, {}, homeDir);
  const full = isAbsolute(expanded) ? expanded : join(homeDir, '.ssh', expanded);
  const name = basename(full);
  if (!/[*?]/.test(name)) return [full];
  try {
    return readdirSync(dirname(full))
      .filter((entry) => matchGlob(entry, name))
      .sort()
      .map((entry) => join(dirname(full), entry));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

export function readSshConfig(path: string, homeDir: string): ParsedSshConfig {
  const lines: SshConfigLine[] = [];
  const warnings: string[] = [];
  const visit = (file: string, outer: SshConfigLine['conditions'], depth: number): void => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    const parsed = parseSshConfig(text, file, outer);
    warnings.push(...parsed.warnings);
    for (const line of parsed.lines) {
      if (line.keyword !== 'include') {
        lines.push(line);
        continue;
      }
      if (depth >= MAX_DEPTH) {
        warnings.push(`${line.file}:${line.line}: Include nested deeper than ${MAX_DEPTH} levels; skipped`);
        continue;
      }
      for (const pattern of line.args) {
        for (const included of includedFiles(pattern, homeDir)) visit(included, line.conditions, depth + 1);
      }
    }
  };
  visit(path, [], 0);
  return { lines, warnings };
}
