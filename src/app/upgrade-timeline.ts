import type { PlanStep, UpgradePlan } from '../core/planning/index.js';
import type { ScheduledStep } from '../core/timing/index.js';
import type { AvailabilitySeries, HopInterval, NodeTimeline, TimeInterval, TimelineSpan, UpgradeTimeline } from '../core/report/upgrade-report.js';
import type { UpgradeEvent } from '../ports/index.js';

// The timeline behind the report's Gantt chart, from what a run emitted (simulated or live) or,
// before any run, from the plan's order of steps.

interface Open {
  readonly from: number;
  readonly step: PlanStep;
}

interface Placed {
  readonly hop: string;
  readonly phase: PlanStep['phase'];
  readonly from: number;
  readonly to: number;
}

/** Each hop from its first step to its last; the preparation before the first hop is no hop. */
function hopsOf(spans: readonly Placed[]): HopInterval[] {
  const hops = new Map<string, { from: number; to: number }>();
  for (const s of spans) {
    if (s.phase === 'prepare') continue;
    const hop = hops.get(s.hop);
    if (hop) {
      hop.from = Math.min(hop.from, s.from);
      hop.to = Math.max(hop.to, s.to);
    } else hops.set(s.hop, { from: s.from, to: s.to });
  }
  return [...hops].map(([version, h]) => ({ version, ...h })).sort((a, b) => a.from - b.from);
}

function spanOf(step: PlanStep, from: number, to: number, status: TimelineSpan['status']): TimelineSpan {
  return { from, to, action: step.action, hop: step.hop, ...(step.batch ? { batch: step.batch } : {}), status };
}

function lanes(byNode: Map<string, TimelineSpan[]>, controlPlane: ReadonlySet<string>): NodeTimeline[] {
  // Control-plane nodes first, then workers in the order they were first touched.
  const order = [...byNode.keys()];
  const rank = (n: string) => (controlPlane.has(n) ? 0 : 1);
  return order
    .map((node, i) => ({ node, i }))
    .sort((a, b) => rank(a.node) - rank(b.node) || a.i - b.i)
    .map(({ node }) => ({ node, controlPlane: controlPlane.has(node), spans: byNode.get(node) ?? [] }));
}

/**
 * Outages a live run can see: a call the API did not answer is retried; the outage lasts from the
 * first such retry to the next event that needed no retry.
 */
export function outagesFromEvents(events: readonly UpgradeEvent[], start: number): TimeInterval[] {
  const outages: TimeInterval[] = [];
  let open: number | undefined;
  for (const e of events) {
    const unanswered = e.kind === 'retry' && !/\b(409|429|conflict)\b/i.test(e.reason);
    if (unanswered && open === undefined) open = e.at - start;
    else if (!unanswered && e.kind !== 'retry' && open !== undefined) {
      outages.push({ from: open, to: e.at - start });
      open = undefined;
    }
  }
  if (open !== undefined) outages.push({ from: open });
  return outages;
}

/** The union of interval lists: overlapping or touching ones become one; an open one runs to the end. */
export function mergeIntervals(...lists: readonly (readonly TimeInterval[])[]): TimeInterval[] {
  const sorted = lists.flat().slice().sort((a, b) => a.from - b.from);
  const merged: { from: number; to?: number }[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.to === undefined || next.from <= last.to)) {
      if (last.to !== undefined) {
        if (next.to === undefined) delete last.to;
        else last.to = Math.max(last.to, next.to);
      }
    } else merged.push({ ...next });
  }
  return merged;
}

/** Each node's steps and cordoned time, and the span of each hop, from a run's events. */
export function timelineFromEvents(
  events: readonly UpgradeEvent[],
  options: { readonly start: number; readonly controlPlane: ReadonlySet<string>; readonly apiOutages: readonly TimeInterval[]; readonly workloads: readonly AvailabilitySeries[] },
): UpgradeTimeline {
  const { start } = options;
  const byNode = new Map<string, TimelineSpan[]>();
  const add = (node: string, span: TimelineSpan) => {
    const list = byNode.get(node);
    if (list) list.push(span);
    else byNode.set(node, [span]);
  };
  const open = new Map<string, Open>();
  const cordoned = new Map<string, number>();
  const placed: Placed[] = [];
  let end = 0;
  for (const e of events) {
    const at = e.at - start;
    end = Math.max(end, at);
    switch (e.kind) {
      case 'step-started':
        open.set(e.step.id, { from: at, step: e.step });
        if (!byNode.has(e.step.node)) byNode.set(e.step.node, []);
        break;
      case 'step-finished':
      case 'step-failed': {
        const started = open.get(e.step.id);
        open.delete(e.step.id);
        add(e.step.node, spanOf(e.step, started?.from ?? at, at, e.kind === 'step-failed' ? 'failed' : 'done'));
        placed.push({ hop: e.step.hop, phase: e.step.phase, from: started?.from ?? at, to: at });
        break;
      }
      case 'node-cordoned':
        cordoned.set(e.node, at);
        break;
      case 'node-uncordoned': {
        const from = cordoned.get(e.node);
        cordoned.delete(e.node);
        if (from !== undefined) add(e.node, { from, to: at, action: 'cordoned', hop: '', status: 'done' });
        break;
      }
      default:
        break;
    }
  }
  for (const { from, step } of open.values()) {
    add(step.node, spanOf(step, from, end, 'running'));
    placed.push({ hop: step.hop, phase: step.phase, from, to: end });
  }
  for (const [node, from] of cordoned) add(node, { from, to: end, action: 'cordoned', hop: '', status: 'running' });
  return {
    unit: 'ms',
    end,
    hops: hopsOf(placed),
    nodes: lanes(byNode, options.controlPlane),
    apiOutages: options.apiOutages,
    workloads: options.workloads,
  };
}

/**
 * Before any run: each step when the timing model expects it (`schedule`, in seconds), or without
 * one as one unit of time in plan order; a node is cordoned from its drain to its uncordon.
 */
export function timelineFromPlan(plan: UpgradePlan, controlPlane: ReadonlySet<string>, schedule?: readonly ScheduledStep[]): UpgradeTimeline {
  const timed = schedule ? new Map(schedule.map((s) => [s.step.id, { from: s.fromSeconds * 1000, to: s.toSeconds * 1000 }])) : undefined;
  const byNode = new Map<string, TimelineSpan[]>();
  const cordoned = new Map<string, number>();
  const placed: Placed[] = [];
  let end = 0;
  plan.steps.forEach((step, i) => {
    const { from, to } = timed?.get(step.id) ?? { from: i, to: i + 1 };
    end = Math.max(end, to);
    const list = byNode.get(step.node) ?? [];
    byNode.set(step.node, list);
    list.push(spanOf(step, from, to, 'done'));
    placed.push({ hop: step.hop, phase: step.phase, from, to });
    if (step.action === 'drain') cordoned.set(step.node, from);
    if (step.action === 'uncordon' || step.action === 'delete-node') {
      const since = cordoned.get(step.node);
      cordoned.delete(step.node);
      if (since !== undefined) list.push({ from: since, to, action: 'cordoned', hop: step.hop, status: 'done' });
    }
  });
  return { unit: timed ? 'ms' : 'step', ...(timed ? { expected: true } : {}), end, hops: hopsOf(placed), nodes: lanes(byNode, controlPlane), apiOutages: [], workloads: [] };
}
