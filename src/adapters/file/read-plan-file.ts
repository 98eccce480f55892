import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import { validatePlanDocument, type UpgradePlan } from '../../core/planning/index.js';

/** Reads a plan written by `kubehop plan -o json` (or -o yaml) and checks its shape. */
export async function readPlanFile(path: string): Promise<UpgradePlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`failed to read plan file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = path.endsWith('.json') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new ConfigError(`failed to parse plan file ${path}: ${(error as Error).message}`);
  }
  const result = validatePlanDocument(doc);
  if (!result.ok) throw new ConfigError(`invalid plan file ${path}:\n  ${result.errors.slice(0, 20).join('\n  ')}${result.errors.length > 20 ? `\n  … and ${result.errors.length - 20} more` : ''}`);
  return result.value;
}
