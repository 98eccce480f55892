import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { builtInBreakingChanges } from '../../../test/builders/breaking-changes.js';
import { latestPatch } from '../../../test/builders/release-patches.js';
import type { ClusterSnapshot } from '../cluster/index.js';
import { planUpgrade } from '../planning/index.js';
import { parseVersion } from '../version/index.js';
import { checkPreflight, type PreflightInput } from './check-preflight.js';

const CATALOG = builtInBreakingChanges();
const TABLE = { compiledOn: '2026-09-15', source: 'test', coversThrough: 37, removals: [{ apiVersion: 'batch/v1beta1', kind: 'CronJob', removedIn: 25, replacement: 'batch/v1', replacementSince: 21, unconfirmed: false }] };

function input(extra: Partial<PreflightInput> = {}): PreflightInput {
  const built = aCluster()
    .withControlPlane('v1.24.17', 1)
    .withWorkers('v1.24.17', 2)
    .withWorkload({ kind: 'Deployment', name: 'web', replicas: 2 })
    .withPdb({ name: 'web', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 })
    .build();
  const cluster: ClusterSnapshot = {
    ...built,
    objects: [{ apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'ops', name: 'backup', source: { from: 'live' } }],
    nodes: built.nodes.map((n) => (n.name === 'worker-2' ? { ...n, facts: { swapOn: true } } : n)),
  };
  const plan = planUpgrade(cluster, { target: parseVersion('1.25.16'), strategy: { kind: 'rolling', maxUnavailable: 1 }, workersEveryHop: false, latestPatch });
  return { cluster, plan, removedApis: TABLE, breakingChanges: CATALOG, today: '2026-09-15', ...extra };
}

describe('checkPreflight', () => {
  it('runs every check, tags each finding with its check and sorts blocking first', () => {
    const manifests = {
      objects: [{ apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'ops', name: 'report', source: { from: 'file', file: 'm/cron.yaml', line: 1 } } as const],
      findings: [{ code: 'MANIFEST_UNREADABLE', severity: 'overridable', subject: 'm/bad.yaml:3', message: 'failed to parse m/bad.yaml:3:1: broken' } as const],
    };
    const findings = checkPreflight(input({ manifests }));
    assert.deepEqual(findings.map((f) => [f.check, f.severity, f.code, f.subject]), [
      ['removed-apis', 'blocking', 'API_REMOVED', 'CronJob ops/backup'],
      ['removed-apis', 'blocking', 'API_REMOVED', 'CronJob ops/report'],
      ['drain', 'blocking', 'PDB_NEVER_ALLOWS_EVICTION', 'PodDisruptionBudget default/web'],
      ['manifests', 'overridable', 'MANIFEST_UNREADABLE', 'm/bad.yaml:3'],
      ['nodes', 'overridable', 'SWAP_ON', 'node/worker-2'],
    ]);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    assert.throws(() => checkPreflight(input({ today: '2026-9-15' })), { name: 'ConfigError', message: 'invalid date "2026-9-15": expected a calendar date written YYYY-MM-DD, e.g. 2026-09-15' });
  });
});
