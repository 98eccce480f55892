import { ConfigError } from '../errors.js';
import type { KubeVersion } from '../version/index.js';
import type { ReleaseCatalog } from './release-catalog.js';
import { describeCoverage } from './release-line.js';
import { supportStatus } from './support-status.js';

/** The newest line supported on `date`, at its latest known patch: what to upgrade to when no target is given. */
export function defaultTarget(catalog: ReleaseCatalog, date: string): KubeVersion {
  for (let i = catalog.lines.length - 1; i >= 0; i--) {
    const line = catalog.lines[i];
    if (line && supportStatus(catalog, line.minor, date) === 'supported') return line.latestPatch;
  }
  throw new ConfigError(
    `failed to choose a target version: no line in the release catalog (compiled on ${catalog.compiledOn}, ` +
      `covering ${describeCoverage(catalog)}) is supported on ${date}; pass --to VERSION, or a newer catalog with --releases FILE`,
  );
}
