import { readBreakingChanges } from '../adapters/file/read-breaking-changes.js';
import { readRemovedApis } from '../adapters/file/read-removed-apis.js';
import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { UpgradePlan } from '../core/planning/index.js';
import { checkPreflight, type ManifestScan, type PreflightFinding } from '../core/preflight/index.js';

/** Every preflight check for a plan, with the manifests at `manifestPaths` scanned too. */
export async function runPreflight(input: { cluster: ClusterSnapshot; plan: UpgradePlan; manifestPaths?: readonly string[]; today: string }): Promise<PreflightFinding[]> {
  const [removedApis, breakingChanges] = await Promise.all([readRemovedApis(), readBreakingChanges()]);
  let manifests: ManifestScan | undefined;
  if (input.manifestPaths && input.manifestPaths.length > 0) {
    // Loaded only for --manifests: it brings the YAML parser, the largest module a command would load.
    const { readManifests } = await import('../adapters/file/read-manifests.js');
    manifests = await readManifests(input.manifestPaths);
  }
  return checkPreflight({ cluster: input.cluster, plan: input.plan, removedApis, breakingChanges, today: input.today, ...(manifests ? { manifests } : {}) });
}

/** Blocking findings the operator has not chosen to ignore by code. */
export function unignoredBlocking(findings: readonly PreflightFinding[], ignore: readonly string[]): PreflightFinding[] {
  const ignored = new Set(ignore);
  return findings.filter((f) => f.severity === 'blocking' && !ignored.has(f.code));
}
