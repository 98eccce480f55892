import type { ClusterSnapshot } from '../core/cluster/index.js';
import type { Finding } from '../core/findings.js';
import type { PlanStep, UpgradePlan } from '../core/planning/index.js';
import type { PlanForecast } from '../core/timing/index.js';
import { describeWorkerPhase, forecastHeadline } from './render-forecast.js';
import { componentRows, describeStrategy, renderCommand } from './render-plan.js';
import { renderTable } from './text-table.js';
import { wrapProse } from './wrap-text.js';

/** Which steps to list after the summary: none, all, or those of one node or one hop. */
export type StepFilter = { readonly kind: 'none' } | { readonly kind: 'all' } | { readonly kind: 'node'; readonly node: string } | { readonly kind: 'hop'; readonly hop: number };

const CONTROL_PLANE_TRIO = new Set(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);

/**
 * Component rows with the same component, current and target folded into one ("kubelet ×9").
 * When the three control-plane components all run one version, as kubeadm leaves them, they
 * share a row too: the summary must fit a terminal.
 */
function foldedComponents(cluster: ClusterSnapshot, plan: UpgradePlan): string[][] {
  const rows = componentRows(cluster, plan);
  const trioAtOneVersion = new Set(rows.filter(([component = '']) => CONTROL_PLANE_TRIO.has(component)).map(([, , current]) => current)).size === 1;
  const folded = new Map<string, { row: string[]; nodes: Set<string> }>();
  for (const [component = '', node = '', current = '', target = ''] of rows) {
    const name = trioAtOneVersion && CONTROL_PLANE_TRIO.has(component) ? 'apiserver, controller-manager, scheduler' : component;
    const key = `${name}|${current}|${target}`;
    const entry = folded.get(key) ?? { row: [name, current, target], nodes: new Set<string>() };
    if (node !== '') entry.nodes.add(node);
    folded.set(key, entry);
  }
  return [...folded.values()].map(({ row, nodes }) => [nodes.size > 1 ? `${row[0]} ×${nodes.size}` : (row[0] ?? ''), row[1] ?? '', row[2] ?? '']);
}

/** Drains per node, or "2 on each of the 9 nodes" when every node is drained as often. */
function drainLine(drains: readonly (readonly [string, number])[]): string {
  const total = drains.reduce((sum, [, n]) => sum + n, 0);
  const [first] = drains;
  if (first && drains.length > 1 && drains.every(([, n]) => n === first[1])) return `Drains: ${total} in all, ${first[1]} on each of the ${drains.length} nodes`;
  return `Drains: ${total} in all (${drains.map(([node, n]) => `${node} ${n}`).join(', ')})`;
}

/**
 * Worker batches per hop: how many groups of workers are drained together, and how large. Only
 * drains count: the groups prepared ahead of them (kubeadm steps) take nothing down.
 */
function batchLines(plan: UpgradePlan, forecast: PlanForecast | undefined): string[] {
  const byHop = new Map<string, Map<string, Set<string>>>();
  for (const step of plan.steps) {
    if (step.phase !== 'workers' || step.action !== 'drain') continue;
    const batches = byHop.get(step.hop) ?? new Map<string, Set<string>>();
    byHop.set(step.hop, batches);
    const id = step.batch ?? step.node;
    const nodes = batches.get(id) ?? new Set<string>();
    nodes.add(step.node);
    batches.set(id, nodes);
  }
  return [...byHop.entries()].map(([hop, batches]) => {
    const sizes = [...batches.values()].map((s) => s.size);
    const largest = Math.max(...sizes);
    const time = forecast ? describeWorkerPhase(forecast, hop) : undefined;
    return `  at ${hop}: ${batches.size} batch${batches.size === 1 ? '' : 'es'} of up to ${largest} worker${largest === 1 ? '' : 's'}${time ? `, ${time}` : ''}`;
  });
}

function stepLines(steps: readonly { step: PlanStep; index: number }[]): string[] {
  const out: string[] = [];
  for (const { step, index } of steps) {
    out.push(`${String(index + 1).padStart(4)}. ${step.id}  — ${step.description}`);
    for (const argv of step.commands) out.push(`        ${step.runOn === 'node' ? `[${step.node}] ` : ''}${renderCommand(step, argv)}`);
  }
  return out;
}

/**
 * What an operator decides on, first: what blocks, the hops, the batches, the drains per node;
 * the expected duration when a forecast is given; the steps only on request (--steps, --node,
 * --hop). Fits a terminal for a cluster like demo. Given the terminal's `width`, its prose wraps at
 * spaces (the steps' commands stay whole, to be copied).
 */
export function renderPlanSummary(cluster: ClusterSnapshot, plan: UpgradePlan, findings: readonly Finding[], filter: StepFilter, forecast?: PlanForecast, width?: number): string {
  const prose = (text: string, indent = '', hanging = `${indent}  `) => wrapProse(text, width, indent, hanging);
  const out: string[] = [`Upgrade plan for cluster "${plan.cluster}": ${plan.from} -> ${plan.to}`];
  if (plan.steps.length === 0) return [...out, '', `Nothing to do: every component is already at ${plan.to}.`, ''].join('\n');
  const blocking = findings.filter((f) => f.severity === 'blocking');
  if (blocking.length > 0) {
    out.push('', ...prose(`BLOCKING: ${blocking.length} finding${blocking.length === 1 ? '' : 's'} stop${blocking.length === 1 ? 's' : ''} apply; fix them first (docs/preflight.md), or accept each with apply --ignore CODE:`));
    for (const f of blocking) out.push(...prose(`${f.code} (${f.subject}): ${f.message}`, '  ', '    '));
  }
  out.push('', ...prose(`Workers: ${describeStrategy(plan.strategy)}; kubelets ${plan.workersEveryHop ? 'follow every hop' : 'upgraded as few times as the skew rules allow'}.`));
  out.push(...prose(`Hops: ${plan.hops.map((h) => h.version).join(' -> ')}`));
  if (forecast) out.push(...prose(forecastHeadline(forecast)));
  out.push(renderTable(['COMPONENT', 'CURRENT', 'TARGET'], foldedComponents(cluster, plan)));
  const batches = batchLines(plan, forecast);
  if (batches.length > 0) out.push('Worker batches:', ...batches);
  const drains = Object.entries(plan.drains);
  out.push(...prose(drainLine(drains)));
  if (plan.etcdBackup) out.push(...prose(`etcd snapshot first: ${plan.etcdBackup.path} on ${plan.etcdBackup.node}`));
  for (const note of plan.notes) out.push(...prose(`Note [${note.code}]: ${note.message}`));
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  out.push(...prose(`Preflight: ${count('blocking')} blocking, ${count('overridable')} overridable, ${count('info')} info${findings.length > 0 ? ' — details with "kubehop preflight" (same options)' : ''}`));
  const indexed = plan.steps.map((step, index) => ({ step, index }));
  const hopVersion = filter.kind === 'hop' ? plan.hops.find((h) => h.index === filter.hop)?.version : undefined;
  const chosen = filter.kind === 'all' ? indexed
    : filter.kind === 'node' ? indexed.filter((s) => s.step.node === filter.node)
    : filter.kind === 'hop' ? indexed.filter((s) => s.step.hop === hopVersion)
    : [];
  if (filter.kind === 'none') {
    out.push(...prose(`Steps: ${plan.steps.length} — list them with --steps, --node NAME or --hop N; -o wide: per node`));
  } else {
    const what = filter.kind === 'all' ? '' : filter.kind === 'node' ? ` on ${filter.node}` : ` of hop ${filter.hop} (${hopVersion})`;
    out.push('', `Steps${what} (${chosen.length} of ${plan.steps.length}):`, ...stepLines(chosen));
  }
  return `${out.join('\n')}\n`;
}
