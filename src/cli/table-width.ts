import type { CliIo } from './cli-io.js';

/**
 * The width tables should fit: on a terminal, COLUMNS when it is a positive whole number (the
 * operator's say), else the terminal's own columns. Piped or redirected output gets none, so it
 * stays exactly as before for scripts and diffs.
 */
export function tableWidth(io: Pick<CliIo, 'terminal' | 'env'>): { width?: number } {
  if (!io.terminal) return {};
  const columns = io.env.COLUMNS?.trim() ?? '';
  if (/^[1-9]\d{0,4}$/.test(columns)) return { width: Number(columns) };
  return { width: io.terminal.columns };
}
