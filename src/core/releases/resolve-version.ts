import { ConfigError } from '../errors.js';
import { formatSpec, formatVersion, type KubeVersion, type VersionSpec } from '../version/index.js';
import { catalogAgeDays } from './catalog-age-days.js';
import type { ReleaseCatalog } from './release-catalog.js';
import { describeCoverage, releaseLine } from './release-line.js';

export interface ResolveVersionOptions {
  /** Accept an exact version the catalog does not list (a newer patch, another minor, a pre-release). */
  readonly allowUnlisted?: boolean;
  /** Today (YYYY-MM-DD), only to say in messages how old the catalog is. */
  readonly date?: string;
}

const NEWER_CATALOG = 'pass a newer catalog with --releases FILE';

function catalogAge(catalog: ReleaseCatalog, date: string | undefined): string {
  if (date === undefined) return `compiled on ${catalog.compiledOn}`;
  const days = catalogAgeDays(catalog, date);
  return `compiled on ${catalog.compiledOn}, ${days} ${days === 1 ? 'day' : 'days'} ago`;
}

function unknownMinorAdvice(catalog: ReleaseCatalog, spec: VersionSpec): string {
  const newest = catalog.lines[catalog.lines.length - 1]?.minor ?? 0;
  const oldest = catalog.lines[0]?.minor ?? 0;
  // A bare minor older than the catalog is more often a typo (1.3 for 1.30) than a wish to force
  // an unlisted v1.3.0 through.
  if (spec.patch === undefined && spec.minor < oldest) {
    const tens = spec.minor * 10;
    const meant = tens >= oldest && tens <= newest ? `did you mean 1.${tens}? ` : '';
    return `${meant}give a minor the catalog lists, e.g. --to 1.${newest}, or pass a catalog that lists v1.${spec.minor} with --releases FILE`;
  }
  const example = formatVersion({ major: 1, minor: spec.minor, patch: spec.patch ?? 0 });
  const withCatalog = spec.minor > newest ? NEWER_CATALOG : 'pass a catalog that lists it with --releases FILE';
  return `${withCatalog}, or an exact version such as ${example} with --allow-unlisted-version`;
}

/**
 * Turns what the operator asked for into a version: a bare minor ("1.37") becomes that line's
 * latest known patch; an exact version must be one the catalog lists unless `allowUnlisted`.
 * Throws a ConfigError that says what the catalog covers, how old it is and what to do.
 */
export function resolveVersion(catalog: ReleaseCatalog, spec: VersionSpec, options: ResolveVersionOptions = {}): KubeVersion {
  const asked = formatSpec(spec);
  const allow = options.allowUnlisted === true;
  const exact = spec.patch === undefined ? undefined : formatExact(spec, spec.patch);
  if (exact && allow) return exact;
  if (spec.pre !== undefined) {
    throw new ConfigError(
      `invalid Kubernetes version ${asked}: pre-releases are not in the release catalog; pass --allow-unlisted-version to use one anyway`,
    );
  }
  const line = releaseLine(catalog, spec.minor);
  if (!line) {
    throw new ConfigError(
      `invalid Kubernetes version ${asked}: the release catalog (${catalogAge(catalog, options.date)}) covers ` +
        `${describeCoverage(catalog)}; ${unknownMinorAdvice(catalog, spec)}`,
    );
  }
  if (!exact) return line.latestPatch;
  if (exact.patch > line.latestPatch.patch) {
    throw new ConfigError(
      `invalid Kubernetes version ${asked}: the release catalog (${catalogAge(catalog, options.date)}) lists ` +
        `v1.${line.minor}.0 to ${formatVersion(line.latestPatch)}; ${NEWER_CATALOG}, or pass --allow-unlisted-version ` +
        `if ${asked} has been released since`,
    );
  }
  return exact;
}

function formatExact(spec: VersionSpec, patch: number): KubeVersion {
  return spec.pre === undefined
    ? { major: spec.major, minor: spec.minor, patch }
    : { major: spec.major, minor: spec.minor, patch, pre: spec.pre };
}
