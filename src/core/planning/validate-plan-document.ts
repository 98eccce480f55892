import { isRecord } from '../describe-value.js';
import type { UpgradePlan } from './upgrade-plan.js';

export type PlanDocumentValidation = { readonly ok: true; readonly value: UpgradePlan } | { readonly ok: false; readonly errors: string[] };

/** Every step action a plan may name. */
export const STEP_ACTIONS: ReadonlySet<string> = new Set(['etcd-backup', 'switch-repository', 'upgrade-kubeadm', 'kubeadm-plan', 'kubeadm-apply', 'kubeadm-upgrade-node', 'drain', 'remove-kubelet-flags', 'upgrade-kubelet', 'wait-ready', 'uncordon', 'prepare-host', 'create-join-token', 'join-node', 'copy-node-marks', 'delete-node', 'reset-host']);
const PHASES = new Set(['prepare', 'control-plane', 'control-plane-kubelet', 'workers']);

/** Bounds on counts in a plan file: far beyond any cluster, short of a hang or running out of memory. */
const MAX_COUNT = 100_000;
const MAX_STEPS = 1_000_000;
const isCount = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_COUNT;
const isArgv = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string');


/** The batch limits the engine re-checks each batch by must be ones the CLI could have written. */
function strategyErrors(strategy: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (strategy.kind === 'rolling' && strategy.maxUnavailable !== 'auto' && !isCount(strategy.maxUnavailable, 1)) errors.push(`strategy.maxUnavailable: expected "auto" or a whole number from 1 to ${MAX_COUNT}`);
  if (strategy.kind === 'surge' && !isCount(strategy.maxSurge, 1)) errors.push(`strategy.maxSurge: expected a whole number from 1 to ${MAX_COUNT}`);
  if (strategy.kind === 'blue-green' && !isCount(strategy.batch, 1)) errors.push(`strategy.batch: expected a whole number from 1 to ${MAX_COUNT}`);
  const share = strategy.maxWorkloadUnavailable;
  if (share !== undefined && !(typeof share === 'number' && share > 0 && share <= 1)) errors.push('strategy.maxWorkloadUnavailable: expected a share above 0 and at most 1');
  return errors;
}

/**
 * Checks that a parsed `plan -o json` (or yaml) document has the shape of an UpgradePlan before
 * anything runs it. Whether it fits the cluster is validatePlan's job.
 */
export function validatePlanDocument(doc: unknown): PlanDocumentValidation {
  const errors: string[] = [];
  if (!isRecord(doc)) return { ok: false, errors: ['the plan must be an object as "kubehop plan -o json" writes it'] };
  if (doc.format !== 'kubehop.plan/v1') errors.push(`format: expected "kubehop.plan/v1", got ${JSON.stringify(doc.format)} — write the plan with "kubehop plan -o json"`);
  for (const field of ['cluster', 'from', 'to'] as const) if (typeof doc[field] !== 'string') errors.push(`${field}: expected a string`);
  if (!isRecord(doc.strategy) || !['rolling', 'all-at-once', 'surge', 'blue-green'].includes(String(doc.strategy.kind))) errors.push('strategy: expected {kind: rolling|all-at-once|surge|blue-green, ...}');
  else errors.push(...strategyErrors(doc.strategy));
  if (typeof doc.workersEveryHop !== 'boolean') errors.push('workersEveryHop: expected true or false');
  // Drain consent is the operator's: only a real true counts, never "yes" or 1.
  if (!isRecord(doc.drain) || typeof doc.drain.deleteEmptyDirData !== 'boolean' || typeof doc.drain.deleteUnmanagedPods !== 'boolean') {
    errors.push('drain: expected {deleteEmptyDirData: true|false, deleteUnmanagedPods: true|false}');
  }
  if (!Array.isArray(doc.hops) || !doc.hops.every((h) => isRecord(h) && isCount(h.index, 1) && typeof h.from === 'string' && typeof h.version === 'string')) errors.push('hops: expected a list of {index, from, version}');
  if (!isRecord(doc.drains) || !Object.values(doc.drains).every((n) => isCount(n, 0))) errors.push('drains: expected a map of node to count');
  if (!Array.isArray(doc.notes) || !doc.notes.every((n) => isRecord(n) && typeof n.code === 'string' && typeof n.message === 'string')) errors.push('notes: expected a list of {code, message}');
  if (doc.etcdBackup !== undefined && !(isRecord(doc.etcdBackup) && typeof doc.etcdBackup.node === 'string' && typeof doc.etcdBackup.path === 'string')) errors.push('etcdBackup: expected {node, path}');
  if (Array.isArray(doc.steps) && doc.steps.length > MAX_STEPS) errors.push(`steps: ${doc.steps.length} steps is more than kubehop plans (at most ${MAX_STEPS})`);
  if (!Array.isArray(doc.steps)) errors.push('steps: expected a list');
  else {
    doc.steps.forEach((step: unknown, i) => {
      const at = `steps[${i}]`;
      if (!isRecord(step)) return void errors.push(`${at}: expected an object`);
      for (const field of ['id', 'hop', 'node', 'version', 'description'] as const) if (typeof step[field] !== 'string') errors.push(`${at}.${field}: expected a string`);
      if (!STEP_ACTIONS.has(String(step.action))) errors.push(`${at}.action: unknown action ${JSON.stringify(step.action)}`);
      if (!PHASES.has(String(step.phase))) errors.push(`${at}.phase: unknown phase ${JSON.stringify(step.phase)}`);
      if (step.runOn !== 'node' && step.runOn !== 'new-node' && step.runOn !== 'operator') errors.push(`${at}.runOn: expected "node", "new-node" or "operator"`);
      if (step.host !== undefined && typeof step.host !== 'string') errors.push(`${at}.host: expected a node name`);
      if (typeof step.privileged !== 'boolean') errors.push(`${at}.privileged: expected true or false`);
      if (!Array.isArray(step.commands) || !step.commands.every(isArgv)) errors.push(`${at}.commands: expected a list of argv arrays (lists of strings), never joined command lines`);
      if (step.doneIf !== undefined && !isArgv(step.doneIf)) errors.push(`${at}.doneIf: expected an argv array`);
      if (step.batch !== undefined && typeof step.batch !== 'string') errors.push(`${at}.batch: expected a string`);
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  // The forecast `plan -o json` writes beside the plan is for people: nothing runs or compares it.
  const { forecast: _forecast, ...plan } = doc;
  return { ok: true, value: plan as unknown as UpgradePlan };
}
