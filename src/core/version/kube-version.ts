import { ConfigError } from '../errors.js';

/** A full Kubernetes version such as v1.30.2 or v1.31.0-rc.1. Plain data: safe to serialize. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release label without the dash, e.g. "rc.1"; absent for a release. */
  readonly pre?: string;
}

/** What an operator may ask for: a minor line ("1.37") or an exact version ("v1.37.1"). */
export interface VersionSpec {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
  readonly pre?: string;
}

const SPEC = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-((?:alpha|beta|rc)\.\d+))?(?:\+[0-9A-Za-z.-]+)?$/;

function describeProblem(text: string): string {
  if (text.trim() === '') return 'it is empty';
  if (text !== text.trim()) return 'it has surrounding white space';
  if (!/^v?\d/.test(text)) return 'it must start with a number, optionally after "v"';
  if (/^v?\d+$/.test(text)) return 'it names only a major version; give at least MAJOR.MINOR';
  const bad = text.replace(/^v/, '').match(/[^0-9.]/);
  if (bad && !text.includes('-')) return `"${bad[0]}" is not allowed there`;
  if (text.includes('-')) return 'the pre-release part must look like -alpha.N, -beta.N or -rc.N';
  return 'it must look like 1.30, 1.30.2, v1.30.2 or v1.31.0-rc.1';
}

/** Parses "1.30", "v1.30.2" or "1.31.0-rc.1". Throws ConfigError naming what is wrong. */
export function parseVersionSpec(text: string): VersionSpec {
  const m = SPEC.exec(text);
  if (!m) {
    throw new ConfigError(
      `invalid Kubernetes version "${text}": ${describeProblem(text)} (examples: 1.30, v1.30.2, v1.31.0-rc.1)`,
    );
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1) {
    throw new ConfigError(`invalid Kubernetes version "${text}": only major version 1 exists`);
  }
  if (m[3] === undefined && m[4] !== undefined) {
    throw new ConfigError(`invalid Kubernetes version "${text}": a pre-release needs a patch number, e.g. 1.31.0-rc.1`);
  }
  const spec: { major: number; minor: number; patch?: number; pre?: string } = { major, minor };
  if (m[3] !== undefined) spec.patch = Number(m[3]);
  if (m[4] !== undefined) spec.pre = m[4];
  return spec;
}

/** Parses a full version ("v1.30.2", "1.30.2"); a bare minor is refused. */
export function parseVersion(text: string): KubeVersion {
  const spec = parseVersionSpec(text);
  if (spec.patch === undefined) {
    throw new ConfigError(
      `invalid Kubernetes version "${text}": a full version needs a patch number, e.g. v${spec.major}.${spec.minor}.0`,
    );
  }
  return spec.pre === undefined
    ? { major: spec.major, minor: spec.minor, patch: spec.patch }
    : { major: spec.major, minor: spec.minor, patch: spec.patch, pre: spec.pre };
}

/** Like parseVersion, but returns undefined instead of throwing. */
export function tryParseVersion(text: string): KubeVersion | undefined {
  try {
    return parseVersion(text);
  } catch {
    return undefined;
  }
}

function comparePre(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1; // a release sorts after its pre-releases
  if (b === undefined) return -1;
  const [ak = '', an = '0'] = a.split('.');
  const [bk = '', bn = '0'] = b.split('.');
  const rank = (k: string) => ['alpha', 'beta', 'rc'].indexOf(k);
  return rank(ak) - rank(bk) || Number(an) - Number(bn);
}

export function compareVersions(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

export function maxVersion(versions: readonly KubeVersion[]): KubeVersion | undefined {
  let best: KubeVersion | undefined;
  for (const v of versions) if (!best || compareVersions(v, best) > 0) best = v;
  return best;
}

export function minVersion(versions: readonly KubeVersion[]): KubeVersion | undefined {
  let best: KubeVersion | undefined;
  for (const v of versions) if (!best || compareVersions(v, best) < 0) best = v;
  return best;
}

/** Minor versions from `from` to `to`: positive when `to` is newer. Major is always 1. */
export function minorDistance(from: { minor: number }, to: { minor: number }): number {
  return to.minor - from.minor;
}

/** "v1.30.2", "v1.31.0-rc.1". */
export function formatVersion(v: KubeVersion): string {
  return `v${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}`;
}

/** "1.30.2" without the v, as package managers and repository paths want it. */
export function formatBareVersion(v: KubeVersion): string {
  return formatVersion(v).slice(1);
}

/** "v1.30" for messages about a minor line. */
export function formatMinor(v: { major: number; minor: number }): string {
  return `v${v.major}.${v.minor}`;
}

export function formatSpec(spec: VersionSpec): string {
  return spec.patch === undefined
    ? formatMinor(spec)
    : formatVersion(spec.pre === undefined
        ? { major: spec.major, minor: spec.minor, patch: spec.patch }
        : { major: spec.major, minor: spec.minor, patch: spec.patch, pre: spec.pre });
}
