import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../core/errors.js';
import { validateRemovedApis, type RemovedApiTable } from '../../core/preflight/index.js';
import { bundledData } from './bundled-data.js';

// Reads the table of removed API versions: the built-in data/removed-apis.json, or a file in the
// same format that an operator keeps more current.

/** Resolves from src/adapters/file/ and from the compiled dist/adapters/file/ alike. */
const BUILT_IN = new URL('../../../data/removed-apis.json', import.meta.url);

export async function readRemovedApis(path?: string): Promise<RemovedApiTable> {
  const bundled = path === undefined ? bundledData('removed-apis') : undefined;
  if (bundled) return bundled;
  const shown = path ?? 'data/removed-apis.json (built in)';
  let text: string;
  try {
    text = await readFile(path ?? BUILT_IN, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file; check the path' : (error as Error).message;
    throw new ConfigError(`failed to read removed-API table ${shown}: ${reason}`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid removed-API table ${shown}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = validateRemovedApis(doc);
  if (!result.ok) throw new ConfigError(`invalid removed-API table ${shown}: ${result.errors.join('; ')}`);
  return result.value;
}
