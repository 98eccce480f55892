import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../core/errors.js';
import { validateBreakingChanges, type BreakingChanges } from '../../core/preflight/index.js';
import { bundledData } from './bundled-data.js';

// Reads the breaking-change catalog: the built-in data/breaking-changes.json, or a file in the
// same format that an operator keeps more current.

/** Resolves from src/adapters/file/ and from the compiled dist/adapters/file/ alike. */
const BUILT_IN = new URL('../../../data/breaking-changes.json', import.meta.url);

export async function readBreakingChanges(path?: string): Promise<BreakingChanges> {
  const bundled = path === undefined ? bundledData('breaking-changes') : undefined;
  if (bundled) return bundled;
  const shown = path ?? 'data/breaking-changes.json (built in)';
  let text: string;
  try {
    text = await readFile(path ?? BUILT_IN, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file; check the path' : (error as Error).message;
    throw new ConfigError(`failed to read breaking-change catalog ${shown}: ${reason}`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid breaking-change catalog ${shown}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = validateBreakingChanges(doc);
  if (!result.ok) throw new ConfigError(`invalid breaking-change catalog ${shown}: ${result.errors.join('; ')}`);
  return result.value;
}
