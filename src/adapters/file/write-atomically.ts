import { randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `text` to a temporary file beside `path` and renames it over `path`: a crash mid-write
 * leaves the previous content whole, never half of the new one.
 */
export async function writeAtomically(path: string, text: string, options: { mode?: number } = {}): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, text, options.mode === undefined ? {} : { mode: options.mode });
  await rename(temp, path);
}
