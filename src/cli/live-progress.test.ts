import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlanStep } from '../core/planning/index.js';
import type { UpgradeEvent } from '../ports/index.js';
import type { CliIo } from './cli-io.js';
import { LiveProgress } from './live-progress.js';

const step: PlanStep = { id: 'v1.34/workers/worker-1/drain', hop: 'v1.34.11', phase: 'workers', node: 'worker-1', action: 'drain', version: 'v1.34.11', runOn: 'operator', privileged: false, commands: [['kubectl', 'drain', 'worker-1']], description: 'cordon worker-1 and evict its pods' };

const events: UpgradeEvent[] = [
  { kind: 'run-started', at: 0, planId: 'p', steps: 1, resumed: false },
  { kind: 'step-started', at: 0, step, index: 0 },
  { kind: 'drain-progress', at: 0, node: 'worker-1', podsLeft: 2, pods: 2, refused: 0 },
  { kind: 'pod-evicted', at: 1000, node: 'worker-1', namespace: 'default', pod: 'web-1' },
  { kind: 'drain-progress', at: 3000, node: 'worker-1', podsLeft: 1, pods: 2, refused: 1 },
  { kind: 'step-finished', at: 9000, step, durationMs: 9000 },
  { kind: 'run-finished', at: 9000, status: 'completed', durationMs: 9000 },
];

function capture(options: { terminal?: boolean; env?: Record<string, string>; failing?: boolean } = {}) {
  const out: string[] = [];
  const io: CliIo = {
    stdout: (text) => {
      if (options.failing) throw new Error('write EPIPE');
      out.push(text);
    },
    stderr: () => undefined,
    today: () => '2026-12-03',
    env: options.env ?? {},
    ...(options.terminal ? { terminal: { columns: 100, rows: 30 } } : {}),
  };
  return { io, out };
}

const ESC = '\u001B[';
// eslint-disable-next-line no-control-regex
const COLOUR = /\u001B\[\d+m/;

test('on a terminal the run gets a status area redrawn in place, coloured, above which the log scrolls', () => {
  const { io, out } = capture({ terminal: true });
  const live = new LiveProgress(io, { json: false, log: true, redrawMs: 0 });
  for (const e of events) live.emit(e);
  const text = out.join('');
  assert.ok(text.includes('hop v1.34.11'), text);
  assert.ok(text.includes('worker-1: drain, pods left 2/2'), text);
  assert.ok(text.includes(ESC), 'no cursor movement');
  assert.match(text, COLOUR);
  assert.ok(text.includes('evicted default/web-1'));
});

test('NO_COLOR keeps the status area but drops every colour', () => {
  const { io, out } = capture({ terminal: true, env: { NO_COLOR: '1' } });
  const live = new LiveProgress(io, { json: false, log: true, redrawMs: 0 });
  for (const e of events) live.emit(e);
  assert.ok(out.join('').includes('worker-1: drain'));
  assert.doesNotMatch(out.join(''), COLOUR);
});

test('without a terminal the log is plain lines, with no status area and no escape codes', () => {
  const { io, out } = capture();
  const live = new LiveProgress(io, { json: false, log: true });
  for (const e of events) live.emit(e);
  assert.ok(!out.join('').includes(ESC));
  assert.deepEqual(out.map((l) => l.trim().replace(/\s+/g, ' ')), ['0m00s starting run of 1 steps (plan p)', '0m00s [1] worker-1: cordon worker-1 and evict its pods', '0m01s evicted default/web-1', '0m09s run completed after 9s']);
});

test('-o json keeps the piped form: one NDJSON event a line, drain progress included, no summary', () => {
  const { io, out } = capture({ terminal: true });
  const live = new LiveProgress(io, { json: true, log: true });
  for (const e of events) live.emit(e);
  assert.deepEqual(out.map((l) => (JSON.parse(l) as UpgradeEvent).kind), events.map((e) => e.kind));
  assert.equal(live.summary(), '');
});

test('an output that fails never stops the run: every event is still taken, and the summary still made', () => {
  const { io } = capture({ terminal: true, failing: true });
  const live = new LiveProgress(io, { json: false, log: true });
  for (const e of events) assert.doesNotThrow(() => live.emit(e));
  assert.match(live.summary(), /Run completed after 9s: 1 of 1 steps carried out/);
  assert.equal(live.tracker.refused429, 1);
});
