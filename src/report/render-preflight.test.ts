import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreflightFinding } from '../core/preflight/index.js';
import { preflightJson, renderPreflightTable, type PreflightReport } from './render-preflight.js';

const FINDINGS: PreflightFinding[] = [
  { check: 'removed-apis', code: 'API_REMOVED', severity: 'blocking', subject: 'CronJob ops/backup', message: 'CronJob ops/backup uses batch/v1beta1 at m/cron.yaml:1, which v1.25 no longer serves' },
  { check: 'drain', code: 'PDB_NEVER_ALLOWS_EVICTION', severity: 'blocking', subject: 'PodDisruptionBudget default/web', message: 'never allows an eviction' },
  { check: 'manifests', code: 'MANIFEST_UNREADABLE', severity: 'overridable', subject: 'm/bad.yaml:3', message: 'failed to parse m/bad.yaml:3:1: broken' },
  { check: 'drain', code: 'DRAIN_DELETES_EMPTYDIR_DATA', severity: 'info', subject: 'node/worker-2', message: 'emptyDir data is deleted' },
];
const report = (findings: PreflightFinding[]): PreflightReport => ({ cluster: 'demo', from: 'v1.24.17', to: 'v1.25.16', date: '2026-09-15', findings });

describe('renderPreflightTable', () => {
  it('groups findings by check in a fixed order, each group a table, and ends with the verdict', () => {
    assert.equal(
      renderPreflightTable(report(FINDINGS)),
      [
        'Preflight for "demo", v1.24.17 -> v1.25.16, on 2026-09-15: 2 blocking, 1 overridable, 1 info',
        '',
        'Manifests (1):',
        '  SEVERITY      CODE                  SUBJECT        MESSAGE',
        '  overridable   MANIFEST_UNREADABLE   m/bad.yaml:3   failed to parse m/bad.yaml:3:1: broken',
        '',
        'Removed APIs (1):',
        '  SEVERITY   CODE          SUBJECT              MESSAGE',
        '  blocking   API_REMOVED   CronJob ops/backup   CronJob ops/backup uses batch/v1beta1 at m/cron.yaml:1, which v1.25 no longer serves',
        '',
        'Drain blockers (2):',
        '  SEVERITY   CODE                          SUBJECT                           MESSAGE',
        '  blocking   PDB_NEVER_ALLOWS_EVICTION     PodDisruptionBudget default/web   never allows an eviction',
        '  info       DRAIN_DELETES_EMPTYDIR_DATA   node/worker-2                     emptyDir data is deleted',
        '',
        'The upgrade must not start: fix the blocking findings first.',
        '',
      ].join('\n'),
    );
  });

  const verdicts: { name: string; findings: PreflightFinding[]; last: string }[] = [
    { name: 'lets overridable findings through with --force', findings: FINDINGS.filter((f) => f.severity !== 'blocking'), last: 'The upgrade may start with --force once you have weighed the overridable findings.' },
    { name: 'says nothing stops an upgrade with only notes', findings: FINDINGS.filter((f) => f.severity === 'info'), last: 'Nothing stops the upgrade.' },
    { name: 'says nothing stops an upgrade without findings', findings: [], last: 'Nothing stops the upgrade.' },
  ];
  for (const c of verdicts) {
    it(c.name, () => assert.equal(renderPreflightTable(report(c.findings)).trimEnd().split('\n').at(-1), c.last));
  }
});

describe('preflightJson', () => {
  it('gives counts, whether anything blocks and every finding with its check', () => {
    const json = preflightJson(report(FINDINGS.slice(2))) as Record<string, unknown>;
    assert.deepEqual(json, {
      cluster: 'demo',
      from: 'v1.24.17',
      to: 'v1.25.16',
      date: '2026-09-15',
      blocking: false,
      counts: { blocking: 0, overridable: 1, info: 1 },
      findings: [
        { check: 'manifests', severity: 'overridable', code: 'MANIFEST_UNREADABLE', subject: 'm/bad.yaml:3', message: 'failed to parse m/bad.yaml:3:1: broken' },
        { check: 'drain', severity: 'info', code: 'DRAIN_DELETES_EMPTYDIR_DATA', subject: 'node/worker-2', message: 'emptyDir data is deleted' },
      ],
    });
  });
});
