import type { PlanStep } from '../core/planning/index.js';

/** A run of consecutive steps carried out together: one step, or every step of one batch. */
export interface StepUnit {
  readonly batch?: string;
  /** Index of the first step in the plan. */
  readonly start: number;
  readonly steps: readonly PlanStep[];
}

/** Splits a plan's steps into units: consecutive steps sharing a batch id form one. */
export function groupSteps(steps: readonly PlanStep[]): StepUnit[] {
  const units: StepUnit[] = [];
  let current: { batch?: string; start: number; steps: PlanStep[] } | undefined;
  steps.forEach((step, index) => {
    if (current && step.batch !== undefined && current.batch === step.batch) {
      current.steps.push(step);
      return;
    }
    current = { ...(step.batch !== undefined ? { batch: step.batch } : {}), start: index, steps: [step] };
    units.push(current);
  });
  return units;
}

/** The steps of a unit per node, in plan order, nodes in order of first appearance. */
export function stepsByNode(steps: readonly PlanStep[]): Map<string, PlanStep[]> {
  const byNode = new Map<string, PlanStep[]>();
  for (const step of steps) {
    const list = byNode.get(step.node) ?? [];
    list.push(step);
    byNode.set(step.node, list);
  }
  return byNode;
}
