import type { ObservedObject } from '../cluster/index.js';
import type { Finding } from '../findings.js';

// Preflight findings carry the check that produced them, so reports can group them.

export type PreflightCheck = 'manifests' | 'removed-apis' | 'breaking-changes' | 'drain' | 'capacity' | 'control-plane' | 'webhooks' | 'certificates' | 'nodes';

/** In the order reports show them. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = ['manifests', 'removed-apis', 'breaking-changes', 'drain', 'capacity', 'control-plane', 'webhooks', 'certificates', 'nodes'];

export interface PreflightFinding extends Finding {
  readonly check: PreflightCheck;
}

/** What reading manifest files gives: the objects found, and a finding per document that could not be read. */
export interface ManifestScan {
  readonly objects: readonly ObservedObject[];
  readonly findings: readonly Finding[];
}
