import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UpgradeReport, UpgradeTimeline } from '../../core/report/upgrade-report.js';
import { escapeHtml } from './escape-html.js';
import { MAX_WORKLOAD_CHARTS, renderHtmlReport, REPORT_CSP } from './render-html-report.js';
import { MAX_TIMELINE_ROWS } from './timeline-svg.js';
import { timeTicks } from './time-axis.js';

const EVIL = '<img src=x onerror=alert(1)>"\'&';

function aReport(timeline: Partial<UpgradeTimeline> = {}, more: Partial<UpgradeReport> = {}): UpgradeReport {
  return {
    source: 'simulation',
    title: 'Simulated upgrade of demo v1.32.9 → v1.33.1',
    cluster: 'demo',
    from: 'v1.32.9',
    to: 'v1.33.1',
    strategy: { kind: 'rolling', maxUnavailable: 1 },
    summary: [{ label: 'result', value: 'completed', tone: 'good' }],
    timeline: {
      unit: 'ms',
      end: 600_000,
      hops: [{ version: 'v1.33.1', from: 0, to: 600_000 }],
      nodes: [
        { node: 'cp-1', controlPlane: true, spans: [{ from: 0, to: 120_000, action: 'kubeadm-apply', hop: 'v1.33.1', status: 'done' }] },
        { node: 'worker-1', controlPlane: false, spans: [{ from: 200_000, to: 260_000, action: 'drain', hop: 'v1.33.1', status: 'done' }, { from: 200_000, to: 400_000, action: 'cordoned', hop: '', status: 'done' }] },
      ],
      apiOutages: [{ from: 30_000, to: 90_000 }],
      workloads: [{ kind: 'Deployment', namespace: 'default', name: 'web', pdb: 'web', points: [{ at: 0, available: 3, desired: 3, budgetMin: 2 }, { at: 200_000, available: 2, desired: 3, budgetMin: 2 }, { at: 230_000, available: 3, desired: 3, budgetMin: 2 }] }],
      ...timeline,
    },
    findings: [],
    notes: [],
    ...more,
  };
}

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

test('the page forbids every request and script by its Content-Security-Policy and has no script or link of its own', () => {
  const html = renderHtmlReport(aReport());
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP.replace(/'/g, '&#39;')}">`));
  assert.equal(REPORT_CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  assert.doesNotMatch(html, /<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)|url\(/i);
});

test('every string from the cluster is escaped: node, workload, budget, finding and summary text', () => {
  const html = renderHtmlReport(aReport(
    {
      nodes: [{ node: EVIL, controlPlane: false, spans: [{ from: 0, to: 1000, action: 'drain', hop: EVIL, batch: EVIL, status: 'done' }] }],
      hops: [{ version: EVIL, from: 0, to: 1000 }],
      workloads: [{ kind: 'Deployment', namespace: EVIL, name: EVIL, pdb: EVIL, points: [{ at: 0, available: 1, desired: 1 }] }],
    },
    { cluster: EVIL, title: EVIL, findings: [{ severity: 'blocking', code: EVIL, subject: EVIL, message: EVIL }], summary: [{ label: EVIL, value: EVIL }], notes: [EVIL] },
  ));
  assert.equal(html.includes('<img'), false);
  assert.ok(html.includes(escapeHtml(EVIL)));
  assert.equal(escapeHtml(EVIL), '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
});

test('the timeline draws a bar per step, the cordoned time under it, each hop and each API outage', () => {
  const html = renderHtmlReport(aReport());
  assert.equal(count(html, /<rect class="step"/g), 2);
  assert.equal(count(html, /<rect class="cordoned"/g), 1);
  assert.equal(count(html, /<rect class="hop"/g), 1);
  assert.equal(count(html, /<rect class="outage"/g), 1);
  assert.match(html, /<title>worker-1: drain v1\.33\.1, 3m20s to 4m20s \(1m00s\)<\/title>/);
  assert.match(html, /<title>API server down 30s to 1m30s \(1m00s\)<\/title>/);
});

test('each workload gets a step chart of available pods, desired and the budget minimum', () => {
  const html = renderHtmlReport(aReport());
  assert.equal(count(html, /<svg class="chart availability"/g), 1);
  assert.match(html, /<path class="available" d="M34 8 H192\.7 V46\.7 H216\.5 V8 H510"/);
  assert.match(html, /<path class="budget" d="M34 46\.7 H510"/);
  assert.match(html, /Deployment default\/web — desired 3, <span class="dip">lowest 2<\/span>, budget web/);
});

test(`a huge run stays bounded: at most ${MAX_TIMELINE_ROWS} rows and ${MAX_WORKLOAD_CHARTS} charts, the deepest dips first, the rest counted`, () => {
  const nodes = Array.from({ length: MAX_TIMELINE_ROWS + 7 }, (_, i) => ({ node: `worker-${i}`, controlPlane: false, spans: [{ from: i, to: i + 1, action: 'drain', hop: 'v1.33.1', status: 'done' as const }] }));
  const workloads = Array.from({ length: MAX_WORKLOAD_CHARTS + 3 }, (_, i) => ({ kind: 'Deployment', namespace: 'default', name: `app-${String(i).padStart(2, '0')}`, points: [{ at: 0, available: 3, desired: 3 }, { at: 10, available: i === 42 ? 0 : 3, desired: 3 }] }));
  const html = renderHtmlReport(aReport({ nodes, workloads }));
  assert.equal(count(html, /<rect class="step"/g), MAX_TIMELINE_ROWS);
  assert.match(html, /7 more nodes not drawn/);
  assert.equal(count(html, /<svg class="chart availability"/g), MAX_WORKLOAD_CHARTS);
  assert.match(html, /3 more workloads not charted/);
  assert.ok(html.indexOf('default/app-42') < html.indexOf('default/app-00'), 'the workload that went to 0 comes first');
});

test('blocking findings come right after the summary; without any, the findings close the page', () => {
  const blocking = renderHtmlReport(aReport({}, { findings: [{ severity: 'blocking', code: 'X', subject: 's', message: 'm' }] }));
  assert.ok(blocking.indexOf('id="findings"') < blocking.indexOf('id="timeline"'));
  const none = renderHtmlReport(aReport());
  assert.ok(none.indexOf('id="findings"') > none.indexOf('id="availability"'));
});

test('a plan is drawn on a step axis without an API row, and says nothing was measured', () => {
  const html = renderHtmlReport(aReport({ unit: 'step', end: 3, apiOutages: [], workloads: [] }, { source: 'plan' }));
  assert.doesNotMatch(html, />API server</);
  assert.match(html, /steps in plan order/);
  assert.match(html, /A plan has not run: nothing measured yet\./);
});

test('time ticks fall on round values from 0 to the end', () => {
  assert.deepEqual(timeTicks('ms', 4_500_000), [0, 600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000, 4_200_000]);
  assert.deepEqual(timeTicks('step', 40), [0, 5, 10, 15, 20, 25, 30, 35, 40]);
  assert.deepEqual(timeTicks('ms', 0), [0]);
});
