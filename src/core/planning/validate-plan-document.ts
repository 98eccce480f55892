import { isRecord } from '../describe-value.js';
import type { UpgradePlan } from './upgrade-plan.js';

export type PlanDocumentValidation = { readonly ok: true; readonly value: UpgradePlan } | { readonly ok: false; readonly errors: string[] };

const ACTIONS = new Set(['etcd-backup', 'switch-repository', 'upgrade-kubeadm', 'kubeadm-plan', 'kubeadm-apply', 'kubeadm-upgrade-node', 'drain', 'remove-kubelet-flags', 'upgrade-kubelet', 'wait-ready', 'uncordon', 'prepare-host', 'create-join-token', 'join-node', 'copy-node-marks', 'delete-node', 'reset-host']);
const PHASES = new Set(['prepare', 'control-plane', 'control-plane-kubelet', 'workers']);

const isArgv = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string');

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** The batch limits the engine re-checks each batch by must be ones the CLI could have written. */
function strategyErrors(strategy: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (strategy.kind === 'rolling' && strategy.maxUnavailable !== 'auto' && !isCount(strategy.maxUnavailable)) errors.push('strategy.maxUnavailable: expected "auto" or a whole number of 1 or more');
  if (strategy.kind === 'surge' && !isCount(strategy.maxSurge)) errors.push('strategy.maxSurge: expected a whole number of 1 or more');
  if (strategy.kind === 'blue-green' && !isCount(strategy.batch)) errors.push('strategy.batch: expected a whole number of 1 or more');
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
  if (!Array.isArray(doc.hops)) errors.push('hops: expected a list');
  if (!isRecord(doc.drains)) errors.push('drains: expected a map of node to count');
  if (!Array.isArray(doc.steps)) errors.push('steps: expected a list');
  else {
    doc.steps.forEach((step: unknown, i) => {
      const at = `steps[${i}]`;
      if (!isRecord(step)) return void errors.push(`${at}: expected an object`);
      for (const field of ['id', 'hop', 'node', 'version', 'description'] as const) if (typeof step[field] !== 'string') errors.push(`${at}.${field}: expected a string`);
      if (!ACTIONS.has(String(step.action))) errors.push(`${at}.action: unknown action ${JSON.stringify(step.action)}`);
      if (!PHASES.has(String(step.phase))) errors.push(`${at}.phase: unknown phase ${JSON.stringify(step.phase)}`);
      if (step.runOn !== 'node' && step.runOn !== 'new-node' && step.runOn !== 'operator') errors.push(`${at}.runOn: expected "node", "new-node" or "operator"`);
      if (step.host !== undefined && typeof step.host !== 'string') errors.push(`${at}.host: expected a node name`);
      if (typeof step.privileged !== 'boolean') errors.push(`${at}.privileged: expected true or false`);
      if (!Array.isArray(step.commands) || !step.commands.every(isArgv)) errors.push(`${at}.commands: expected a list of argv arrays (lists of strings), never joined command lines`);
      if (step.doneIf !== undefined && !isArgv(step.doneIf)) errors.push(`${at}.doneIf: expected an argv array`);
    });
  }
  return errors.length === 0 ? { ok: true, value: doc as unknown as UpgradePlan } : { ok: false, errors };
}
