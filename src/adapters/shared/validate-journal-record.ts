import { validateStepTimes } from '../../core/timing/index.js';
import type { JournalRecord } from '../../ports/index.js';

// The journal record's shape, checked the same way wherever a journal is stored (a file, a ConfigMap).

type Validation = { ok: true; value: JournalRecord } | { ok: false; errors: string[] };

const STATUSES = ['running', 'failed', 'interrupted', 'completed'];

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Checks a parsed journal file field by field. */
export function validateJournalRecord(value: unknown): Validation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: ['it is not a JSON object'] };
  const v = value as Record<string, unknown>;
  const errors: string[] = [];
  if (v.format !== 'kubehop.journal/v1') errors.push(`format must be "kubehop.journal/v1", found ${JSON.stringify(v.format)}`);
  if (typeof v.planId !== 'string') errors.push('planId must be a string');
  if (v.planDigest !== undefined && typeof v.planDigest !== 'string') errors.push('planDigest must be a string');
  for (const field of ['startedAt', 'updatedAt']) {
    if (typeof v[field] !== 'number') errors.push(`${field} must be a number (ms since the epoch)`);
  }
  for (const field of ['completedSteps', 'cordonedByRun', 'skippedNodes']) {
    if (!isStringList(v[field])) errors.push(`${field} must be a list of strings`);
  }
  if (!Array.isArray(v.overrides) || !v.overrides.every((o) => typeof o === 'object' && o !== null && typeof (o as { code?: unknown }).code === 'string')) {
    errors.push('overrides must be a list of {code, at}');
  }
  if (typeof v.status !== 'string' || !STATUSES.includes(v.status)) errors.push(`status must be one of ${STATUSES.join(', ')}`);
  if (v.lastError !== undefined && typeof v.lastError !== 'string') errors.push('lastError must be a string');
  if (v.stepTimes !== undefined) {
    const times = validateStepTimes(v.stepTimes);
    if (!times.ok) errors.push(...times.errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as JournalRecord };
}
