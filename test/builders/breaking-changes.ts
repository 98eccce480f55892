import { readFileSync } from 'node:fs';
import { validateBreakingChanges, type BreakingChanges } from '../../src/core/preflight/index.js';

// The built-in breaking-change catalog (data/breaking-changes.json), read once for core tests.

let cached: BreakingChanges | undefined;

export function builtInBreakingChanges(): BreakingChanges {
  if (cached) return cached;
  const result = validateBreakingChanges(JSON.parse(readFileSync(new URL('../../data/breaking-changes.json', import.meta.url), 'utf8')));
  if (!result.ok) throw new Error(`data/breaking-changes.json is invalid: ${result.errors.join('; ')}`);
  cached = result.value;
  return cached;
}
