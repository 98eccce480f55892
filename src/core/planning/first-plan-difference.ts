import type { UpgradePlan } from './upgrade-plan.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function firstDifference(given: unknown, derived: unknown, path: string): string | undefined {
  if (Object.is(given, derived)) return undefined;
  if (Array.isArray(given) && Array.isArray(derived)) {
    for (let i = 0; i < Math.max(given.length, derived.length); i++) {
      const found = firstDifference(given[i], derived[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isObject(given) && isObject(derived)) {
    const keys = [...new Set([...Object.keys(derived), ...Object.keys(given)])];
    for (const key of keys) {
      const found = firstDifference(given[key], derived[key], path === '' ? key : `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return `${path}: the file has ${show(given)}, kubehop plans ${show(derived)}`;
}

/**
 * Where a plan read from a file first differs from the plan kubehop derives from the same inputs,
 * naming the step by id; undefined when they are the same. Steps are compared whole — commands,
 * doneIf probes, privileges — as are the drain consent, hops and everything else.
 */
export function firstPlanDifference(given: UpgradePlan, derived: UpgradePlan): string | undefined {
  const found = firstDifference(given, derived, '');
  if (!found) return undefined;
  const step = /^steps\[(\d+)\]/.exec(found);
  const id = step ? derived.steps[Number(step[1])]?.id ?? given.steps[Number(step[1])]?.id : undefined;
  return id ? found.replace(/^steps\[(\d+)\]/, `steps[$1] (${id})`) : found;
}
