import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';

/** --report FILE, the same for plan, apply and simulate. */
export const REPORT_OPTION = { report: { type: 'string' } } as const;

/**
 * Refuses a --report path that cannot be written before anything runs: a directory, or a file in a
 * directory that does not exist. An upgrade must not finish only to lose its report.
 */
export async function checkReportPath(path: string | undefined): Promise<void> {
  if (path === undefined) return;
  if (path === '') throw new ConfigError('invalid --report "": give the HTML file to write, e.g. --report upgrade.html');
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new ConfigError(`invalid --report "${path}": it is a directory; give a file name in it, e.g. --report ${path.replace(/\/+$/, '')}/upgrade.html`);
  const parent = await stat(dirname(resolve(path))).catch(() => undefined);
  if (!parent?.isDirectory()) throw new ConfigError(`invalid --report "${path}": directory ${dirname(resolve(path))} does not exist; create it or write the report elsewhere`);
}

export async function writeReport(path: string, html: string): Promise<void> {
  try {
    await writeFile(path, html);
  } catch (error) {
    throw new ConfigError(`failed to write the report ${path}: ${(error as Error).message}`);
  }
}
