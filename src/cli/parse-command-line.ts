import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

type OptionValue<O extends OptionSpec[string]> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? string[] : string;

export interface ParsedCommandLine<T extends OptionSpec> {
  readonly values: { [K in keyof T]?: OptionValue<T[K]> } & { help?: boolean };
  readonly positionals: string[];
}

/**
 * node:util parseArgs with kubehop's error wording: an unknown or malformed option names the
 * command and points at its help.
 */
export function parseCommandLine<T extends OptionSpec>(command: string, args: readonly string[], options: T): ParsedCommandLine<T> {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }) as ParsedCommandLine<T>;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(text);
    if (unknown) throw new ConfigError(`unknown option ${unknown[1]} for "kubehop ${command}": see "kubehop ${command} --help"`);
    const ambiguous = /Option '(?:-\w, )?(--[^']+)' argument is ambiguous/.exec(text);
    if (ambiguous) {
      const flag = ambiguous[1] ?? '';
      const value = args[args.indexOf(flag) + 1] ?? '';
      throw new ConfigError(`option ${flag} of "kubehop ${command}" is followed by "${value}", which reads as an option, not a value: give a value such as ${flag} 2 (see "kubehop ${command} --help"), or write ${flag}=${value} if you mean it`);
    }
    const missing = /Option '([^']+)' argument missing/.exec(text);
    if (missing) throw new ConfigError(`option ${missing[1]?.replace(/^-\w, /, '')} of "kubehop ${command}" needs a value: see "kubehop ${command} --help"`);
    throw new ConfigError(`invalid arguments for "kubehop ${command}": ${text.replace(/\.$/, '')} — see "kubehop ${command} --help"`);
  }
}

export function parseOutput<T extends string>(command: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`invalid output format "${value}" for "kubehop ${command}": use one of ${allowed.join(', ')}`);
}

/** Counts on the command line stop here: far beyond any cluster, short of a hang. */
export const MAX_FLAG_COUNT = 100_000;

export function parseCount(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new ConfigError(`invalid ${flag} "${value}": give a whole number of 1 or more`);
  }
  if (Number(value) > MAX_FLAG_COUNT) throw new ConfigError(`invalid ${flag} "${value}": give a whole number from 1 to ${MAX_FLAG_COUNT}`);
  return Number(value);
}

export function parseDate(flag: string, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const valid = m && (() => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  })();
  if (!valid) throw new ConfigError(`invalid ${flag} "${value}": give a date as YYYY-MM-DD, e.g. 2026-11-25`);
  return value;
}

/** "90s", "10m", "1h30m", "500ms" or a number of seconds, as milliseconds. */
export function parseDuration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parts = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(value);
  if (!parts || value === '' || parts.slice(1).every((p) => p === undefined)) {
    throw new ConfigError(`invalid ${flag} "${value}": give a duration such as 90s, 10m or 1h30m`);
  }
  const [h = '0', m = '0', s = '0', ms = '0'] = parts.slice(1).map((p) => p ?? '0');
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}

/** The simulator's seed: its random generator takes 32 bits. */
export function parseSeed(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new ConfigError(`invalid --seed "${value}": give a whole number from 0 to 4294967295`);
  return Number(value);
}

/**
 * A command given on the command line as an argv: a JSON array of strings for words with spaces
 * (`["/opt/hooks/new-vm", "--zone", "eu west"]`), else words split at spaces (`/opt/hooks/new-vm
 * --zone a`). No shell ever sees it.
 */
export function parseArgvFlag(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let argv: unknown;
  if (text.startsWith('[')) {
    try {
      argv = JSON.parse(text);
    } catch {
      throw new ConfigError(`invalid ${flag}: "${value}" starts like a JSON array but is not one; give words separated by spaces, or a JSON array of strings such as ["/opt/hooks/new-vm", "--zone", "eu west"]`);
    }
  } else argv = text.split(/\s+/).filter((w) => w !== '');
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((w) => typeof w === 'string' && w !== '')) {
    throw new ConfigError(`invalid ${flag}: give the command to run, as words separated by spaces or a JSON array of non-empty strings`);
  }
  return argv as string[];
}
